import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { CronExpressionParser } from "cron-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { countByIteration } from "./cron-count.ts";
import { computeCalendar, computeDensity } from "./density.ts";
import { createAutomationFixture } from "./fixtures.ts";
import { listAutomations } from "./list.ts";
import { createAutomationDependency, deleteAutomationDependency, updateAutomation } from "./mutate.ts";

const NOW = new Date("2026-11-22T12:07:00Z");
const DAY = 86_400_000;

describe("automations", () => {
  let db: Database;
  let fx: Awaited<ReturnType<typeof createAutomationFixture>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    fx = await createAutomationFixture(db.prisma, NOW);
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });

  const list = (query: Parameters<typeof listAutomations>[1] = {}) => listAutomations(fx.ctx("VIEWER"), query, NOW);
  const byId = async (id: string, query: Parameters<typeof listAutomations>[1] = { includeArchived: true }) =>
    (await list(query)).automations.find((a) => a.id === id)!;

  it("lists all seven sources in the unified shape with stats from their own run tables", async () => {
    const { automations } = await list();
    expect(automations.map((a) => a.id).sort()).toEqual(
      [
        fx.ids.agentSchedule,
        fx.ids.agentTrigger,
        fx.ids.workflowTrigger,
        fx.ids.workflowSchedule,
        fx.ids.networkTrigger,
        fx.ids.campaignSchedule,
        fx.ids.campaignTrigger,
        fx.ids.pulse,
      ].sort(),
    );

    const schedule = await byId(fx.ids.agentSchedule);
    expect(schedule).toMatchObject({
      source: "agent-schedule",
      sourceType: "schedule",
      type: "schedule",
      primitiveType: "agent",
      entity: { type: "agent", id: fx.agent.id, slug: "scout" },
      config: { cronExpr: "*/30 * * * *", timezone: "UTC" },
      stats: { totalRuns: 5, successRuns: 3, failedRuns: 1, successRate: 75 },
      successRate: 75,
      severity: "unstable",
      lastRun: { id: fx.lastAgentRun.id, status: "RUNNING" },
      nextRunAt: new Date("2026-11-22T12:30:00Z"),
      avgCostPerRun: 0.0125,
      healthPolicy: { enabled: true, threshold: 70, window: 10, action: "disable", triggeredAt: null },
      healthTriggeredAt: null,
    });
    // Monthly cost: the exact count of the next 30 days' occurrences (brute force) × the average cost.
    const runs = countByIteration("*/30 * * * *", "UTC", NOW.getTime(), NOW.getTime() + 30 * DAY);
    expect(runs).toBe(1440);
    expect(schedule.projectedRuns30d).toBe(runs);
    expect(schedule.estMonthlyCost).toBeCloseTo(runs * 0.0125, 6);

    const webhook = await byId(fx.ids.agentTrigger);
    expect(webhook).toMatchObject({ sourceType: "trigger", type: "webhook", stats: { totalRuns: 4, runsLast30d: 3 }, nextRunAt: null, avgCostPerRun: 0.004 });
    // A trigger's projection is its historical rate: runs in the last 30 days.
    expect(webhook.estMonthlyCost).toBeCloseTo(3 * 0.004, 6);

    // Workflow and network trigger stats come from WorkflowRun / NetworkRun, not AgentRun.
    expect(await byId(fx.ids.workflowTrigger)).toMatchObject({
      primitiveType: "workflow",
      type: "event",
      entity: { slug: "review" },
      stats: { totalRuns: 3, successRuns: 2, failedRuns: 1 },
      avgCostPerRun: 0.1,
    });
    expect(await byId(fx.ids.networkTrigger)).toMatchObject({
      primitiveType: "network",
      type: "manual",
      stats: { totalRuns: 1, successRuns: 1 },
      severity: "healthy",
    });

    expect(await byId(fx.ids.campaignSchedule)).toMatchObject({
      primitiveType: "campaign",
      type: "campaign",
      sourceType: "schedule",
      entity: { type: "campaign", slug: "launch" },
      stats: { totalRuns: 2, successRuns: 1, failedRuns: 1, successRate: 50 },
      severity: "failing",
      avgCostPerRun: 0.5,
      nextRunAt: new Date("2026-11-22T22:00:00Z"),
    });
    expect(await byId(fx.ids.campaignTrigger)).toMatchObject({
      primitiveType: "campaign",
      sourceType: "trigger",
      type: "event",
      stats: { totalRuns: 1, successRuns: 1 },
    });
    const pulse = await byId(fx.ids.pulse);
    expect(pulse).toMatchObject({
      primitiveType: "pulse",
      type: "pulse_eval",
      name: "Growth — Evaluation Cycle",
      stats: { totalRuns: 2, successRuns: 2 },
      avgCostPerRun: 0.05,
    });
    expect(pulse.projectedRuns30d).toBe(countByIteration("0 22 * * *", "UTC", NOW.getTime(), NOW.getTime() + 30 * DAY));
  });

  it("splits every automation's runs into completed, failed, cancelled and in progress, which add up to the total", async () => {
    const { automations } = await list({ includeArchived: true });
    for (const { stats } of automations) {
      expect(stats.successRuns + stats.failedRuns + stats.cancelledRuns + stats.inProgressRuns).toBe(stats.totalRuns);
    }
    expect((await byId(fx.ids.agentSchedule)).stats).toMatchObject({
      totalRuns: 5,
      successRuns: 3,
      failedRuns: 1,
      cancelledRuns: 0,
      inProgressRuns: 1,
      successRate: 75,
    });
  });

  it("counts a trigger whose only run was cancelled as one run with none finished and no success rate", async () => {
    const org = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    const trigger = await db.prisma.agentTrigger.create({
      data: { organizationId, entityType: "agent", agentId: org.agent.id, name: "Stopped once", type: "manual" },
    });
    await db.prisma.agentRun.create({
      data: {
        organizationId,
        agentId: org.agent.id,
        status: "CANCELLED",
        source: "manual",
        triggerId: trigger.id,
        input: {},
        startedAt: new Date(NOW.getTime() - 3_600_000),
      },
    });

    const { automations, summary } = await listAutomations(org.ctx("VIEWER"), {}, NOW);

    expect(automations.find((a) => a.id === `agent-trigger:${trigger.id}`)).toMatchObject({
      stats: { totalRuns: 1, successRuns: 0, failedRuns: 0, cancelledRuns: 1, inProgressRuns: 0, successRate: null },
      successRate: null,
      severity: "healthy",
    });
    expect(summary.overallSuccessRate).toBeNull();
  });

  it("derives implicit dependencies", async () => {
    const pulse = await byId(fx.ids.pulse);
    // The pulse depends on its member's automations (the scout's schedule and webhook).
    expect(pulse.dependsOn.map((d) => d.id).sort()).toEqual([fx.ids.agentSchedule, fx.ids.agentTrigger, fx.ids.archivedTrigger].sort());
    expect(pulse.triggers).toEqual([expect.objectContaining({ id: `agent:${fx.agent.id}`, kind: "agent" })]);
    // …and each of those automations says it feeds the pulse.
    expect((await byId(fx.ids.agentSchedule)).triggers).toEqual([expect.objectContaining({ id: fx.ids.pulse, kind: "automation", origin: "implicit" })]);
    expect((await byId(fx.ids.workflowSchedule)).triggers).toEqual([expect.objectContaining({ id: `agent:${fx.helper.id}`, name: "Helper" })]);
    expect((await byId(fx.ids.networkTrigger)).triggers.map((d) => d.id)).toEqual([`agent:${fx.helper.id}`]);
    expect((await byId(fx.ids.campaignSchedule)).triggers.map((d) => d.id)).toEqual([`agent:${fx.helper.id}`]);
  });

  it("filters and sorts", async () => {
    const ids = async (query: Parameters<typeof listAutomations>[1]) => (await list(query)).automations.map((a) => a.id).sort();
    expect(await ids({ primitiveType: "campaign" })).toEqual([fx.ids.campaignSchedule, fx.ids.campaignTrigger].sort());
    expect(await ids({ primitiveType: "pulse" })).toEqual([fx.ids.pulse]);
    expect(await ids({ entitySlug: "review" })).toEqual([fx.ids.workflowSchedule, fx.ids.workflowTrigger].sort());
    expect(await ids({ entityId: fx.network.id })).toEqual([fx.ids.networkTrigger]);
    expect(await ids({ type: "webhook" })).toEqual([fx.ids.agentTrigger]);
    expect(await ids({ type: "trigger" })).toEqual([fx.ids.agentTrigger, fx.ids.workflowTrigger, fx.ids.networkTrigger, fx.ids.campaignTrigger].sort());
    expect(await ids({ type: "pulse_eval" })).toEqual([fx.ids.pulse]);
    expect(await ids({ severity: "failing" })).toEqual([fx.ids.campaignSchedule]);
    expect(await ids({ severity: "unstable" })).toEqual([fx.ids.agentSchedule, fx.ids.agentTrigger, fx.ids.workflowTrigger].sort());
    expect(await ids({ search: "SWEEP" })).toEqual([fx.ids.agentSchedule]);
    expect(await ids({ search: "user.signup" })).toEqual([fx.ids.campaignTrigger]);
    expect(await ids({ includeArchived: true, primitiveType: "agent", type: "manual" })).toEqual([fx.ids.archivedTrigger]);
    expect(await ids({ primitiveType: "agent", type: "manual" })).toEqual([]);

    const severityFirst = (await list()).automations.map((a) => a.severity);
    const rank = { failing: 0, unstable: 1, degrading: 2, healthy: 3 };
    expect(severityFirst.map((s) => rank[s])).toEqual([...severityFirst.map((s) => rank[s])].sort());
    expect((await list()).automations[0]!.id).toBe(fx.ids.campaignSchedule);
    expect((await list({ sort: "runs" })).automations[0]!.id).toBe(fx.ids.agentSchedule);
    expect((await list({ sort: "cost" })).automations[0]!.id).toBe(fx.ids.agentSchedule);
    const names = (await list({ sort: "name" })).automations.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const next = (await list({ sort: "nextRun" })).automations;
    expect(next[0]!.id).toBe(fx.ids.agentSchedule);
    expect(next.at(-1)!.nextRunAt).toBeNull();
    expect((await list({ sort: "lastRun" })).automations[0]!.id).toBe(fx.ids.agentSchedule);
  });

  it("summarises", async () => {
    const { summary, automations } = await list();
    expect(summary).toMatchObject({
      total: 9,
      active: 8,
      archived: 1,
      byPrimitive: { agent: 3, workflow: 2, network: 1, campaign: 2, pulse: 1 },
      byType: { scheduled: 4, triggered: 5 },
      needsAttention: 4,
    });
    // 3+3+2+1+1+1+2 successes over 4+4+3+1+2+1+2 decided runs
    expect(summary.overallSuccessRate).toBeCloseTo(Math.round((13 / 17) * 1000) / 10, 5);
    const cost = automations.reduce((sum, a) => sum + (a.estMonthlyCost ?? 0), 0);
    expect(summary.totalEstMonthlyCost).toBeCloseTo(cost, 3);
  });

  it("computes density equal to a brute-force count, cascade-aware, with the concurrency warning", async () => {
    const density = await computeDensity(fx.ctx("VIEWER"), { date: "2026-11-23", threshold: 5 }, NOW);
    expect(density.slots).toHaveLength(24);
    const start = Date.parse("2026-11-23T00:00:00Z");
    const crons = [
      { cron: "*/30 * * * *", primitive: "agent", weight: 1 },
      { cron: "40 22 * * *", primitive: "workflow", weight: 1 },
      { cron: "0 22 * * *", primitive: "campaign", weight: 2 },
      { cron: "0 22 * * *", primitive: "pulse", weight: 1 },
    ];
    for (const slot of density.slots) {
      const expected = { agent: 0, workflow: 0, network: 0, campaign: 0, pulse: 0 } as Record<string, number>;
      for (const { cron, primitive, weight } of crons) {
        // Brute force: walk every occurrence in the slot with cron-parser.
        const it = CronExpressionParser.parse(cron, { currentDate: new Date(start + slot.hour * 3_600_000 - 1), tz: "UTC" });
        let n = 0;
        while (it.next().getTime() < start + (slot.hour + 1) * 3_600_000) n++;
        expected[primitive]! += n * weight;
      }
      expect(slot.byPrimitive).toEqual(expected);
      expect(slot.count).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    }
    expect(density.slots[22]).toMatchObject({ count: 6, firings: 5 });
    expect(density.slots[22]!.names.sort()).toEqual(["Growth — Evaluation Cycle", "Nightly launch", "Nightly review", "Scout sweep"]);
    expect(density.warning).toBe("High concurrency: 6 at 10 PM (2 agent, 2 campaign, 1 pulse, 1 workflow)");
    expect(density.warnings).toHaveLength(1);
  });

  it("builds the calendar, compressing automations firing 12+ times a day", async () => {
    const from = new Date("2026-11-23T00:00:00Z");
    const to = new Date("2026-11-26T00:00:00Z");
    const calendar = await computeCalendar(fx.ctx("VIEWER"), { from, to }, NOW);
    const scout = calendar.entries.filter((e) => e.automationId === fx.ids.agentSchedule);
    expect(scout).toHaveLength(3);
    expect(scout[0]).toMatchObject({ compressed: true, count: 48, title: "Test Agent — Every 30 min (48x/day)", date: "2026-11-23", at: null });
    const launch = calendar.entries.filter((e) => e.automationId === fx.ids.campaignSchedule);
    expect(launch.map((e) => e.at?.toISOString())).toEqual(["2026-11-23T22:00:00.000Z", "2026-11-24T22:00:00.000Z", "2026-11-25T22:00:00.000Z"]);
    expect(calendar.totals.occurrences).toBe(3 * 48 + 3 * 3);
    await expect(computeCalendar(fx.ctx("VIEWER"), { from, to: new Date(from.getTime() + 46 * DAY) }, NOW)).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("toggles, archives and configures health policies with a cascade warning", async () => {
    const operator = fx.ctx("OPERATOR");
    const dependency = await createAutomationDependency(operator, { automationId: fx.ids.campaignSchedule, dependsOnId: fx.ids.workflowSchedule });
    expect((await byId(fx.ids.campaignSchedule)).dependsOn).toContainEqual(
      expect.objectContaining({ id: fx.ids.workflowSchedule, origin: "explicit", dependencyId: dependency.id }),
    );
    expect((await byId(fx.ids.workflowSchedule)).triggers).toContainEqual(expect.objectContaining({ id: fx.ids.campaignSchedule, origin: "explicit" }));

    await expect(createAutomationDependency(operator, { automationId: fx.ids.campaignSchedule, dependsOnId: fx.ids.workflowSchedule })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(createAutomationDependency(operator, { automationId: fx.ids.workflowSchedule, dependsOnId: fx.ids.campaignSchedule })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(createAutomationDependency(operator, { automationId: fx.ids.pulse, dependsOnId: fx.ids.pulse })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(createAutomationDependency(operator, { automationId: fx.ids.pulse, dependsOnId: "agent-schedule:nope" })).rejects.toMatchObject({
      code: "not_found",
    });

    const disabled = await updateAutomation(operator, fx.ids.workflowSchedule, { isActive: false }, NOW);
    expect(disabled.automation).toMatchObject({ isActive: false, nextRunAt: null, projectedRuns30d: 0 });
    expect(disabled.warning?.dependents.map((d) => d.id)).toEqual([fx.ids.campaignSchedule]);
    expect(disabled.warning?.message).toContain("Nightly launch");

    // The implicit pulse → member dependency warns as well.
    const paused = await updateAutomation(operator, fx.ids.agentSchedule, { isActive: false }, NOW);
    expect(paused.warning?.dependents.map((d) => d.id)).toEqual([fx.ids.pulse]);
    const resumed = await updateAutomation(
      operator,
      fx.ids.agentSchedule,
      { isActive: true, healthPolicy: { enabled: true, threshold: 50, window: 20, action: "alert" } },
      NOW,
    );
    expect(resumed.warning).toBeNull();
    expect(resumed.automation).toMatchObject({
      isActive: true,
      healthPolicy: { enabled: true, threshold: 50, window: 20, action: "alert", triggeredAt: null },
    });

    const archived = await updateAutomation(operator, fx.ids.networkTrigger, { archived: true }, NOW);
    expect(archived.automation).toMatchObject({ isArchived: true });
    expect((await list()).automations.some((a) => a.id === fx.ids.networkTrigger)).toBe(false);
    await updateAutomation(operator, fx.ids.networkTrigger, { archived: false }, NOW);

    const pulse = await updateAutomation(operator, fx.ids.pulse, { isActive: false }, NOW);
    expect(pulse.automation.isActive).toBe(false);
    await updateAutomation(operator, fx.ids.pulse, { isActive: true }, NOW);

    // Only scheduled agent/workflow/network/campaign runs are checked against a policy.
    for (const id of [fx.ids.agentTrigger, fx.ids.pulse]) {
      await expect(updateAutomation(operator, id, { healthPolicy: { enabled: true, threshold: 1, window: 1, action: "alert" } }, NOW)).rejects.toMatchObject({
        code: "bad_request",
      });
    }
    await expect(updateAutomation(fx.ctx("VIEWER"), fx.ids.pulse, { isActive: false }, NOW)).rejects.toMatchObject({ code: "forbidden" });
    // The prefix must match the row's entity type.
    await expect(updateAutomation(operator, fx.ids.workflowSchedule.replace("workflow-", "agent-"), { isActive: true }, NOW)).rejects.toMatchObject({
      code: "not_found",
    });

    await updateAutomation(operator, fx.ids.workflowSchedule, { isActive: true }, NOW);
    await deleteAutomationDependency(operator, dependency.id);
    expect((await byId(fx.ids.campaignSchedule)).dependsOn).toEqual([]);
    await expect(deleteAutomationDependency(operator, dependency.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("never shows or changes another organization's automations", async () => {
    const other = await createTestOrganization(db.prisma);
    const { automations, summary } = await listAutomations(other.ctx("OWNER"), {}, NOW);
    expect(automations).toEqual([]);
    expect(summary.total).toBe(0);
    await expect(updateAutomation(other.ctx("OWNER"), fx.ids.agentSchedule, { isActive: false }, NOW)).rejects.toMatchObject({ code: "not_found" });
    await expect(createAutomationDependency(other.ctx("OWNER"), { automationId: fx.ids.pulse, dependsOnId: fx.ids.agentSchedule })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await byId(fx.ids.agentSchedule)).isActive).toBe(true);
  });
});
