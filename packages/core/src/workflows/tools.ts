import { fetch, Headers, type Response } from "undici";
import { z } from "zod";
import type { BUILT_IN_TOOLS } from "./definition.ts";
import { createOutboundAgent, findRefusal, type OutboundPolicy } from "./outbound-policy.ts";

export type BuiltInTool = (typeof BUILT_IN_TOOLS)[number];

const HttpInput = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]).default("GET"),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  timeoutMs: z.number().int().min(1).max(60_000).default(10_000),
});

const WaitInput = z.strictObject({ ms: z.number().int().min(0).max(60_000) });

const EchoInput = z.record(z.string(), z.unknown());

/** A tool input's JSON Schema as a model is sent it: what the caller writes (defaults optional), without `$schema`. */
function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return json;
}

/** What a model is told of each built-in tool: what it does and its input's JSON Schema (the same zod schemas the tools parse with). */
export const BUILT_IN_TOOL_SPECS: Record<BuiltInTool, { description: string; inputSchema: Record<string, unknown> }> = {
  http: {
    description:
      "Makes an HTTP request and returns { status, contentType, body } (a JSON body parsed). Only public addresses unless the operator allows private ones.",
    inputSchema: inputJsonSchema(HttpInput),
  },
  echo: { description: "Returns its input unchanged: a way to hand structured data back to yourself.", inputSchema: inputJsonSchema(EchoInput) },
  wait: { description: "Waits the given milliseconds (at most 60000), then returns { waitedMs }.", inputSchema: inputJsonSchema(WaitInput) },
};

/** Response bodies beyond this are cut: a step output is stored in the run, not a file store. */
const MAX_BODY_CHARS = 100_000;

export interface ToolContext {
  sleep: (ms: number) => Promise<void>;
  /** Which targets the http tool may reach. */
  outboundPolicy: OutboundPolicy;
}

/** Runs a built-in tool with its resolved input; throws with a clear message when the call fails. */
export async function runBuiltInTool(tool: BuiltInTool, input: unknown, context: ToolContext): Promise<unknown> {
  switch (tool) {
    case "echo":
      return input ?? {};
    case "wait": {
      const { ms } = parseInput(WaitInput, input, tool);
      await context.sleep(ms);
      return { waitedMs: ms };
    }
    case "http":
      return callHttp(parseInput(HttpInput, input, tool), context.outboundPolicy);
  }
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown, tool: string): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
  throw new Error(`Invalid input for the ${tool} tool: ${details}`);
}

async function callHttp(request: z.output<typeof HttpInput>, policy: OutboundPolicy): Promise<unknown> {
  const isJsonBody = request.body !== undefined && typeof request.body !== "string";
  const headers = new Headers(request.headers);
  if (isJsonBody && !headers.has("content-type")) headers.set("content-type", "application/json");
  // One dispatcher per call: every connection it opens, redirects included, is checked against the policy.
  const dispatcher = createOutboundAgent(policy);
  try {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : isJsonBody ? JSON.stringify(request.body) : (request.body as string),
        signal: AbortSignal.timeout(request.timeoutMs),
        dispatcher,
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") throw new Error(`${request.method} ${request.url} timed out after ${request.timeoutMs}ms`);
      const refused = findRefusal(error);
      if (refused) throw new Error(`${request.method} ${request.url} refused: ${refused.message}`);
      throw new Error(`${request.method} ${request.url} failed: ${describeFailure(error as Error)}`);
    }
    const text = (await response.text()).slice(0, MAX_BODY_CHARS);
    const contentType = response.headers.get("content-type");
    if (!response.ok) throw new Error(`${request.method} ${request.url} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
    return { status: response.status, contentType, body: contentType?.includes("json") ? parseJson(text) : text };
  } finally {
    void dispatcher.destroy();
  }
}

/** fetch says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND, ...) is what an operator needs. */
function describeFailure(error: Error): string {
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
