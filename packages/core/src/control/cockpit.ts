import { Prisma } from "@switchyard/database";
import { getSeverity, getSuccessRate } from "@switchyard/ui/severity";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { computeDensity } from "../automations/density.ts";
import { getRunMetrics, type KindMetrics } from "../runs/metrics.ts";
import { RUN_KINDS } from "../runs/run-values.ts";

/**
 * The /control cockpit: "is my system healthy?" in one read-only synthesis. Every figure is computed
 * from stored runs, reviews and incidents at request time; each tile carries the link to the view
 * that explains it.
 */

const DAY_MS = 86_400_000;
/** Health compares this many days with the same span before it. */
export const HEALTH_PERIOD_DAYS = 7;
/** Volume, cost and failure-rate trends cover this many days. */
export const TREND_DAYS = 30;
/** An automation is anomalous when its last day departs from its own week before by this factor. */
const ANOMALY_FACTOR = 2;
/** ...and its last day holds at least this many finished runs, so one failure of one run is no anomaly. */
const ANOMALY_MIN_RUNS = 3;

const successRate = (metrics: Pick<KindMetrics, "completed" | "failed">) => getSuccessRate(metrics.completed, metrics.failed);

/** The calendar month (UTC) so far: what it cost, its projection at this pace, and the organization's budget. */
export const MonthCost = z.object({
  costUsd: z.number(),
  projectedUsd: z.number(),
  budgetUsd: z.number().nullable(),
  /** projected / budget; null without a budget. */
  budgetShare: z.number().nullable(),
});
export type MonthCost = z.infer<typeof MonthCost>;

export const CockpitSchema = z.object({
  generatedAt: z.string(),
  health: z.array(
    z.object({
      kind: z.enum(RUN_KINDS),
      runs: z.number().int(),
      /** Percent, as every surface shows it (getSuccessRate). */
      successRate: z.number().nullable(),
      previousSuccessRate: z.number().nullable(),
      severity: z.enum(["healthy", "degrading", "unstable", "failing"]),
      /** Percentage points against the previous period; null when either period had no finished run. */
      trendPoints: z.number().nullable(),
      href: z.string(),
    }),
  ),
  trends: z.object({
    days: z.array(z.object({ day: z.string(), runs: z.number().int(), failed: z.number().int(), costUsd: z.number(), failureRate: z.number().nullable() })),
    href: z.string(),
  }),
  month: MonthCost,
  scheduleLoad: z.object({
    peakHour: z.number().int().nullable(),
    peakCount: z.number().int(),
    threshold: z.number().int(),
    warning: z.string().nullable(),
    href: z.string(),
  }),
  alerts: z.object({ open: z.number().int(), latest: z.array(z.object({ id: z.string(), title: z.string(), openedAt: z.date() })), href: z.string() }),
  anomalies: z.array(
    z.object({
      kind: z.enum(["workflow", "agent", "network"]),
      triggerId: z.string(),
      name: z.string(),
      reason: z.enum(["failure_rate", "cost"]),
      recent: z.number(),
      baseline: z.number(),
      href: z.string(),
    }),
  ),
  approvals: z.object({
    pending: z.number().int(),
    oldestRequestedAt: z.date().nullable(),
    byAge: z.object({ underHour: z.number().int(), underDay: z.number().int(), older: z.number().int() }),
    href: z.string(),
  }),
  autonomy: z.array(
    z.object({
      agentId: z.string(),
      slug: z.string(),
      name: z.string(),
      runs: z.number().int(),
      humanDecisions: z.number().int(),
      retries: z.number().int(),
      /** Share of runs that needed neither a human decision nor a retry. */
      autonomy: z.number().nullable(),
      href: z.string(),
    }),
  ),
});
export type Cockpit = z.infer<typeof CockpitSchema>;

