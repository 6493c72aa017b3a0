import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROUTE_METHODS, type DeclaredRoute, type RouteHandler } from "@/lib/api";
import { buildOpenApiDocument } from "@/lib/openapi";
import { API_ROUTES } from "@/lib/route-registry";
import { call } from "@/test/http";

const API_DIR = fileURLToPath(new URL(".", import.meta.url));
const CATCH_ALL = "[[...path]]/route.ts";
const EXPORTS = [...ROUTE_METHODS, "OPTIONS"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [relative(API_DIR, path)] : [];
  });
}

const files = routeFiles(API_DIR);
/** `agents/[slug]/route.ts` serves `/api/agents/{slug}` (and `[...all]` any path below it). */
const pathOf = (file: string) => `/api/${file.replace(/\/?route\.ts$/, "")}`.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
const load = (file: string) => import(/* @vite-ignore */ join(API_DIR, file)) as Promise<Record<string, RouteHandler>>;

// Next answers a method a module does not export with an empty 405, and a path no module matches
// with the HTML 404 page; every /api answer must be the JSON error instead.
describe("API route modules", () => {
  it("finds the route files, the catch-all among them", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files).toContain(CATCH_ALL);
  });

  it.each(files.filter((file) => file !== CATCH_ALL))("%s answers every other method with a JSON 405 naming its methods", async (file) => {
    const module = await load(file);
    for (const method of EXPORTS) expect(module[method], `${file} exports ${method} (through routeMethods)`).toBeTypeOf("function");

    const options = await module.OPTIONS(new Request("http://localhost/api/x", { method: "OPTIONS" }), { params: Promise.resolve({}) });
    expect(options.status).toBe(204);
    const allow = options.headers.get("allow")!.split(", ");
    const unsupported = ROUTE_METHODS.filter((method) => !allow.includes(method));
    for (const method of unsupported) {
      const response = await call(module[method], { method, path: "/api/x" });
      expect(response.status, `${method} ${file}`).toBe(405);
      expect(response.headers.get("allow")).toBe(allow.join(", "));
      expect(response.body).toEqual({ error: { code: "method_not_allowed", message: `${method} is not allowed on /api/x`, details: { allow } } });
    }
  });

  it("registers every route module under the path its file serves, so the API document misses none", async () => {
    const served = files.filter((file) => file !== CATCH_ALL);
    expect(Object.keys(API_ROUTES).sort()).toEqual(served.map(pathOf).sort());
    for (const file of served) expect(API_ROUTES[pathOf(file)], file).toBe(await load(file));
  });

  it.each(files.filter((file) => file !== CATCH_ALL))("%s: every method it takes is in /api/openapi.json with its declared role", async (file) => {
    const module = (await load(file)) as unknown as Record<string, DeclaredRoute>;
    const document = buildOpenApiDocument();
    const options = await module.OPTIONS(new Request("http://localhost/api/x", { method: "OPTIONS" }), { params: Promise.resolve({}) });
    const taken = ROUTE_METHODS.filter((method) => options.headers.get("allow")!.split(", ").includes(method));
    expect(taken.length).toBeGreaterThan(0);
    for (const method of taken) {
      const { spec } = module[method];
      const operation = document.paths[pathOf(file)]?.[method.toLowerCase()] as Record<string, unknown> | undefined;
      expect(operation, `${method} ${pathOf(file)}`).toMatchObject({ summary: spec.doc.summary });
      expect(operation?.["x-required-role"]).toBe(spec.role);
      expect(operation?.security).toEqual(spec.auth === "required" ? [{ bearerAuth: [] }] : []);
    }
  });

  // Every JSON answer declares its schema; only a bodiless 204, a stream and the third-party protocols
  // (better-auth's and Inngest's, signed by their own rules) document theirs elsewhere.
  const THIRD_PARTY = ["auth/[...all]/route.ts", "inngest/route.ts"];
  const answersJson = (file: string, spec: DeclaredRoute["spec"]) =>
    !THIRD_PARTY.includes(file) && spec.doc.status !== 204 && !spec.doc.contentType && spec.auth !== "signature";

  it.each(files.filter((file) => file !== CATCH_ALL))("%s: every JSON answer declares its response schema, shown in /api/openapi.json", async (file) => {
    const module = (await load(file)) as unknown as Record<string, DeclaredRoute>;
    const document = buildOpenApiDocument();
    const options = await module.OPTIONS(new Request("http://localhost/api/x", { method: "OPTIONS" }), { params: Promise.resolve({}) });
    const taken = ROUTE_METHODS.filter((method) => options.headers.get("allow")!.split(", ").includes(method));
    for (const method of taken) {
      const { spec } = module[method];
      if (!answersJson(file, spec)) continue;
      expect(spec.doc.response, `${method} ${file} declares doc.response`).toBeDefined();
      const operation = document.paths[pathOf(file)][method.toLowerCase()] as {
        responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
      };
      const schema = operation.responses[String(spec.doc.status ?? 200)].content?.["application/json"]?.schema;
      expect(schema, `${method} ${pathOf(file)} success schema`).toBeDefined();
      expect(schema, `${method} ${pathOf(file)} success schema is more than { type: "object" }`).not.toEqual({ type: "object" });
      expect(
        Object.keys(schema!).some((key) => ["properties", "anyOf", "oneOf", "allOf", "$ref"].includes(key)),
        `${method} ${pathOf(file)}`,
      ).toBe(true);
    }
  });

  it("answers POST on a GET-only route with 405, Allow: GET, HEAD, OPTIONS", async () => {
    const { POST } = await load("audit/route.ts");
    const response = await call(POST, { method: "POST", path: "/api/audit", body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.body.error).toMatchObject({ code: "method_not_allowed", details: { allow: ["GET", "HEAD", "OPTIONS"] } });
  });

  it("answers an unknown /api path with the JSON 404, whatever the method", async () => {
    const module = await load(CATCH_ALL);
    for (const method of EXPORTS) {
      const response = await call(module[method], { method, path: "/api/reviews/r1/nope", params: { path: "reviews/r1/nope" } });
      expect(response.status, method).toBe(404);
      expect(response.body).toEqual({ error: { code: "not_found", message: "No API route at /api/reviews/r1/nope", details: null } });
    }
  });
});
