import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/live/triggers", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];
  const events: { id: string; receivedAt: Date; triggerId: string | null; status: string }[] = [];
  let workflowTriggerId: string;
  let networkTriggerId: string;
  const base = new Date("2026-10-01T08:00:00Z");

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    seeded = await seedMixedRuns(db.prisma, organizationId, org.agent.id, base, 3);
    const run = (kind: string) => seeded.find((r) => r.kind === kind)!;
    const workflow = await db.prisma.workflow.findFirstOrThrow({ where: { organizationId } });
    const network = await db.prisma.network.findFirstOrThrow({ where: { organizationId } });
    const workflowTrigger = await db.prisma.agentTrigger.create({
      data: { organizationId, entityType: "workflow", workflowId: workflow.id, name: "Nightly review", type: "webhook", webhookPath: `wf-${organizationId}` },
    });
    const networkTrigger = await db.prisma.agentTrigger.create({
      data: { organizationId, entityType: "network", networkId: network.id, name: "Research request", type: "event", eventName: "research.requested" },
    });
    const agentTrigger = await db.prisma.agentTrigger.create({
      data: { organizationId, entityType: "agent", agentId: org.agent.id, name: "Summarize", type: "manual" },
    });
    workflowTriggerId = workflowTrigger.id;
    networkTriggerId = networkTrigger.id;
    // 11 events, two pairs sharing a receivedAt.
    for (let i = 0; i < 11; i++) {
      const receivedAt = new Date(base.getTime() + Math.floor(i / 2) * 60_000 + (i % 2 && i < 5 ? 0 : i * 10));
      const which = i % 3;
      const data =
        which === 0
          ? {
              triggerId: workflowTrigger.id,
              entityType: "workflow" as const,
              workflowId: workflow.id,
              workflowRunId: run("workflow").id,
              status: "FIRED" as const,
            }
          : which === 1
            ? {
                triggerId: networkTrigger.id,
                entityType: "network" as const,
                networkId: network.id,
                networkRunId: run("network").id,
                status: "FAILED" as const,
                error: "boom",
              }
            : { triggerId: agentTrigger.id, entityType: "agent" as const, agentId: org.agent.id, agentRunId: run("agent").id, status: "FIRED" as const };
      const event = await db.prisma.triggerEvent.create({ data: { organizationId, source: "webhook", payload: { i }, receivedAt, ...data } });
      events.push({ id: event.id, receivedAt, triggerId: data.triggerId, status: data.status });
    }
    const campaign = run("campaign");
    const event = await db.prisma.triggerEvent.create({
      data: {
        organizationId,
        source: "event",
        eventName: "digest.requested",
        payload: {},
        campaignId: campaign.id,
        status: "FIRED",
        receivedAt: new Date(base.getTime() - 60_000),
      },
    });
    events.push({ id: event.id, receivedAt: event.receivedAt, triggerId: null, status: "FIRED" });
  });
  afterAll(async () => db?.close());

  const newestFirst = (list: typeof events) =>
    [...list].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1)).map((e) => e.id);

  async function walk(query: string, limit: number, key = org.keys.VIEWER) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/live/triggers?limit=${limit}${query ? `&${query}` : ""}${cursor ? `&cursor=${cursor}` : ""}`;
      const { status, body } = await call(GET, { path, key });
      expect(status).toBe(200);
      seen.push(...body.events.map((e: { id: string }) => e.id));
      cursor = body.nextCursor;
    } while (cursor);
    return seen;
  }

  it("returns events with their trigger, entity and the linked run's real status", async () => {
    const { status, body } = await call(GET, { path: "/api/live/triggers?limit=50", key: org.keys.VIEWER });
    expect(status).toBe(200);
    const workflowRun = seeded.find((r) => r.kind === "workflow")!;
    const networkRun = seeded.find((r) => r.kind === "network")!;
    const agentRun = seeded.find((r) => r.kind === "agent")!;
    const byTrigger = (id: string) => body.events.find((e: { trigger: { id: string } | null }) => e.trigger?.id === id);
    expect(byTrigger(workflowTriggerId)).toMatchObject({
      status: "FIRED",
      entityType: "workflow",
      trigger: { id: workflowTriggerId, name: "Nightly review", type: "webhook", entityType: "workflow", webhookPath: `wf-${org.organization.id}` },
      workflow: { slug: "review-flow", name: "Review flow" },
      workflowRun: { id: workflowRun.id, status: workflowRun.status, durationMs: workflowRun.durationMs },
      network: null,
      networkRun: null,
      agentRun: null,
    });
    expect(byTrigger(networkTriggerId)).toMatchObject({
      status: "FAILED",
      error: "boom",
      network: { slug: "research-desk" },
      networkRun: { id: networkRun.id, status: networkRun.status },
      workflowRun: null,
    });
    const agentEvent = body.events.find((e: { agentRun: { id: string } | null }) => e.agentRun);
    expect(agentEvent).toMatchObject({ agent: { slug: "test-agent" }, agentRun: { id: agentRun.id, status: agentRun.status } });
    const campaignEvent = body.events.at(-1);
    expect(campaignEvent).toMatchObject({
      eventName: "digest.requested",
      trigger: null,
      campaign: { name: "Knowledge Distiller", status: expect.any(String) },
    });
  });

  it("pages newest first with no duplicate and no gap, and filters by trigger and status", async () => {
    for (const limit of [1, 3, 5, 100]) expect(await walk("", limit), `limit ${limit}`).toEqual(newestFirst(events));
    expect(await walk(`triggerId=${networkTriggerId}`, 2)).toEqual(newestFirst(events.filter((e) => e.triggerId === networkTriggerId)));
    expect(await walk("status=FAILED", 2)).toEqual(newestFirst(events.filter((e) => e.status === "FAILED")));
    expect(await walk(`status=FIRED&triggerId=${workflowTriggerId}`, 2)).toEqual(
      newestFirst(events.filter((e) => e.status === "FIRED" && e.triggerId === workflowTriggerId)),
    );
  });

  it("answers 400 for bad input", async () => {
    for (const query of ["status=EXPLODED", "limit=0", "limit=201", "cursor=%%%"]) {
      const { status, body } = await call(GET, { path: `/api/live/triggers?${query}`, key: org.keys.VIEWER });
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("validation_failed");
    }
  });

  it("never shows another organization's events, nor its runs through a forged link", async () => {
    const other = await createTestOrganization(db.prisma);
    expect(await walk("", 10, other.keys.VIEWER)).toEqual([]);
    // An event in B pointing at A's run ids must not reveal them.
    const workflowRun = seeded.find((r) => r.kind === "workflow")!;
    await db.prisma.triggerEvent.create({
      data: { organizationId: other.organization.id, source: "webhook", payload: {}, workflowRunId: workflowRun.id, agentId: org.agent.id },
    });
    const { body } = await call(GET, { path: "/api/live/triggers", key: other.keys.VIEWER });
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ workflowRun: null, workflow: null, agent: null });
  });
});
