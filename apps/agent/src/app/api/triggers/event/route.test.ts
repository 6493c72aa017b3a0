import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createTrigger } from "@/app/api/agents/[slug]/execution-triggers/route";
import { drainJobs } from "@/test/engine";
import { call } from "@/test/http";
import { POST as emit } from "./route";

describe("POST /api/triggers/event", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let matching: string;
  let filtered: string;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    const make = async (body: object) =>
      (await call(createTrigger, { method: "POST", params: { slug: "test-agent" }, key: org.keys.ADMIN, body })).body.trigger.id as string;
    matching = await make({ type: "event", name: "Opened", eventName: "pr.opened", inputMapping: { repo: "repository.name" } });
    filtered = await make({ type: "event", name: "Main only", eventName: "pr.opened", filter: { "repository.branch": "main" } });
    await make({ type: "event", name: "Other event", eventName: "pr.closed" });
  });
  afterAll(async () => db?.close());

  it("fans out to every matching trigger, applies filters and input mapping, and links runs", async () => {
    const response = await call(emit, {
      method: "POST",
      key: org.keys.OPERATOR,
      body: { eventName: "pr.opened", payload: { repository: { name: "switchyard", branch: "feature" } } },
    });
    expect(response.status).toBe(202);
    expect(response.body.matched).toBe(2);
    const byTrigger = Object.fromEntries(response.body.deliveries.map((d: { triggerId: string }) => [d.triggerId, d]));
    expect(byTrigger[matching]).toMatchObject({ fired: true, entityType: "agent" });
    expect(byTrigger[filtered]).toMatchObject({ fired: false, status: "FILTERED" });

    await drainJobs(db);
    const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: byTrigger[matching].triggerEventId } });
    expect(event).toMatchObject({ status: "FIRED", source: "event", eventName: "pr.opened" });
    const run = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: event.agentRunId! } });
    expect(run).toMatchObject({ source: "event", triggerId: matching, input: { repo: "switchyard" } });
  });

  it("honours an Idempotency-Key: a repeated event creates no second run", async () => {
    const send = () =>
      call(emit, {
        method: "POST",
        key: org.keys.OPERATOR,
        headers: { "idempotency-key": "evt-7" },
        body: { eventName: "pr.opened", payload: { repository: { branch: "main" } } },
      });
    const first = await send();
    const second = await send();
    expect(second.body.deliveries.map((d: { triggerEventId: string }) => d.triggerEventId)).toEqual(
      first.body.deliveries.map((d: { triggerEventId: string }) => d.triggerEventId),
    );
    expect(second.body.deliveries.every((d: { duplicate: boolean }) => d.duplicate)).toBe(true);
    await drainJobs(db);
    const runs = await db.prisma.agentRun.count({
      where: { triggerEventId: { in: first.body.deliveries.map((d: { triggerEventId: string }) => d.triggerEventId) } },
    });
    expect(runs).toBe(2);
  });

  it("validates the body and needs the operator role", async () => {
    expect((await call(emit, { method: "POST", key: org.keys.OPERATOR, body: { payload: {} } })).status).toBe(400);
    expect((await call(emit, { method: "POST", key: org.keys.OPERATOR, body: { eventName: "bad name!" } })).status).toBe(400);
    expect((await call(emit, { method: "POST", key: org.keys.VIEWER, body: { eventName: "pr.opened" } })).status).toBe(403);
    expect((await call(emit, { method: "POST", body: { eventName: "pr.opened" } })).status).toBe(401);
  });
});
