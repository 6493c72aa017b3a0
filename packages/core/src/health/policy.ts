import type { HealthAction, PrismaClient, RunStatus } from "@switchyard/database";
import { recordActivity } from "../activity.ts";
import { reportHealthPolicyAlert } from "../alerts/evaluate.ts";
import { computeNextRunAt } from "../cron.ts";
import { halveFrequency } from "./frequency.ts";

/** Which schedule table a policy lives on: the first three are AgentSchedule rows (by entityType), the last CampaignSchedule. */
export type HealthScheduleKind = "agent-schedule" | "workflow-schedule" | "network-schedule" | "campaign-schedule";

export interface HealthScheduleRef {
  kind: HealthScheduleKind;
  scheduleId: string;
  /** Scopes the lookup when the caller knows the tenant (it always should outside the scheduler). */
  organizationId?: string;
}

export type HealthPolicyResult =
  | { triggered: true; action: HealthAction; successRate: number; runs: number; cronExpr: string | null }
  | {
      triggered: false;
      reason: "not_found" | "disabled" | "inactive" | "already_triggered" | "not_enough_runs" | "healthy";
      successRate?: number;
      runs?: number;
    };

/** A schedule row of either table, reduced to what a policy reads. */
interface PolicySchedule {
  table: "agentSchedule" | "campaignSchedule";
  runTable: "agentRun" | "workflowRun" | "networkRun" | "campaign";
  id: string;
  organizationId: string;
  name: string;
  agentId: string | null;
  cronExpr: string;
  timezone: string;
  isActive: boolean;
  isArchived: boolean;
  healthPolicyEnabled: boolean;
  healthThreshold: number;
  healthWindow: number;
  healthAction: HealthAction;
  healthTriggeredAt: Date | null;
  originalCronExpr: string | null;
}

/** The outcomes a success rate counts; a cancelled run says nothing about the schedule's health. */
const COUNTED: RunStatus[] = ["COMPLETED", "FAILED"];

/**
 * Evaluates a schedule's health policy after one of its runs finished: when the success rate of its
 * last `healthWindow` finished runs (cancelled ones do not count) is below `healthThreshold` %, it
 * applies the action once — disable, reduce_frequency (half the rate; the first cron is kept in
 * originalCronExpr) or alert — sets healthTriggeredAt and records the activity. A triggered policy
 * stays quiet until an operator re-arms it by clearing healthTriggeredAt.
 */
export async function evaluateHealthPolicy(db: PrismaClient, ref: HealthScheduleRef, now: Date = new Date()): Promise<HealthPolicyResult> {
  const schedule = await loadSchedule(db, ref);
  if (!schedule) return { triggered: false, reason: "not_found" };
  if (!schedule.healthPolicyEnabled) return { triggered: false, reason: "disabled" };
  if (!schedule.isActive || schedule.isArchived) return { triggered: false, reason: "inactive" };
  if (schedule.healthTriggeredAt) return { triggered: false, reason: "already_triggered" };

  const window = Math.max(1, schedule.healthWindow);
  const statuses = await recentRunStatuses(db, schedule, window);
  if (statuses.length < window) return { triggered: false, reason: "not_enough_runs", runs: statuses.length };
  const successRate = (statuses.filter((status) => status === "COMPLETED").length / statuses.length) * 100;
  if (successRate >= schedule.healthThreshold) return { triggered: false, reason: "healthy", successRate, runs: statuses.length };

  const change = planAction(schedule, now);
  const data = { ...change, healthTriggeredAt: now };
  const where = { id: schedule.id, organizationId: schedule.organizationId, healthTriggeredAt: null, isActive: true };
  // Conditional on the policy still being armed, so concurrent evaluations apply the action once.
  const { count } =
    schedule.table === "agentSchedule" ? await db.agentSchedule.updateMany({ where, data }) : await db.campaignSchedule.updateMany({ where, data });
  if (count !== 1) return { triggered: false, reason: "already_triggered" };

  await recordTriggered(db, schedule, { successRate, runs: statuses.length, cronTo: change.cronExpr ?? null }, now);
  return { triggered: true, action: schedule.healthAction, successRate, runs: statuses.length, cronExpr: change.cronExpr ?? schedule.cronExpr };
}

function planAction(schedule: PolicySchedule, now: Date): { isActive?: boolean; nextRunAt?: Date | null; cronExpr?: string; originalCronExpr?: string } {
  switch (schedule.healthAction) {
    case "disable":
      // Cleared so that re-enabling starts from the next slot, not a missed one.
      return { isActive: false, nextRunAt: null };
    case "reduce_frequency": {
      const cronExpr = halveFrequency(schedule.cronExpr, schedule.timezone, now);
      if (!cronExpr) return {};
      return { cronExpr, originalCronExpr: schedule.originalCronExpr ?? schedule.cronExpr, nextRunAt: computeNextRunAt(cronExpr, schedule.timezone, now) };
    }
    case "alert":
      return {};
  }
}

