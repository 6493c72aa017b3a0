import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { getRetentionSettings, pruneExpiredHistory, updateRetention } from "./prune.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe("history retention", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  async function seed(organizationId: string, agentId: string) {
    const agentRun = (startedAt: Date, status: "COMPLETED" | "FAILED" | "RUNNING") =>
      db.prisma.agentRun.create({ data: { organizationId, agentId, source: "api", input: {}, status, startedAt } });
    const workflow = await db.prisma.workflow.create({
      data: { organizationId, slug: `wf-${organizationId.slice(-6)}`, name: "WF", definition: { version: 1, nodes: [] } },
    });
    const oldWorkflowRun = await db.prisma.workflowRun.create({
      data: { organizationId, workflowId: workflow.id, source: "api", input: {}, status: "COMPLETED", startedAt: daysAgo(40) },
    });
    await db.prisma.workflowRunStep.create({ data: { organizationId, workflowRunId: oldWorkflowRun.id, stepId: "a", stepType: "agent", name: "A" } });
    const runs = {
      old: await Promise.all([agentRun(daysAgo(40), "COMPLETED"), agentRun(daysAgo(35), "FAILED"), agentRun(daysAgo(31), "COMPLETED")]),
      oldButRunning: await agentRun(daysAgo(45), "RUNNING"),
      tenDays: await agentRun(daysAgo(10), "COMPLETED"),
      recent: await agentRun(daysAgo(1), "COMPLETED"),
    };
    await db.prisma.activityEvent.createMany({
      data: [
        { organizationId, type: "AGENT_RUN_CANCELLED", title: "old", createdAt: daysAgo(60) },
        { organizationId, type: "AGENT_RUN_CANCELLED", title: "new", createdAt: daysAgo(2) },
      ],
    });
    await db.prisma.runtimeEvent.createMany({
      data: [
        { organizationId, layer: "worker", operation: "TASK", reasonCode: "X", entityId: "e", occurredAt: daysAgo(50) },
        { organizationId, layer: "worker", operation: "TASK", reasonCode: "X", entityId: "e", occurredAt: daysAgo(3) },
      ],
    });
    return { runs, oldWorkflowRun };
  }

  it("deletes each organization's finished history older than its own retention, in batches, and keeps the rest", async () => {
    const month = await createTestOrganization(db.prisma);
    const week = await createTestOrganization(db.prisma);
    await db.prisma.organization.update({ where: { id: week.organization.id }, data: { retentionDays: 7 } });
    const a = await seed(month.organization.id, month.agent.id);
    const b = await seed(week.organization.id, week.agent.id);
    await db.prisma.runtimeEvent.create({
      data: { organizationId: null, layer: "worker", operation: "HEARTBEAT", reasonCode: "X", entityId: "w", occurredAt: daysAgo(90) },
    });

    // The preview says what the pass will delete before it does.
    const preview = await getRetentionSettings(month.ctx(), NOW);
    expect(preview.willDelete).toMatchObject({ agentRuns: 3, workflowRuns: 1, activityEvents: 1, runtimeEvents: 1 });

    const result = await pruneExpiredHistory(db.prisma, { now: NOW, batchSize: 2 });
    expect(result.hasMore).toBe(false);
    // Three old agent runs went in two batches of at most two; the week org also lost its 10-day-old run.
    expect(result.deleted.agentRuns).toBeGreaterThanOrEqual(3 + 4);
    const left = async (organizationId: string) =>
      (await db.prisma.agentRun.findMany({ where: { organizationId }, select: { id: true } })).map((run) => run.id).sort();
    expect(await left(month.organization.id)).toEqual([a.runs.oldButRunning.id, a.runs.tenDays.id, a.runs.recent.id].sort());
    expect(await left(week.organization.id)).toEqual([b.runs.oldButRunning.id, b.runs.recent.id].sort());
    // A pruned workflow run takes its steps with it.
    expect(await db.prisma.workflowRun.count({ where: { id: a.oldWorkflowRun.id } })).toBe(0);
    expect(await db.prisma.workflowRunStep.count({ where: { workflowRunId: a.oldWorkflowRun.id } })).toBe(0);
    expect(await db.prisma.activityEvent.count({ where: { organizationId: month.organization.id } })).toBe(1);
    expect(await db.prisma.runtimeEvent.count({ where: { organizationId: month.organization.id } })).toBe(1);
    expect(await db.prisma.runtimeEvent.count({ where: { organizationId: null, occurredAt: { lt: daysAgo(30) } } })).toBe(0);
    expect((await getRetentionSettings(month.ctx(), NOW)).willDelete).toMatchObject({ agentRuns: 0, workflowRuns: 0, activityEvents: 0, runtimeEvents: 0 });
  });

  it("stops at its time budget and says more is left, so the next pass carries on", async () => {
    const org = await createTestOrganization(db.prisma);
    await db.prisma.agentRun.createMany({
      data: Array.from({ length: 5 }, () => ({
        organizationId: org.organization.id,
        agentId: org.agent.id,
        source: "api" as const,
        input: {},
        status: "COMPLETED" as const,
        startedAt: daysAgo(90),
      })),
    });
    let tick = 0;
    // The fake clock moves one "millisecond" per reading, two per batch; the budget allows two batches.
    const first = await pruneExpiredHistory(db.prisma, { now: NOW, batchSize: 1, timeBudgetMs: 4, clock: () => tick++ });
    expect(first.hasMore).toBe(true);
    expect(first.batches).toBeLessThanOrEqual(2);
    expect(first.longestBatchMs).toBe(1);
    const second = await pruneExpiredHistory(db.prisma, { now: NOW, batchSize: 1 });
    expect(second.hasMore).toBe(false);
    expect(await db.prisma.agentRun.count({ where: { organizationId: org.organization.id } })).toBe(0);
  });

  it("deletes the oldest first", async () => {
    const org = await createTestOrganization(db.prisma);
    for (const age of [40, 90, 60, 5]) {
      await db.prisma.agentRun.create({
        data: { organizationId: org.organization.id, agentId: org.agent.id, source: "api", input: {}, status: "COMPLETED", startedAt: daysAgo(age) },
      });
    }
    const agesLeft = async () =>
      (await db.prisma.agentRun.findMany({ where: { organizationId: org.organization.id }, select: { startedAt: true } }))
        .map((run) => Math.round((NOW.getTime() - run.startedAt.getTime()) / 86_400_000))
        .sort((a, b) => b - a);
    // The pause after each full batch is where the runs left can be seen, one batch at a time.
    const afterEachBatch: number[][] = [];
    await pruneExpiredHistory(db.prisma, { now: NOW, batchSize: 1, sleep: async () => void afterEachBatch.push(await agesLeft()) });
    expect(afterEachBatch).toEqual([[60, 40, 5], [40, 5], [5]]);
  });

  it("pauses after each batch for as long as the batch took, times the pause ratio", async () => {
    const org = await createTestOrganization(db.prisma);
    await db.prisma.agentRun.createMany({
      data: [40, 50, 60].map((age) => ({
        organizationId: org.organization.id,
        agentId: org.agent.id,
        source: "api" as const,
        input: {},
        status: "COMPLETED" as const,
        startedAt: daysAgo(age),
      })),
    });
    let tick = 0;
    const pauses: number[] = [];
    // Each reading of the fake clock is 10 "milliseconds" after the one before, so every batch takes 10.
    await pruneExpiredHistory(db.prisma, { now: NOW, batchSize: 1, pauseRatio: 2, clock: () => (tick += 10), sleep: async (ms) => void pauses.push(ms) });
    expect(pauses).toEqual([20, 20, 20]);
  });

  it("changes the retention for admins only, audited, and previews under the new one", async () => {
    const org = await createTestOrganization(db.prisma);
    await db.prisma.agentRun.create({
      data: { organizationId: org.organization.id, agentId: org.agent.id, source: "api", input: {}, status: "COMPLETED", startedAt: daysAgo(10) },
    });
    expect((await getRetentionSettings(org.ctx(), NOW)).willDelete.agentRuns).toBe(0);
    await expect(updateRetention(org.ctx("OPERATOR"), { retentionDays: 5 }, NOW)).rejects.toMatchObject({ code: "forbidden" });
    const updated = await updateRetention(org.ctx(), { retentionDays: 5 }, NOW);
    expect(updated).toMatchObject({ retentionDays: 5, willDelete: { agentRuns: 1 } });
    expect(updated.cutoff).toEqual(daysAgo(5));
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.organization.id, action: "organization.retention_changed" } });
    expect(audit).toMatchObject({ before: { retentionDays: 30 }, after: { retentionDays: 5 } });
    await expect(updateRetention(org.ctx(), { retentionDays: 0 }, NOW)).rejects.toThrow();
  });
});
