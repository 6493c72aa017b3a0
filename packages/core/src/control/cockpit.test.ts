import type { Database, RunStatus } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { getCockpit } from "./cockpit.ts";

const NOW = new Date("2026-06-16T12:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

describe("the /control cockpit", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("computes health, trends, the month's projection, anomalies, approvals and autonomy from stored rows", async () => {
    const org = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    await db.prisma.organization.update({ where: { id: organizationId }, data: { monthlyBudgetUsd: 10 } });
    const run = (startedAt: Date, status: RunStatus, extra: { triggerId?: string; costUsd?: number; retryOfId?: string } = {}) => ({
      organizationId,
      agentId: org.agent.id,
      source: "api" as const,
      input: {},
      status,
      startedAt,
      completedAt: startedAt,
      costUsd: extra.costUsd ?? 0.1,
      triggerId: extra.triggerId,
      retryOfId: extra.retryOfId,
    });
    await db.prisma.agentRun.createMany({
      data: [
        // Previous week (8–14 days ago): 4 of 4 succeeded on trigger t1, cheap.
        ...[200, 210, 220, 230].map((h) => run(hoursAgo(h), "COMPLETED", { triggerId: "t1", costUsd: 0.1 })),
        // This week, before the last day: 2 completed.
        ...[50, 60].map((h) => run(hoursAgo(h), "COMPLETED", { triggerId: "t1", costUsd: 0.1 })),
        // The last day: 3 failed of 4 on t1, and each cost ten times more.
        run(hoursAgo(1), "FAILED", { triggerId: "t1", costUsd: 1 }),
        run(hoursAgo(2), "FAILED", { triggerId: "t1", costUsd: 1 }),
        run(hoursAgo(3), "FAILED", { triggerId: "t1", costUsd: 1, retryOfId: "x" }),
        run(hoursAgo(4), "COMPLETED", { triggerId: "t1", costUsd: 1 }),
      ],
    });
    await db.prisma.approvalRequest.createMany({
      data: [
        { organizationId, sourceType: "agent", title: "fresh", agentId: org.agent.id, requestedAt: hoursAgo(0.5) },
        { organizationId, sourceType: "agent", title: "today", agentId: org.agent.id, requestedAt: hoursAgo(5) },
        { organizationId, sourceType: "workflow", title: "stale", requestedAt: hoursAgo(50) },
      ],
    });

    const cockpit = await getCockpit(org.ctx("VIEWER"), NOW);

    const agentHealth = cockpit.health.find((row) => row.kind === "agent")!;
    // This week: 3 of 6 finished runs completed; last week: 4 of 4.
    expect(agentHealth).toMatchObject({
      runs: 6,
      successRate: 50,
      previousSuccessRate: 100,
      trendPoints: -50,
      severity: "failing",
      href: "/observe?kind=agent&range=7d",
    });
    expect(cockpit.health.find((row) => row.kind === "workflow")).toMatchObject({ runs: 0, successRate: null, trendPoints: null });

    const lastDay = cockpit.trends.days.at(-1)!;
    expect(lastDay).toMatchObject({ runs: 4, failed: 3, failureRate: 0.75 });
    expect(cockpit.trends.days.reduce((sum, day) => sum + day.runs, 0)).toBe(10);

    // Every seeded run started in June (the oldest, 230 h ago, on June 6); June is 15.5 of its 30 days old.
    const juneCost = 4 * 1 + 6 * 0.1;
    expect(cockpit.month.costUsd).toBeCloseTo(juneCost, 6);
    expect(cockpit.month.projectedUsd).toBeCloseTo((juneCost * 30) / 15.5, 6);
    expect(cockpit.month.budgetShare).toBeCloseTo(cockpit.month.projectedUsd / 10, 6);

    expect(cockpit.anomalies.map((a) => a.reason).sort()).toEqual(["cost", "failure_rate"]);
    const failure = cockpit.anomalies.find((a) => a.reason === "failure_rate")!;
    expect(failure).toMatchObject({ kind: "agent", triggerId: "t1", recent: 0.75, baseline: 0, href: "/observe?kind=agent&triggerId=t1&range=7d" });

    expect(cockpit.approvals).toMatchObject({ pending: 3, byAge: { underHour: 1, underDay: 1, older: 1 }, oldestRequestedAt: hoursAgo(50) });
    const autonomy = cockpit.autonomy.find((row) => row.slug === "test-agent")!;
    // 10 runs, 2 reviews named the agent, 1 run was a retry.
    expect(autonomy).toMatchObject({ runs: 10, humanDecisions: 2, retries: 1 });
    expect(autonomy.autonomy).toBeCloseTo(0.7, 6);
  });

  it("answers for an organization created from nothing, with empty figures and no budget", async () => {
    const org = await createTestOrganization(db.prisma);
    const cockpit = await getCockpit(org.ctx("VIEWER"), NOW);
    expect(cockpit.health.every((row) => row.runs === 0 && row.successRate === null)).toBe(true);
    expect(cockpit.month).toEqual({ costUsd: 0, projectedUsd: 0, budgetUsd: null, budgetShare: null });
    expect(cockpit.anomalies).toEqual([]);
    expect(cockpit.approvals.pending).toBe(0);
    expect(cockpit.autonomy).toEqual([]);
    expect(cockpit.alerts).toMatchObject({ open: 0, latest: [] });
  });
});
