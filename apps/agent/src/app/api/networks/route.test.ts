import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { createNetworkHandlers } from "@switchyard/core/networks/runtime";
import { createResearchDesk } from "@switchyard/core/networks/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import { signWebhook } from "@switchyard/core/triggers/signature";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as deliver } from "@/app/api/webhooks/[path]/route";
import { call } from "@/test/http";
import { GET as getNetwork } from "./[slug]/route";
import { POST as execute } from "./[slug]/execution-triggers/[triggerId]/execute/route";
import { DELETE as deleteTrigger, GET as getTrigger, PATCH as updateTrigger } from "./[slug]/execution-triggers/[triggerId]/route";
import { POST as testFire } from "./[slug]/execution-triggers/[triggerId]/test/route";
import { GET as listTriggers, POST as createTrigger } from "./[slug]/execution-triggers/route";
import { GET as listNetworks } from "./route";

describe("/api/networks", () => {
  let db: Database;
  let desk: Awaited<ReturnType<typeof createResearchDesk>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    desk = await createResearchDesk(db.prisma);
    other = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  async function drain() {
    const deps = { db: db.prisma, workerId: "test-worker", sleep: async () => {} };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createNetworkHandlers(deps) }, workerId: "test-worker" });
  }

  it("lists the organization's networks with their member count, and shows one with its members", async () => {
    const list = await call(listNetworks, { key: desk.keys.VIEWER });
    expect(list.status).toBe(200);
    expect(list.body.networks).toEqual([expect.objectContaining({ slug: "research-desk", name: "Research desk", memberCount: 3 })]);

    const one = await call(getNetwork, { params: { slug: "research-desk" }, key: desk.keys.VIEWER });
    expect(one.status).toBe(200);
    expect(one.body.network).toMatchObject({ slug: "research-desk", maxSteps: 8, goal: "Research the topic, write a report and review it" });
    expect(one.body.network.members.map((m: { role: string; agent: { slug: string } }) => [m.role, m.agent.slug])).toEqual([
      ["research", "researcher"],
      ["drafting", "writer"],
      ["quality", "reviewer"],
    ]);
  });

  it("runs a network from a signed webhook: TriggerEvent → NetworkRun → routed steps → AgentRun sub-runs, once per delivery", async () => {
    const created = await call(createTrigger, {
      method: "POST",
      params: { slug: "research-desk" },
      key: desk.keys.OPERATOR,
      body: { type: "webhook", name: "Inbound", inputMapping: { prompt: "topic" } },
    });
    expect(created.status).toBe(201);
    expect(created.body.trigger).toMatchObject({ entityType: "network", entity: { slug: "research-desk" } });
    const { trigger, secret } = created.body;

    const body = JSON.stringify({ topic: "Battery recycling" });
    const headers = { "x-switchyard-signature": signWebhook(secret, body, Math.floor(Date.now() / 1000)), "idempotency-key": "delivery-1" };
    const first = await call(deliver, { method: "POST", params: { path: trigger.webhookPath }, rawBody: body, headers });
    const second = await call(deliver, { method: "POST", params: { path: trigger.webhookPath }, rawBody: body, headers });
    expect(first.status).toBe(202);
    expect(second.body).toMatchObject({ triggerEventId: first.body.triggerEventId, duplicate: true });
    await drain();

    const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: first.body.triggerEventId } });
    expect(event).toMatchObject({ status: "FIRED", entityType: "network", networkId: desk.network.id, source: "webhook" });
    expect(await db.prisma.networkRun.count({ where: { triggerId: trigger.id } })).toBe(1);
    const run = await db.prisma.networkRun.findUniqueOrThrow({ where: { id: event.networkRunId! }, include: { steps: { orderBy: { stepNumber: "asc" } } } });
    expect(run).toMatchObject({
      status: "COMPLETED",
      source: "webhook",
      triggerId: trigger.id,
      triggerEventId: event.id,
      input: { prompt: "Battery recycling" },
      stepsCount: 3,
    });
    expect(run.steps.map((step) => (step.routingDecision as { agentSlug: string }).agentSlug)).toEqual(["researcher", "writer", "reviewer"]);
    for (const step of run.steps) {
      const subRun = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: step.agentRunId! } });
      expect(subRun).toMatchObject({ source: "network", networkRunId: run.id, agentId: step.agentId, status: "COMPLETED" });
    }
    expect(await db.prisma.agentRun.count({ where: { networkRunId: run.id } })).toBe(3);
  });

  it("test-fires and manually executes a network trigger through the same runtime", async () => {
    const created = await call(createTrigger, {
      method: "POST",
      params: { slug: "research-desk" },
      key: desk.keys.OPERATOR,
      body: { type: "manual", name: "Manual" },
    });
    const params = { slug: "research-desk", triggerId: created.body.trigger.id };
    const tested = await call(testFire, { method: "POST", params, key: desk.keys.OPERATOR, body: { payload: { prompt: "Check accuracy" } } });
    const executed = await call(execute, { method: "POST", params, key: desk.keys.OPERATOR, body: { payload: { prompt: "Research tariffs" } } });
    expect([tested.status, executed.status]).toEqual([202, 202]);
    await drain();

    const runs = await db.prisma.networkRun.findMany({ where: { triggerId: created.body.trigger.id }, orderBy: { source: "asc" } });
    expect(runs.map((run) => [run.source, run.status])).toEqual([
      ["manual", "COMPLETED"],
      ["test", "COMPLETED"],
    ]);
    expect((await call(listTriggers, { params: { slug: "research-desk" }, key: desk.keys.VIEWER })).body.triggers).toHaveLength(2);
  });

  it("answers 404 to another organization on every network endpoint", async () => {
    const created = await call(createTrigger, {
      method: "POST",
      params: { slug: "research-desk" },
      key: desk.keys.OPERATOR,
      body: { type: "manual", name: "Private" },
    });
    const params = { slug: "research-desk", triggerId: created.body.trigger.id };
    expect((await call(listNetworks, { key: other.keys.ADMIN })).body.networks).toEqual([]);
    const attempts = await Promise.all([
      call(getNetwork, { params: { slug: "research-desk" }, key: other.keys.ADMIN }),
      call(listTriggers, { params: { slug: "research-desk" }, key: other.keys.ADMIN }),
      call(createTrigger, { method: "POST", params: { slug: "research-desk" }, key: other.keys.ADMIN, body: { type: "manual", name: "x" } }),
      call(getTrigger, { params, key: other.keys.ADMIN }),
      call(updateTrigger, { method: "PATCH", params, key: other.keys.ADMIN, body: { name: "hijacked" } }),
      call(deleteTrigger, { method: "DELETE", params, key: other.keys.ADMIN }),
      call(testFire, { method: "POST", params, key: other.keys.ADMIN, body: {} }),
      call(execute, { method: "POST", params, key: other.keys.ADMIN, body: {} }),
    ]);
    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    expect(await db.prisma.agentTrigger.findUniqueOrThrow({ where: { id: created.body.trigger.id } })).toMatchObject({ name: "Private", isArchived: false });
  });
});
