import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAgent } from "@/app/api/agents/[slug]/route";
import { GET as listAgents } from "@/app/api/agents/route";
import { DELETE, GET as getTrigger, PATCH } from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/route";
import { POST as execute } from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/execute/route";
import { POST as testFire } from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/test/route";
import { GET as listTriggers, POST as createTrigger } from "@/app/api/agents/[slug]/execution-triggers/route";
import { GET as listRuns } from "@/app/api/live/runs/route";
import { drainJobs } from "./engine";
import { call } from "./http";

// Organization B's credential on organization A's ids must find nothing: 404, never A's data.
describe("cross-tenant isolation", () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof createTestOrganization>>;
  let b: Awaited<ReturnType<typeof createTestOrganization>>;
  let aTriggerId: string;

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createTestOrganization(db.prisma, { agentSlug: "shared-slug" });
    b = await createTestOrganization(db.prisma, { agentSlug: "b-only" });
    const created = await call(createTrigger, {
      method: "POST",
      params: { slug: "shared-slug" },
      key: a.keys.ADMIN,
      body: { type: "manual", name: "A's trigger" },
    });
    aTriggerId = created.body.trigger.id;
    await call(execute, { method: "POST", params: { slug: "shared-slug", triggerId: aTriggerId }, key: a.keys.ADMIN, body: {} });
    await drainJobs(db);
  });
  afterAll(async () => db?.close());

  it("B sees none of A's agents or runs", async () => {
    const agents = await call(listAgents, { key: b.keys.ADMIN });
    expect(agents.body.agents.map((agent: { slug: string }) => agent.slug)).toEqual(["b-only"]);
    const runs = await call(listRuns, { path: `/api/live/runs?triggerId=${aTriggerId}`, key: b.keys.ADMIN });
    expect(runs.body.runs).toEqual([]);
    const mine = await call(listRuns, { path: `/api/live/runs?triggerId=${aTriggerId}`, key: a.keys.ADMIN });
    expect(mine.body.runs).toHaveLength(1);
  });

  it("B gets 404 on A's agent and A's trigger through every trigger endpoint", async () => {
    const params = { slug: "shared-slug", triggerId: aTriggerId };
    const attempts = [
      call(getAgent, { params: { slug: "shared-slug" }, key: b.keys.ADMIN }),
      call(listTriggers, { params: { slug: "shared-slug" }, key: b.keys.ADMIN }),
      call(createTrigger, { method: "POST", params: { slug: "shared-slug" }, key: b.keys.ADMIN, body: { type: "manual", name: "x" } }),
      call(getTrigger, { params, key: b.keys.ADMIN }),
      call(PATCH, { method: "PATCH", params, key: b.keys.ADMIN, body: { name: "hijacked" } }),
      call(DELETE, { method: "DELETE", params, key: b.keys.ADMIN }),
      call(testFire, { method: "POST", params, key: b.keys.ADMIN, body: {} }),
      call(execute, { method: "POST", params, key: b.keys.ADMIN, body: {} }),
      // A's trigger id under B's own agent is not found either.
      call(getTrigger, { params: { slug: "b-only", triggerId: aTriggerId }, key: b.keys.ADMIN }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    const untouched = await db.prisma.agentTrigger.findUniqueOrThrow({ where: { id: aTriggerId } });
    expect(untouched).toMatchObject({ name: "A's trigger", isArchived: false, triggerCount: 1 });
  });
});
