import { decryptSecret } from "@switchyard/core/secrets";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainJobs } from "@/test/engine";
import { call } from "@/test/http";
import { DELETE, GET as getOne, PATCH } from "./[triggerId]/route";
import { POST as execute } from "./[triggerId]/execute/route";
import { POST as testFire } from "./[triggerId]/test/route";
import { GET as list, POST as create } from "./route";

describe("/api/agents/[slug]/execution-triggers", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  const slug = "test-agent";

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  it("creates a webhook trigger and shows its secret once, storing only ciphertext", async () => {
    const created = await call(create, { method: "POST", params: { slug }, key: org.keys.OPERATOR, body: { type: "webhook", name: "GitHub" } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.trigger).toMatchObject({ name: "GitHub", type: "webhook", entityType: "agent", entity: { slug }, isActive: true });
    expect(created.body.trigger.webhookPath).toMatch(/^test-agent-[0-9a-f]{16}$/);

    const row = await db.prisma.agentTrigger.findUniqueOrThrow({ where: { id: created.body.trigger.id } });
    expect(row.secretEncrypted).not.toContain(created.body.secret);
    expect(decryptSecret(row.secretEncrypted!)).toBe(created.body.secret);

    const fetched = await call(getOne, { params: { slug, triggerId: created.body.trigger.id }, key: org.keys.VIEWER });
    expect(fetched.status).toBe(200);
    expect(JSON.stringify(fetched.body)).not.toContain("whsec_");
    expect(JSON.stringify(fetched.body)).not.toContain("secretEncrypted");
  });

  it("validates the body: event triggers need an eventName, unknown types are refused", async () => {
    const missing = await call(create, { method: "POST", params: { slug }, key: org.keys.OPERATOR, body: { type: "event", name: "No event" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toContainEqual(expect.objectContaining({ path: "eventName" }));
    const unknown = await call(create, { method: "POST", params: { slug }, key: org.keys.OPERATOR, body: { type: "cron", name: "x" } });
    expect(unknown.status).toBe(400);
    const notJson = await call(create, { method: "POST", params: { slug }, key: org.keys.OPERATOR, rawBody: "{oops" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe("invalid_json");
  });

  it("lists, updates and deletes triggers", async () => {
    const created = await call(create, {
      method: "POST",
      params: { slug },
      key: org.keys.OPERATOR,
      body: { type: "event", name: "PR opened", eventName: "github.pull_request.opened", filter: { action: "opened" } },
    });
    const id = created.body.trigger.id;
    const listed = await call(list, { params: { slug }, key: org.keys.VIEWER });
    expect(listed.body.triggers.map((t: { id: string }) => t.id)).toContain(id);

    const renamed = await call(PATCH, { method: "PATCH", params: { slug, triggerId: id }, key: org.keys.OPERATOR, body: { name: "Pull request opened" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.trigger.name).toBe("Pull request opened");
    const unfiltered = await call(PATCH, { method: "PATCH", params: { slug, triggerId: id }, key: org.keys.OPERATOR, body: { filter: null } });
    expect(unfiltered.body.trigger.filter).toBeNull();
    expect((await call(PATCH, { method: "PATCH", params: { slug, triggerId: id }, key: org.keys.OPERATOR, body: {} })).status).toBe(400);

    expect((await call(DELETE, { method: "DELETE", params: { slug, triggerId: id }, key: org.keys.OPERATOR })).status).toBe(204);
    expect((await call(getOne, { params: { slug, triggerId: id }, key: org.keys.OPERATOR })).status).toBe(404);
  });

  it("test-fires and executes through the engine, recording runs with their source", async () => {
    const created = await call(create, {
      method: "POST",
      params: { slug },
      key: org.keys.OPERATOR,
      body: { type: "manual", name: "Manual", inputMapping: { topic: "subject" } },
    });
    const triggerId = created.body.trigger.id;
    const tested = await call(testFire, { method: "POST", params: { slug, triggerId }, key: org.keys.OPERATOR, body: { payload: { subject: "test" } } });
    const executed = await call(execute, { method: "POST", params: { slug, triggerId }, key: org.keys.OPERATOR, body: { payload: { subject: "real" } } });
    expect(tested.status).toBe(202);
    expect(executed.status).toBe(202);
    await drainJobs(db);

    const runs = await db.prisma.agentRun.findMany({ where: { triggerId }, orderBy: { source: "asc" } });
    expect(runs.map((r) => r.source)).toEqual(["manual", "test"]);
    expect(runs.find((r) => r.source === "manual")?.input).toEqual({ topic: "real" });
    expect(runs.every((r) => r.status === "COMPLETED")).toBe(true);
    const trigger = await db.prisma.agentTrigger.findUniqueOrThrow({ where: { id: triggerId } });
    expect(trigger.triggerCount).toBe(2);
  });

  it("needs the operator role to change triggers; viewers can read", async () => {
    const refused = await call(create, { method: "POST", params: { slug }, key: org.keys.VIEWER, body: { type: "manual", name: "x" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await call(list, { params: { slug }, key: org.keys.VIEWER })).status).toBe(200);
  });

  it("answers 401 without credentials and 404 for an unknown agent", async () => {
    expect((await call(list, { params: { slug } })).status).toBe(401);
    expect((await call(list, { params: { slug }, key: "sy_not_a_real_key" })).status).toBe(401);
    expect((await call(list, { params: { slug: "ghost" }, key: org.keys.VIEWER })).status).toBe(404);
  });
});
