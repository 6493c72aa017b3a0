import { z } from "zod";
import { ROUTE_METHODS, type DeclaredRoute, type DeclaredSpec } from "./api";
import { API_ROUTES, type RouteModule } from "./route-registry";

type Method = Lowercase<(typeof ROUTE_METHODS)[number]>;

/** One operation of the document: a route module's handler for one method, with its declaration. */
interface Operation {
  method: Method;
  /** OpenAPI path template: `{name}` for a path parameter. */
  path: string;
  spec: DeclaredSpec;
}

const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().nullable() }),
});

/** Every declared handler of every route module; a method a module does not take has no declaration. */
export function collectOperations(routes: Record<string, RouteModule> = API_ROUTES): Operation[] {
  return Object.entries(routes).flatMap(([path, module]) =>
    ROUTE_METHODS.flatMap((method) => {
      const spec = (module[method] as Partial<DeclaredRoute> | undefined)?.spec;
      return spec ? [{ method: method.toLowerCase() as Method, path, spec }] : [];
    }),
  );
}

type JsonSchema = Record<string, unknown>;

/** Input schemas are described as the client sends them (before coercion and defaults apply). */
function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    // Dates travel as ISO 8601 strings in both directions.
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: "query", required: required.has(name), schema: property }));
}

const pathParameters = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));

function operation({ method, path, spec }: Operation) {
  const { doc } = spec;
  const status = String(doc.status ?? 200);
  const success =
    status === "204"
      ? { description: "No content" }
      : {
          description: "Success",
          content: doc.contentType
            ? { [doc.contentType]: { schema: { type: "string" } } }
            : { "application/json": { schema: doc.response ? toSchema(doc.response, "output") : { type: "object" } } },
        };
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
  return {
    summary: doc.summary,
    tags: [doc.tag],
    operationId: `${method}${path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    ...(spec.role ? { description: `Needs the ${spec.role.toLowerCase()} role or higher.`, "x-required-role": spec.role } : {}),
    security: spec.auth === "required" ? [{ bearerAuth: [] }] : [],
    parameters: [...pathParameters(path), ...(spec.query ? queryParameters(spec.query) : [])],
    ...(spec.body ? { requestBody: { required: false, content: { "application/json": { schema: toSchema(spec.body, "input") } } } } : {}),
    responses: {
      [status]: success,
      "400": error("Invalid input"),
      ...(spec.auth === "signature"
        ? { "401": error("Bad signature") }
        : spec.auth === "required"
          ? { "401": error("Not authenticated"), "403": error("Role too low") }
          : {}),
      "404": error("Not found in the caller's organization"),
      "405": error("Method not allowed (the Allow header lists the methods)"),
    },
  };
}

/** The OpenAPI 3.1 document, collected from every route module's declarations. */
export function buildOpenApiDocument(operations: Operation[] = collectOperations()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const entry of operations) {
    paths[entry.path] ??= {};
    paths[entry.path][entry.method] = operation(entry);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1.0.0",
      description: "Control plane for AI automation. Every request is scoped to the organization of its credential.",
    },
    servers: [{ url: "/" }],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key, or a signed-in session cookie" } },
      schemas: { Error: toSchema(ErrorResponse, "output") },
    },
  };
}
