import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAgentRun } from "../agents/runtime.ts";
import { createTestOrganization } from "../testing.ts";
import { cancelRun } from "./actions.ts";
import { recordRunQueued } from "./recorder.ts";

describe("cancelRun", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("cancels a queued agent run at once with one AGENT_RUN_CANCELLED, which a worker arriving later does not repeat", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflowRun = await db.prisma.workflowRun.create({ data: { organizationId: org.organization.id, workflowId: (await workflowOf(org)).id, source: "manual", input: {} } });
    const request = { organizationId: org.organization.id, agentId: org.agent.id, source: "workflow" as const, input: { prompt: "hi" }, dedupeKey: "queued-agent", workflowRunId: workflowRun.id };
    const { run } = await recordRunQueued(db.prisma, request);

    expect(await cancelRun(org.ctx("OPERATOR"), "agent", run.id)).toMatchObject({ status: "CANCELLED" });
    await expect(cancelRun(org.ctx("OPERATOR"), "agent", run.id)).rejects.toMatchObject({ status: 409 });
    const late = await executeAgentRun(db.prisma, request, { workerId: "late-worker", sleep: async () => {} });
    expect(late).toMatchObject({ id: run.id, status: "CANCELLED", error: "Cancelled before it started", durationMs: 0, claimedAt: null });

    const events = await db.prisma.activityEvent.findMany({ where: { runId: run.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: org.organization.id,
      type: "AGENT_RUN_CANCELLED",
      title: 'Agent "Test Agent" was cancelled',
      status: "cancelled",
      description: "Cancelled before it started",
      agentId: org.agent.id,
      agentSlug: "test-agent",
      runId: run.id,
      workflowRunId: workflowRun.id,
      durationMs: 0,
    });
  });

  it("only flags a running agent run: its worker finishes it and no cancellation is recorded", async () => {
    const org = await createTestOrganization(db.prisma);
    const { run } = await recordRunQueued(db.prisma, { organizationId: org.organization.id, agentId: org.agent.id, source: "manual", input: {} });
    await db.prisma.agentRun.update({ where: { id: run.id }, data: { status: "RUNNING", claimedAt: new Date(), claimedBy: "busy-worker" } });

    expect(await cancelRun(org.ctx("OPERATOR"), "agent", run.id)).toMatchObject({ status: "RUNNING" });
    expect(await db.prisma.activityEvent.count({ where: { runId: run.id } })).toBe(0);
  });

  it("cancels a queued pulse evaluation without an activity event: pulses have none for it", async () => {
    const org = await createTestOrganization(db.prisma);
    const pulse = await db.prisma.pulse.create({ data: { organizationId: org.organization.id, slug: "p", name: "Pulse", goal: "Grow", evalCronExpr: "0 * * * *" } });
    const evaluation = await db.prisma.pulseEvaluation.create({ data: { organizationId: org.organization.id, pulseId: pulse.id, source: "manual" } });

    expect(await cancelRun(org.ctx("OPERATOR"), "pulse", evaluation.id)).toMatchObject({ status: "CANCELLED" });
    expect(await db.prisma.pulseEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } })).toMatchObject({ error: "Cancelled before it started", durationMs: 0 });
    expect(await db.prisma.activityEvent.count({ where: { organizationId: org.organization.id } })).toBe(0);
  });

  function workflowOf(org: Awaited<ReturnType<typeof createTestOrganization>>) {
    return db.prisma.workflow.create({ data: { organizationId: org.organization.id, slug: "flow", name: "Flow", definition: { nodes: [] } } });
  }
});
