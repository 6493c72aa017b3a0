import { randomUUID } from "node:crypto";
import { AppError, authenticateApiKey, hasRole, type OrgContext } from "@switchyard/core";
import { getDatabase, type Role } from "@switchyard/database";
import { z } from "zod";
import { contextFromHeaders } from "./session";

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the API document says of a route, declared beside its handler. */
export interface RouteDoc {
  summary: string;
  tag: string;
  /** The success body's schema; checked against every answer outside production. */
  response?: z.ZodType;
  /** Success status, 200 unless said. */
  status?: number;
  /** A success body that is not JSON, e.g. `text/event-stream`. */
  contentType?: string;
}

/**
 * How a route authenticates: "required" (default) is an API key or a signed-in session; "none" is
 * public or authenticates in the handler (a token in the path); "signature" is a signed webhook.
 */
export type RouteAuth = "required" | "none" | "signature";

interface RouteSpec<P, Q, B> {
  /** Minimum role for the whole route. */
  role?: Role;
  params?: P;
  query?: Q;
  body?: B;
  doc: RouteDoc;
}

/** A route's declaration, as the API document and the route tests read it. */
export interface DeclaredSpec {
  auth: RouteAuth;
  role?: Role;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  doc: RouteDoc;
}

interface HandlerInput<P, Q, B, C> {
  request: Request;
  ctx: C;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;
/** A handler that carries its declaration (every handler made by `route` or `declareRoute`). */
export type DeclaredRoute = RouteHandler & { spec: DeclaredSpec };

/** The methods a route module answers; Next derives HEAD from GET. */
export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

/** The value each `json` response was made from, so a declared response schema checks it too. */
const jsonBodies = new WeakMap<Response, unknown>();

/** A JSON response with a status other than 200. */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const response = Response.json(data, { status, headers });
  jsonBodies.set(response, data);
  return response;
}

/** Where people reach this installation: BETTER_AUTH_URL when set (behind a proxy), else the request's origin. */
export function publicBaseUrl(request: Request): string {
  return process.env.BETTER_AUTH_URL ?? new URL(request.url).origin;
}

/**
 * Declares a route handler: authenticate, validate params/query/body with zod, call core, return
 * JSON. Every error becomes `{ error: { code, message, details } }` with the right status.
 */
export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  A extends RouteAuth = "required",
>(
  spec: RouteSpec<P, Q, B> & { auth?: A },
  handler: (input: HandlerInput<P, Q, B, A extends "required" ? OrgContext : null>) => Promise<unknown>,
): DeclaredRoute {
  const run = handler as (input: HandlerInput<unknown, unknown, unknown, OrgContext | null>) => Promise<unknown>;
  const checkResponse = process.env.NODE_ENV !== "production" ? spec.doc.response : undefined;
  const handle = async (request: Request, context: RouteContext) => {
    const requestId = randomUUID();
    try {
      const ctx = (spec.auth ?? "required") === "required" ? await authenticate(request) : null;
      if (ctx && spec.role && !hasRole(ctx.actor, spec.role)) {
        throw new AppError("forbidden", `This endpoint needs the ${spec.role.toLowerCase()} role or higher`);
      }
      const params = spec.params ? spec.params.parse(await context.params) : undefined;
      const query = spec.query ? spec.query.parse(Object.fromEntries(new URL(request.url).searchParams)) : undefined;
      const body = spec.body ? spec.body.parse(await readJsonBody(request)) : undefined;
      const result = await run({ request, ctx, params, query, body } as HandlerInput<unknown, unknown, unknown, OrgContext | null>);
      if (checkResponse && (!(result instanceof Response) || jsonBodies.has(result))) {
        assertDeclaredResponse(checkResponse, result instanceof Response ? jsonBodies.get(result) : result, spec.doc.summary);
      }
      const response = result instanceof Response ? result : json(result);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
  return declareRoute(handle, { ...spec, auth: spec.auth ?? "required" });
}

/** Attaches a declaration to a handler `route` did not make (better-auth's, Inngest's). */
export function declareRoute(handler: RouteHandler, spec: DeclaredSpec): DeclaredRoute {
  return Object.assign(handler, { spec });
}

/** Outside production, an answer that does not match its declared schema is a bug: fail loudly. */
function assertDeclaredResponse(schema: z.ZodType, result: unknown, summary: string): void {
  // Checked before serialisation: schemas describe server values (a z.date() is sent as an ISO string).
  const parsed = schema.safeParse(result);
  if (!parsed.success) throw new Error(`Response of "${summary}" does not match its declared schema: ${z.prettifyError(parsed.error)}`);
}

/**
 * A route module's exports: its handlers, and for every other method the JSON 405 with an `Allow`
 * header (Next's own 405 is an empty body); OPTIONS answers 204 with the same header. Every
 * route.ts exports `const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ ... })`, and
 * `route-modules.test.ts` holds every module to it.
 */
export function routeMethods(handlers: Partial<Record<RouteMethod, DeclaredRoute>>): Record<RouteMethod | "OPTIONS", RouteHandler> {
  const allowed = [...ROUTE_METHODS.filter((method) => handlers[method]), ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].sort();
  const allow = allowed.join(", ");
  const methodNotAllowed: RouteHandler = async (request) => {
    const response = errorResponse(
      new AppError("method_not_allowed", `${request.method} is not allowed on ${new URL(request.url).pathname}`, { allow: allowed }),
    );
    response.headers.set("allow", allow);
    return response;
  };
  const options: RouteHandler = async () => new Response(null, { status: 204, headers: { allow } });
  const answered = Object.fromEntries(ROUTE_METHODS.map((method) => [method, handlers[method] ?? methodNotAllowed])) as Record<RouteMethod, RouteHandler>;
  return { ...answered, OPTIONS: options };
}

async function authenticate(request: Request): Promise<OrgContext> {
  const authorization = request.headers.get("authorization");
  const { prisma } = await getDatabase();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const ctx = match ? await authenticateApiKey(prisma, match[1]) : null;
    if (!ctx) throw new AppError("unauthorized", "Invalid API key");
    return ctx;
  }
  const ctx = await contextFromHeaders(request.headers);
  if (!ctx) throw new AppError("unauthorized", "Sign in or send Authorization: Bearer <api key>");
  return ctx;
}

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "Request body must be valid JSON");
  }
}

export function errorResponse(error: unknown, requestId: string = randomUUID()): Response {
  const { status, body } = toErrorBody(error, requestId);
  return json(body, status, { "x-request-id": requestId });
}

function toErrorBody(error: unknown, requestId: string) {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, details: error.details ?? null } } };
  }
  if (error instanceof z.ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return { status: 400, body: { error: { code: "validation_failed", message: "Invalid request", details } } };
  }
  const prismaCode = (error as { code?: string } | null)?.code;
  if (prismaCode === "P2025") return { status: 404, body: { error: { code: "not_found", message: "Not found", details: null } } };
  if (prismaCode === "P2002") return { status: 409, body: { error: { code: "conflict", message: "Already exists", details: null } } };
  // Unexpected: log the details server-side only, never return them.
  console.error(`[api] ${requestId} unhandled error`, error);
  return { status: 500, body: { error: { code: "internal", message: "Internal error", details: { requestId } } } };
}