async function loadSchedule(db: PrismaClient, ref: HealthScheduleRef): Promise<PolicySchedule | null> {
  const where = { id: ref.scheduleId, ...(ref.organizationId ? { organizationId: ref.organizationId } : {}) };
  if (ref.kind === "campaign-schedule") {
    const schedule = await db.campaignSchedule.findFirst({ where });
    return schedule && { ...schedule, table: "campaignSchedule", runTable: "campaign", agentId: null };
  }
  // The row's entityType, not the caller's kind, says which table holds its runs.
  const schedule = await db.agentSchedule.findFirst({ where });
  if (!schedule) return null;
  const runTable = schedule.entityType === "workflow" ? "workflowRun" : schedule.entityType === "network" ? "networkRun" : "agentRun";
  return { ...schedule, table: "agentSchedule", runTable };
}

async function recentRunStatuses(db: PrismaClient, schedule: PolicySchedule, take: number): Promise<RunStatus[]> {
  const query = {
    where: {
      organizationId: schedule.organizationId,
      status: { in: COUNTED },
      ...(schedule.runTable === "campaign" ? { scheduleId: schedule.id } : { triggerId: schedule.id }),
    },
    orderBy: { startedAt: "desc" as const },
    take,
    select: { status: true },
  };
  const rows =
    schedule.runTable === "agentRun"
      ? await db.agentRun.findMany(query)
      : schedule.runTable === "workflowRun"
        ? await db.workflowRun.findMany(query)
        : schedule.runTable === "networkRun"
          ? await db.networkRun.findMany(query)
          : await db.campaign.findMany(query);
  return rows.map((row) => row.status);
}

const TITLES: Record<HealthAction, (name: string) => string> = {
  disable: (name) => `Health policy disabled "${name}"`,
  reduce_frequency: (name) => `Health policy reduced the frequency of "${name}"`,
  alert: (name) => `Health policy alert for "${name}"`,
};

async function recordTriggered(db: PrismaClient, schedule: PolicySchedule, result: { successRate: number; runs: number; cronTo: string | null }, now: Date) {
  const rate = Math.round(result.successRate * 10) / 10;
  const cronChange = result.cronTo ? ` Schedule changed from \`${schedule.cronExpr}\` to \`${result.cronTo}\`.` : "";
  const noChange = schedule.healthAction === "reduce_frequency" && !result.cronTo ? " The schedule is too rare to reduce further." : "";
  const description = `Success rate ${rate}% over the last ${result.runs} runs is below the ${schedule.healthThreshold}% threshold.${cronChange}${noChange}`;
  const common = {
    organizationId: schedule.organizationId,
    description,
    status: "warning",
    triggerId: schedule.id,
    agentId: schedule.agentId ?? undefined,
    metadata: {
      scheduleTable: schedule.table,
      runTable: schedule.runTable,
      action: schedule.healthAction,
      successRate: rate,
      window: result.runs,
      threshold: schedule.healthThreshold,
      cronFrom: schedule.cronExpr,
      cronTo: result.cronTo,
    },
    at: now,
  };
  await recordActivity(db, { ...common, type: "HEALTH_POLICY_TRIGGERED", title: TITLES[schedule.healthAction](schedule.name) });
  if (schedule.healthAction === "alert") {
    await recordActivity(db, { ...common, type: "ALERT", title: `"${schedule.name}" is failing` });
    // The organization's health_policy alert rules open an incident and tell their channels.
    await reportHealthPolicyAlert(db, {
      organizationId: schedule.organizationId,
      scheduleTable: schedule.table,
      scheduleId: schedule.id,
      scheduleName: schedule.name,
      successRate: rate,
      runs: result.runs,
      threshold: schedule.healthThreshold,
      triggeredAt: now,
    });
  }
}

/**
 * After a scheduled run of any kind finishes, its schedule's health policy gets a look. Best-effort:
 * evaluating the policy never fails the run that triggered it.
 */
export async function checkScheduledRunHealth(
  db: PrismaClient,
  kind: HealthScheduleKind,
  run: { organizationId: string; scheduleId: string | null; completedAt: Date | null },
): Promise<void> {
  if (!run.scheduleId) return;
  try {
    await evaluateHealthPolicy(db, { kind, scheduleId: run.scheduleId, organizationId: run.organizationId }, run.completedAt ?? new Date());
  } catch (error) {
    console.warn(`[health] policy of schedule ${run.scheduleId} not evaluated: ${(error as Error).message}`);
  }
}