export async function getCockpit(ctx: OrgContext, now: Date = new Date()): Promise<Cockpit> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
  const [current, previous, trend, month, density, alerts, anomalies, approvals, autonomy] = await Promise.all([
    getRunMetrics(ctx, { from: at(HEALTH_PERIOD_DAYS), to: now.toISOString(), bucket: "day" }),
    getRunMetrics(ctx, { from: at(2 * HEALTH_PERIOD_DAYS), to: at(HEALTH_PERIOD_DAYS), bucket: "day" }),
    getRunMetrics(ctx, { from: at(TREND_DAYS), to: now.toISOString(), bucket: "day" }),
    getMonthCost(ctx, now),
    computeDensity(ctx, {}, now),
    openAlerts(ctx),
    findAnomalies(ctx, now),
    pendingApprovals(ctx, now),
    agentAutonomy(ctx, new Date(now.getTime() - TREND_DAYS * DAY_MS)),
  ]);

  const health = RUN_KINDS.map((kind) => {
    const rate = successRate(current.byKind[kind]);
    const before = successRate(previous.byKind[kind]);
    return {
      kind,
      runs: current.byKind[kind].total,
      successRate: rate,
      previousSuccessRate: before,
      severity: getSeverity(rate, current.byKind[kind].completed + current.byKind[kind].failed),
      trendPoints: rate === null || before === null ? null : Math.round((rate - before) * 10) / 10,
      href: `/observe?kind=${kind}&range=7d`,
    };
  });

  const peak = [...density.slots].sort((a, b) => b.count - a.count || a.hour - b.hour)[0];

  return {
    generatedAt: now.toISOString(),
    health,
    trends: {
      days: trend.series.map((bucket) => ({
        day: bucket.bucket,
        runs: bucket.total,
        failed: bucket.failed,
        costUsd: bucket.costUsd,
        failureRate: bucket.completed + bucket.failed === 0 ? null : bucket.failed / (bucket.completed + bucket.failed),
      })),
      href: "/observe?range=30d",
    },
    month,
    scheduleLoad: {
      peakHour: peak && peak.count > 0 ? peak.hour : null,
      peakCount: peak?.count ?? 0,
      threshold: density.threshold,
      warning: density.warning,
      href: "/schedule?view=calendar",
    },
    alerts,
    anomalies,
    approvals,
    autonomy,
  };
}

/** The month's cost so far from stored runs, projected linearly to the month's end, against the budget. */
export async function getMonthCost(ctx: OrgContext, now: Date = new Date()): Promise<MonthCost> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [month, organization] = await Promise.all([
    getRunMetrics(ctx, { from: monthStart.toISOString(), to: now.toISOString(), bucket: "day" }),
    ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { monthlyBudgetUsd: true } }),
  ]);
  const monthEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  const elapsed = Math.max(1, now.getTime() - monthStart.getTime());
  const projectedUsd = (month.totals.totalCostUsd * (monthEnd - monthStart.getTime())) / elapsed;
  const budgetUsd = organization.monthlyBudgetUsd;
  return { costUsd: month.totals.totalCostUsd, projectedUsd, budgetUsd, budgetShare: budgetUsd ? projectedUsd / budgetUsd : null };
}

async function openAlerts(ctx: OrgContext): Promise<Cockpit["alerts"]> {
  const where = { organizationId: ctx.organizationId, status: "open" };
  const [open, latest] = await Promise.all([
    ctx.db.alertIncident.count({ where }),
    ctx.db.alertIncident.findMany({ where, orderBy: { openedAt: "desc" }, take: 5, select: { id: true, title: true, openedAt: true } }),
  ]);
  return { open, latest, href: "/settings/alerts" };
}

/**
 * Automations (triggers and schedules of agents, workflows and networks) whose last day departs from
 * their own previous week: a failure rate or an average cost per run at least ANOMALY_FACTOR times the
 * baseline (a failure rate from zero counts when it reaches 50%).
 */
