import type { Database, Prisma } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPulseHandlers } from "../pulses/handlers.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { createLocalEngine, drainLocalJobs } from "./local-engine.ts";
import { runAgentFire } from "../agents/runtime.ts";
import { INTERRUPTED_REASON, recoverStaleRuns, releaseRunsOf } from "./recovery.ts";

const NOW = new Date("2026-01-15T12:00:00Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe("recoverStaleRuns", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });
  // Recovery scans every organization: each test starts without runs or jobs.
  afterEach(async () => {
    await db.prisma.organization.deleteMany({});
    await db.prisma.executionJob.deleteMany({});
  });

  async function setup() {
    const { organization, agent } = await createTestOrganization(db.prisma);
    const agentRun = (data: Partial<Prisma.AgentRunUncheckedCreateInput>) =>
      db.prisma.agentRun.create({
        data: { organizationId: organization.id, agentId: agent.id, source: "schedule", input: {}, status: "RUNNING", startedAt: minutesAgo(10), ...data },
      });
    return { organizationId: organization.id, agent, agentRun };
  }

  it("lets any worker take over at once the runs a restarted worker's previous incarnation held", async () => {
    const { organizationId, agent, agentRun } = await setup();
    const held = await agentRun({ dedupeKey: "trigger-event:held", heartbeatAt: new Date(), claimedBy: "worker-1" });
    const othersRun = await agentRun({ dedupeKey: "trigger-event:other", heartbeatAt: new Date(), claimedBy: "worker-2" });
    const fire = { organizationId, entityId: agent.id, source: "webhook" as const, input: {}, dedupeKey: held.dedupeKey! };

    // Before the release, the live claim keeps worker-2 out.
    await expect(runAgentFire(db.prisma, fire, { workerId: "worker-2", sleep: async () => {} })).rejects.toThrow("worker-1");
    expect(await releaseRunsOf(db.prisma, "worker-1")).toBe(1);
    expect(await runAgentFire(db.prisma, fire, { workerId: "worker-2", sleep: async () => {} })).toMatchObject({
      id: held.id,
      status: "COMPLETED",
      claimedBy: "worker-2",
    });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: othersRun.id } })).toMatchObject({
      status: "RUNNING",
      heartbeatAt: othersRun.heartbeatAt,
    });
  });

  it("fails a stale agent run nothing will retry, and leaves live or retried ones alone", async () => {
    const { agentRun } = await setup();
    const stale = await agentRun({ dedupeKey: "schedule:a:1", heartbeatAt: minutesAgo(3), claimedBy: "crashed" });
    const neverBeat = await agentRun({ dedupeKey: "schedule:a:2", heartbeatAt: null, startedAt: minutesAgo(5) });
    const live = await agentRun({ dedupeKey: "schedule:a:3", heartbeatAt: minutesAgo(1) });
    const retried = await agentRun({ dedupeKey: "schedule:a:4", heartbeatAt: minutesAgo(3) });
    await db.prisma.executionJob.create({ data: { eventId: "schedule:a:4", eventName: "agent/trigger.fire", payload: {}, status: "PENDING" } });
    const done = await agentRun({ dedupeKey: "schedule:a:5", status: "COMPLETED", heartbeatAt: minutesAgo(30) });
    const abandonedLongAgo = await agentRun({ dedupeKey: "schedule:a:6", startedAt: minutesAgo(60 * 24 * 40), heartbeatAt: minutesAgo(60 * 24 * 40) });

    const report = await recoverStaleRuns(db.prisma, createLocalEngine(db.prisma), NOW);

    expect(report.failed.map((entry) => entry.id).sort()).toEqual([stale.id, neverBeat.id, abandonedLongAgo.id].sort());
    expect(report.left).toEqual([{ kind: "agent", id: retried.id, reason: "an engine job will retry it" }]);
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "FAILED",
      error: INTERRUPTED_REASON,
      completedAt: NOW,
      durationMs: 10 * 60_000,
    });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: abandonedLongAgo.id } })).toMatchObject({ status: "FAILED", durationMs: 2_147_483_647 });
    for (const untouched of [live, retried, done]) {
      expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: untouched.id } })).toMatchObject({ status: untouched.status, error: null });
    }
    await flushRuntimeEvents();
    expect(await db.prisma.runtimeEvent.findFirst({ where: { entityId: stale.id } })).toMatchObject({ layer: "dispatcher", reasonCode: "RUN_INTERRUPTED" });

    // A second worker starting right after finds nothing left to do.
    expect((await recoverStaleRuns(db.prisma, createLocalEngine(db.prisma), NOW)).failed).toEqual([]);
  });

  it("re-dispatches a stale workflow run with its original dedupe key, once, and fails one it cannot rebuild", async () => {
    const { organizationId, agentRun } = await setup();
    const workflow = await db.prisma.workflow.create({ data: { organizationId, slug: "release", name: "Release", definition: {} } });
    const workflowRun = (data: Partial<Prisma.WorkflowRunUncheckedCreateInput>) =>
      db.prisma.workflowRun.create({
        data: { organizationId, workflowId: workflow.id, source: "schedule", status: "RUNNING", input: { version: "1.2" }, startedAt: minutesAgo(10), ...data },
      });
    const resumable = await workflowRun({ dedupeKey: "schedule:wf:1", triggerId: "sched-1", heartbeatAt: minutesAgo(4) });
    const orphan = await workflowRun({ dedupeKey: null, heartbeatAt: minutesAgo(4) });
    // The stale sub-run of the resumable run is continued by its parent, not failed.
    const subRun = await agentRun({ source: "workflow", workflowRunId: resumable.id, dedupeKey: `wf:${resumable.id}:analyze`, heartbeatAt: minutesAgo(4) });
    const orphanSubRun = await agentRun({ source: "workflow", workflowRunId: orphan.id, dedupeKey: `wf:${orphan.id}:analyze`, heartbeatAt: minutesAgo(4) });
    const engine = createLocalEngine(db.prisma);

    const [report, concurrent] = await Promise.all([recoverStaleRuns(db.prisma, engine, NOW), recoverStaleRuns(db.prisma, engine, NOW)]);

    const eventId = `schedule:wf:1:recovered:${minutesAgo(4).toISOString()}`;
    expect([...report.redispatched, ...concurrent.redispatched].map((entry) => entry.eventId)).toContain(eventId);
    const jobs = await db.prisma.executionJob.findMany();
    expect(jobs).toEqual([
      expect.objectContaining({
        eventId,
        eventName: "workflow/trigger.fire",
        organizationId,
        status: "PENDING",
        payload: {
          organizationId,
          entityId: workflow.id,
          source: "schedule",
          input: { version: "1.2" },
          triggerId: "sched-1",
          triggerEventId: null,
          dedupeKey: "schedule:wf:1",
        },
      }),
    ]);
    expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: resumable.id } })).toMatchObject({ status: "RUNNING" });
    expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining(INTERRUPTED_REASON),
    });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: subRun.id } })).toMatchObject({ status: "RUNNING" });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: orphanSubRun.id } })).toMatchObject({ status: "FAILED", error: INTERRUPTED_REASON });

    // While the recovery job waits it is not sent again; once it ran without reviving the run, the run fails.
    expect((await recoverStaleRuns(db.prisma, engine, NOW)).left).toContainEqual({ kind: "workflow", id: resumable.id, reason: "its recovery job is pending" });
    await db.prisma.executionJob.update({ where: { eventId }, data: { status: "COMPLETED" } });
    expect((await recoverStaleRuns(db.prisma, engine, NOW)).failed).toContainEqual(expect.objectContaining({ kind: "workflow", id: resumable.id }));
    expect(await db.prisma.executionJob.count()).toBe(1);
  });

  it("recovers an interrupted pulse evaluation end to end", async () => {
    const { organizationId, agent } = await setup();
    const pulse = await db.prisma.pulse.create({
      data: {
        organizationId,
        slug: "ops",
        name: "Ops",
        goal: "Stay up",
        evalCronExpr: "0 * * * *",
        evalWindowHours: 24,
        members: { create: [{ agentId: agent.id }] },
      },
    });
    // The evaluation's own clock is the real one, so this test's times are real too.
    const now = new Date();
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const dedupeKey = `pulse:${pulse.id}:${ago(60).toISOString()}`;
    const interrupted = await db.prisma.pulseEvaluation.create({
      data: {
        organizationId,
        pulseId: pulse.id,
        source: "schedule",
        dedupeKey,
        status: "RUNNING",
        windowStart: ago(25 * 60),
        windowEnd: ago(60),
        startedAt: ago(59),
        heartbeatAt: ago(59),
      },
    });

    const report = await recoverStaleRuns(db.prisma, createLocalEngine(db.prisma), now);
    await drainLocalJobs({ db: db.prisma, handlers: createPulseHandlers({ db: db.prisma }), workerId: "after-restart" });

    expect(report.redispatched).toEqual([
      { kind: "pulse", id: interrupted.id, eventName: "pulse/evaluate", eventId: `${dedupeKey}:recovered:${ago(59).toISOString()}` },
    ]);
    expect(await db.prisma.pulseEvaluation.findMany({ where: { pulseId: pulse.id } })).toEqual([
      expect.objectContaining({ id: interrupted.id, status: "COMPLETED", windowEnd: ago(60), report: expect.stringContaining("# Ops: evaluation") }),
    ]);
  });
});
