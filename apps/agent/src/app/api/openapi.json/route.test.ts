import { describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document generated from the handlers' schemas", async () => {
    const response = await call(GET);
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    for (const path of [
      "/api/reviews",
      "/api/reviews/metrics",
      "/api/reviews/{id}/diff",
      "/api/activity",
      "/api/activity/stream",
      "/api/godmode/trace-chain",
      "/api/godmode/campaign-chain",
      "/api/admin/ai/runtime/status",
      "/api/admin/ai/runtime/events",
      "/api/admin/ai/runtime/tasks",
      "/api/webhooks/{path}",
      "/api/triggers/event",
      "/api/agents",
      "/api/agents/{slug}/execution-triggers",
      "/api/workflows/{slug}/execution-triggers/{triggerId}/execute",
      "/api/networks/{slug}/execution-triggers/{triggerId}",
      "/api/live/runs",
      "/api/live/metrics",
      "/api/runs/{kind}/{id}/retry",
      "/api/live/automations",
      "/api/live/automations/density",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters: { name: string; in: string }[]; operationId: string }>>,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    const operationIds = operations.map(({ operation }) => operation.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    for (const { path, method, operation } of operations) {
      expect(["get", "post", "patch", "delete", "put"]).toContain(method);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      // Every {param} of the path is declared as a path parameter.
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) expect(operation.parameters).toContainEqual(expect.objectContaining({ name, in: "path" }));
    }

    // Query parameters come from the route's zod schema.
    const reviews = doc.paths["/api/reviews"].get;
    const source = reviews.parameters.find((parameter: { name: string }) => parameter.name === "source");
    expect(source.schema.enum).toEqual(["workflow", "integration", "financial", "campaign", "mission", "agent", "all"]);
    expect(reviews.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(["source", "status", "cursor", "limit"]);
    const decision = doc.paths["/api/reviews"].post.requestBody.content["application/json"].schema;
    expect(decision.properties.decision.enum).toEqual(["approve", "reject"]);
    expect(decision.required).toEqual(expect.arrayContaining(["id", "decision"]));
    expect(doc.paths["/api/triggers/event"].post.requestBody.content["application/json"].schema.type).toBe("object");
    expect(doc.paths["/api/admin/ai/runtime/events"].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["layer", "reasonCode", "entityId", "from", "to", "cursor"]),
    );
    const from = doc.paths["/api/activity"].get.parameters.find((parameter: { name: string }) => parameter.name === "from");
    expect(from.schema).toEqual({ type: "string", format: "date-time" });
    expect(doc.paths["/api/godmode/campaign-chain"].get.responses["200"].content["application/json"].schema.properties.chain).toBeDefined();
    expect(doc.paths["/api/activity/stream"].get.responses["200"].content["text/event-stream"]).toBeDefined();
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message", "details"]);
  });
});