async function findAnomalies(ctx: OrgContext, now: Date): Promise<Cockpit["anomalies"]> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const weekBefore = new Date(dayAgo.getTime() - HEALTH_PERIOD_DAYS * DAY_MS);
  const tables = {
    agent: ["AgentRun", "Agent", "agentId"],
    workflow: ["WorkflowRun", "Workflow", "workflowId"],
    network: ["NetworkRun", "Network", "networkId"],
  } as const;
  const branches = Object.entries(tables).map(
    ([kind, [run, entity, link]]) => Prisma.sql`
      SELECT ${kind}::text AS kind, r."triggerId" AS "triggerId", min(e.name) AS name,
        count(*) FILTER (WHERE r."startedAt" >= ${dayAgo})::int AS "recentRuns",
        count(*) FILTER (WHERE r."startedAt" >= ${dayAgo} AND r.status = 'FAILED')::int AS "recentFailed",
        coalesce(sum(r."costUsd") FILTER (WHERE r."startedAt" >= ${dayAgo}), 0)::float8 AS "recentCost",
        count(*) FILTER (WHERE r."startedAt" < ${dayAgo})::int AS "baseRuns",
        count(*) FILTER (WHERE r."startedAt" < ${dayAgo} AND r.status = 'FAILED')::int AS "baseFailed",
        coalesce(sum(r."costUsd") FILTER (WHERE r."startedAt" < ${dayAgo}), 0)::float8 AS "baseCost"
      FROM ${Prisma.raw(`"${run}"`)} r JOIN ${Prisma.raw(`"${entity}"`)} e ON e.id = r.${Prisma.raw(`"${link}"`)}
      WHERE r."organizationId" = ${ctx.organizationId} AND r."startedAt" >= ${weekBefore} AND r."triggerId" IS NOT NULL
        AND r.status IN ('COMPLETED', 'FAILED')
      GROUP BY r."triggerId"`,
  );
  const rows = await ctx.db.$queryRaw<
    {
      kind: "agent" | "workflow" | "network";
      triggerId: string;
      name: string;
      recentRuns: number;
      recentFailed: number;
      recentCost: number;
      baseRuns: number;
      baseFailed: number;
      baseCost: number;
    }[]
  >`${Prisma.join(branches, " UNION ALL ")}`;
  const anomalies: Cockpit["anomalies"] = [];
  for (const row of rows) {
    if (row.recentRuns < ANOMALY_MIN_RUNS || row.baseRuns === 0) continue;
    const href = `/observe?kind=${row.kind}&triggerId=${encodeURIComponent(row.triggerId)}&range=7d`;
    const recentFailure = row.recentFailed / row.recentRuns;
    const baseFailure = row.baseFailed / row.baseRuns;
    if (baseFailure === 0 ? recentFailure >= 0.5 : recentFailure >= ANOMALY_FACTOR * baseFailure) {
      anomalies.push({ kind: row.kind, triggerId: row.triggerId, name: row.name, reason: "failure_rate", recent: recentFailure, baseline: baseFailure, href });
    }
    const recentCost = row.recentCost / row.recentRuns;
    const baseCost = row.baseCost / row.baseRuns;
    if (baseCost > 0 && recentCost >= ANOMALY_FACTOR * baseCost) {
      anomalies.push({ kind: row.kind, triggerId: row.triggerId, name: row.name, reason: "cost", recent: recentCost, baseline: baseCost, href });
    }
  }
  return anomalies.sort((a, b) => b.recent / Math.max(b.baseline, 1e-9) - a.recent / Math.max(a.baseline, 1e-9)).slice(0, 10);
}

async function pendingApprovals(ctx: OrgContext, now: Date): Promise<Cockpit["approvals"]> {
  const where = { organizationId: ctx.organizationId, status: "pending" as const };
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [pending, underHour, underDay, oldest] = await Promise.all([
    ctx.db.approvalRequest.count({ where }),
    ctx.db.approvalRequest.count({ where: { ...where, requestedAt: { gte: hourAgo } } }),
    ctx.db.approvalRequest.count({ where: { ...where, requestedAt: { gte: dayAgo, lt: hourAgo } } }),
    ctx.db.approvalRequest.findFirst({ where, orderBy: { requestedAt: "asc" }, select: { requestedAt: true } }),
  ]);
  return {
    pending,
    oldestRequestedAt: oldest?.requestedAt ?? null,
    byAge: { underHour, underDay, older: pending - underHour - underDay },
    href: "/command",
  };
}

/**
 * Per agent over the trend window: how many of its runs went without a human. A human decision is
 * a review that named the agent; a retry is a run started as one.
 */
async function agentAutonomy(ctx: OrgContext, since: Date): Promise<Cockpit["autonomy"]> {
  const organizationId = ctx.organizationId;
  const [runs, retries, decisions, agents] = await Promise.all([
    ctx.db.agentRun.groupBy({ by: ["agentId"], where: { organizationId, startedAt: { gte: since } }, _count: { _all: true } }),
    ctx.db.agentRun.groupBy({ by: ["agentId"], where: { organizationId, startedAt: { gte: since }, retryOfId: { not: null } }, _count: { _all: true } }),
    ctx.db.approvalRequest.groupBy({ by: ["agentId"], where: { organizationId, requestedAt: { gte: since }, agentId: { not: null } }, _count: { _all: true } }),
    ctx.db.agent.findMany({ where: { organizationId, archivedAt: null }, select: { id: true, slug: true, name: true } }),
  ]);
  const countOf = (groups: { agentId: string | null; _count: { _all: number } }[]) => new Map(groups.map((group) => [group.agentId, group._count._all]));
  const runCount = countOf(runs);
  const retryCount = countOf(retries);
  const decisionCount = countOf(decisions);
  return agents
    .map((agent) => {
      const total = runCount.get(agent.id) ?? 0;
      const humanDecisions = decisionCount.get(agent.id) ?? 0;
      const retried = retryCount.get(agent.id) ?? 0;
      return {
        agentId: agent.id,
        slug: agent.slug,
        name: agent.name,
        runs: total,
        humanDecisions,
        retries: retried,
        autonomy: total === 0 ? null : Math.max(0, 1 - (humanDecisions + retried) / total),
        href: `/observe?kind=agent&search=${encodeURIComponent(agent.slug)}&range=30d`,
      };
    })
    .filter((row) => row.runs > 0)
    .sort((a, b) => (a.autonomy ?? 1) - (b.autonomy ?? 1) || b.runs - a.runs);
}
