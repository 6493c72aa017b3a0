import type { AlertRule, PrismaClient, RunStatus } from "@switchyard/database";
import type { RunKind } from "../runs/run-values.ts";
import type { DeliveryOptions } from "./delivery.ts";
import { openIncident, openIncidentKeys, resolveEntityRunIncidents, resolveIncident, runIncidentKey } from "./incidents.ts";
import { RULE_CONFIGS, type AlertRuleKind, type RuleConfig } from "./kinds.ts";

/**
 * When alert rules look: `run_failed` and `success_rate_below` as each run finishes (from the run
 * lifecycle), `health_policy` when a policy fires its alert action, and the rest by the sweep the
 * scheduler tick runs. Everything here is best-effort: a rule that cannot be evaluated is logged and
 * never fails the run or the tick that asked.
 */

const RUN_RULE_KINDS: AlertRuleKind[] = ["run_failed", "success_rate_below"];
const SWEEP_RULE_KINDS: AlertRuleKind[] = ["approval_waiting", "queue_age", "breaker_open", "health_policy"];
/** The outcomes a success rate counts; a cancelled run says nothing about an automation's health. */
const COUNTED: RunStatus[] = ["COMPLETED", "FAILED"];
/** Parent runs whose agent sub-runs report through them, unless a rule asks for agent runs by kind. */
const PARENT_SOURCES = new Set(["workflow", "network", "campaign"]);
/** Bounds one sweep's approvals per rule; the rest are found on the next tick. */
const APPROVALS_PER_SWEEP = 100;

/** The columns of a finished run of any kind that alerts read (each kind has a few of these). */
export interface FinishedRun {
  id: string;
  organizationId: string;
  status: RunStatus;
  source: string;
  completedAt: Date | null;
  error?: string | null;
  stopReason?: string | null;
  name?: string;
  agentId?: string;
  workflowId?: string;
  networkId?: string;
  templateId?: string | null;
  pulseId?: string;
  workflowRunId?: string | null;
  networkRunId?: string | null;
  triggerId?: string | null;
}

interface Entity {
  id: string;
  slug: string;
  name: string;
  /** Whether runs of it can be counted for a rate (a campaign made without a template cannot). */
  isCountable: boolean;
}

const KIND_LABELS: Record<RunKind, string> = { agent: "Agent", workflow: "Workflow", network: "Network", campaign: "Campaign", pulse: "Pulse" };

function parseConfig<K extends AlertRuleKind>(rule: AlertRule, kind: K): RuleConfig<K> | null {
  const parsed = RULE_CONFIGS[kind].safeParse(rule.config);
  if (parsed.success) return parsed.data as RuleConfig<K>;
  console.warn(`[alerts] rule ${rule.id} has an invalid ${kind} config and is skipped`);
  return null;
}

/**
 * Looks at alert rules after a run finished: opens a `run_failed` incident for a failed run (once per
 * run, however often the finish is announced), resolves the open `run_failed` incidents of the same
 * entity when a run of it completes, and opens or resolves `success_rate_below` incidents from the
 * automation's last N finished runs.
 */
export async function reportRunFinished(db: PrismaClient, kind: RunKind, run: FinishedRun, options: DeliveryOptions = {}): Promise<void> {
  try {
    if (!COUNTED.includes(run.status)) return;
    const rules = await db.alertRule.findMany({ where: { organizationId: run.organizationId, isActive: true, kind: { in: RUN_RULE_KINDS } } });
    if (rules.length === 0) return;
    const entity = await loadEntity(db, kind, run);
    if (!entity) return;
    const isSubRun = kind === "agent" && (Boolean(run.workflowRunId || run.networkRunId) || PARENT_SOURCES.has(run.source));
    // Deliveries are due from the moment the finish is reported, whatever time the run recorded.
    const now = new Date();
    // The failed-run rules that watch this completed run: the entity is healthy again for them.
    const recoveredRuleIds: string[] = [];
    for (const rule of rules) {
      try {
        if (rule.kind === "run_failed") {
          const config = parseConfig(rule, "run_failed");
          if (!config || !isWatched(config, kind, entity, isSubRun)) continue;
          if (run.status === "FAILED") await openRunFailed(db, rule, kind, run, entity, now, options);
          else recoveredRuleIds.push(rule.id);
        } else {
          const config = parseConfig(rule, "success_rate_below");
          if (config && entity.isCountable && isWatched(config, kind, entity, isSubRun))
            await evaluateSuccessRate(db, rule, config, kind, run, entity, now, options);
        }
      } catch (error) {
        console.warn(`[alerts] rule ${rule.id} not evaluated for ${kind} run ${run.id}: ${(error as Error).message}`);
      }
    }
    // A campaign without a template is its own entity: no later run of it can complete.
    if (entity.isCountable)
      await resolveEntityRunIncidents(db, { organizationId: run.organizationId, ruleIds: recoveredRuleIds, kind, entityId: entity.id }, now);
  } catch (error) {
    console.warn(`[alerts] ${kind} run ${run.id} not evaluated: ${(error as Error).message}`);
  }
}

/** A rule without a kind watches top-level runs (a failed sub-run is reported by its failed parent); one with a kind watches every run of it. */
function isWatched(config: { kind?: RunKind; entity?: string }, kind: RunKind, entity: Entity, isSubRun: boolean): boolean {
  if (config.kind ? config.kind !== kind : isSubRun) return false;
  return !config.entity || config.entity === entity.slug;
}

async function openRunFailed(db: PrismaClient, rule: AlertRule, kind: RunKind, run: FinishedRun, entity: Entity, now: Date, options: DeliveryOptions) {
  const reason = (run.error ?? run.stopReason ?? "").trim();
  await openIncident(
    db,
    rule,
    {
      key: runIncidentKey(kind, run.id),
      title: `${KIND_LABELS[kind]} "${entity.name}" failed${reason ? `: ${reason.slice(0, 200)}` : ""}`,
      context: {
        runKind: kind,
        runId: run.id,
        entity: { id: entity.id, slug: entity.slug, name: entity.name },
        error: reason || null,
        source: run.source,
        triggerId: run.triggerId ?? null,
        completedAt: (run.completedAt ?? now).toISOString(),
        path: `/observe/runs/${kind}/${run.id}`,
      },
    },
    now,
    options,
  );
}

async function evaluateSuccessRate(
  db: PrismaClient,
  rule: AlertRule,
  config: RuleConfig<"success_rate_below">,
  kind: RunKind,
  run: FinishedRun,
  entity: Entity,
  now: Date,
  options: DeliveryOptions,
) {
  const statuses = await recentStatuses(db, kind, run.organizationId, entity.id, config.windowRuns);
  // Too few finished runs say nothing yet, either way.
  if (statuses.length < config.windowRuns) return;
  const rate = (statuses.filter((status) => status === "COMPLETED").length / statuses.length) * 100;
  const key = `rate:${kind}:${entity.id}`;
  if (rate >= config.thresholdPercent) {
    await resolveIncident(db, rule.id, key, now);
    return;
  }
  const shown = Math.round(rate * 10) / 10;
  await openIncident(
    db,
    rule,
    {
      key,
      title: `${KIND_LABELS[kind]} "${entity.name}" succeeded in ${shown}% of its last ${statuses.length} runs (below ${config.thresholdPercent}%)`,
      context: {
        runKind: kind,
        entity: { id: entity.id, slug: entity.slug, name: entity.name },
        successRate: shown,
        windowRuns: statuses.length,
        thresholdPercent: config.thresholdPercent,
        lastRunId: run.id,
        path: `/observe?kind=${kind}&entity=${encodeURIComponent(entity.slug)}`,
      },
    },
    now,
    options,
  );
}

/** The statuses of an entity's last `take` finished runs, newest first, on each table's (entity, startedAt) index. */
async function recentStatuses(db: PrismaClient, kind: RunKind, organizationId: string, entityId: string, take: number): Promise<RunStatus[]> {
  const query = { orderBy: { startedAt: "desc" as const }, take, select: { status: true } };
  const where = { organizationId, status: { in: COUNTED } };
  const rows =
    kind === "agent"
      ? await db.agentRun.findMany({ ...query, where: { ...where, agentId: entityId } })
      : kind === "workflow"
        ? await db.workflowRun.findMany({ ...query, where: { ...where, workflowId: entityId } })
        : kind === "network"
          ? await db.networkRun.findMany({ ...query, where: { ...where, networkId: entityId } })
          : kind === "campaign"
            ? await db.campaign.findMany({ ...query, where: { ...where, templateId: entityId } })
            : await db.pulseEvaluation.findMany({ ...query, where: { ...where, pulseId: entityId } });
  return rows.map((row) => row.status);
}

async function loadEntity(db: PrismaClient, kind: RunKind, run: FinishedRun): Promise<Entity | null> {
  const select = { id: true, slug: true, name: true } as const;
  const scoped = (id: string) => ({ id, organizationId: run.organizationId });
  const countable = (entity: { id: string; slug: string; name: string } | null): Entity | null => (entity ? { ...entity, isCountable: true } : null);
  switch (kind) {
    case "agent":
      return run.agentId ? countable(await db.agent.findFirst({ where: scoped(run.agentId), select })) : null;
    case "workflow":
      return run.workflowId ? countable(await db.workflow.findFirst({ where: scoped(run.workflowId), select })) : null;
    case "network":
      return run.networkId ? countable(await db.network.findFirst({ where: scoped(run.networkId), select })) : null;
    case "pulse":
      return run.pulseId ? countable(await db.pulse.findFirst({ where: scoped(run.pulseId), select })) : null;
    case "campaign": {
      // A campaign is its own entity when no template made it (as in the unified run list).
      const template = run.templateId ? await db.campaignTemplate.findFirst({ where: scoped(run.templateId), select }) : null;
      return countable(template) ?? { id: run.id, slug: run.id, name: run.name ?? "Campaign", isCountable: false };
    }
  }
}

/** A schedule's health policy fired its `alert` action: every active `health_policy` rule opens an incident. */
export async function reportHealthPolicyAlert(
  db: PrismaClient,
  input: {
    organizationId: string;
    scheduleTable: "agentSchedule" | "campaignSchedule";
    scheduleId: string;
    scheduleName: string;
    successRate: number;
    runs: number;
    threshold: number;
    triggeredAt: Date;
  },
  options: DeliveryOptions = {},
): Promise<void> {
  try {
    const rules = await db.alertRule.findMany({ where: { organizationId: input.organizationId, isActive: true, kind: "health_policy" } });
    for (const rule of rules) {
      await openIncident(
        db,
        rule,
        {
          key: `health:${input.scheduleId}`,
          title: `Health policy: "${input.scheduleName}" succeeded in ${input.successRate}% of its last ${input.runs} runs (below ${input.threshold}%)`,
          context: {
            scheduleTable: input.scheduleTable,
            scheduleId: input.scheduleId,
            scheduleName: input.scheduleName,
            successRate: input.successRate,
            runs: input.runs,
            threshold: input.threshold,
            triggeredAt: input.triggeredAt.toISOString(),
            path: "/schedule",
          },
        },
        input.triggeredAt,
        options,
      );
    }
  } catch (error) {
    console.warn(`[alerts] health policy alert of schedule ${input.scheduleId} not reported: ${(error as Error).message}`);
  }
}

export interface ConditionSweep {
  opened: number;
  resolved: number;
}

/**
 * The periodic look at the conditions no single event reports: approvals waiting too long, an old
 * queue, open circuit breakers, and health-policy incidents whose schedule was re-armed. Each opens
 * what holds and resolves what no longer does.
 */
export async function sweepAlertConditions(db: PrismaClient, now: Date = new Date(), options: DeliveryOptions = {}): Promise<ConditionSweep> {
  const totals: ConditionSweep = { opened: 0, resolved: 0 };
  const rules = await db.alertRule.findMany({ where: { isActive: true, kind: { in: SWEEP_RULE_KINDS } }, orderBy: { createdAt: "asc" } });
  let breakers: { name: string; state: string; consecutiveFailures: number; lastReason: string | null; openedAt: Date | null }[] | null = null;
  for (const rule of rules) {
    try {
      const result = await sweepRule(db, rule, now, options, async () => {
        breakers ??= await db.circuitBreaker.findMany({
          where: { state: { not: "closed" } },
          select: { name: true, state: true, consecutiveFailures: true, lastReason: true, openedAt: true },
        });
        return breakers;
      });
      totals.opened += result.opened;
      totals.resolved += result.resolved;
    } catch (error) {
      console.warn(`[alerts] rule ${rule.id} not swept: ${(error as Error).message}`);
    }
  }
  return totals;
}

type Breakers = () => Promise<{ name: string; state: string; consecutiveFailures: number; lastReason: string | null; openedAt: Date | null }[]>;

async function sweepRule(db: PrismaClient, rule: AlertRule, now: Date, options: DeliveryOptions, breakers: Breakers): Promise<ConditionSweep> {
  const result: ConditionSweep = { opened: 0, resolved: 0 };
  const open = async (input: Parameters<typeof openIncident>[2]) => {
    if ((await openIncident(db, rule, input, now, options)).created) result.opened += 1;
  };
  const resolve = async (key: string) => {
    if (await resolveIncident(db, rule.id, key, now)) result.resolved += 1;
  };

  switch (rule.kind) {
    case "approval_waiting": {
      const config = parseConfig(rule, "approval_waiting");
      if (!config) return result;
      const cutoff = new Date(now.getTime() - config.minutes * 60_000);
      const waiting = await db.approvalRequest.findMany({
        where: { organizationId: rule.organizationId, status: "pending", requestedAt: { lte: cutoff } },
        orderBy: { requestedAt: "asc" },
        take: APPROVALS_PER_SWEEP,
        select: { id: true, title: true, sourceType: true, requestedAt: true },
      });
      for (const approval of waiting) {
        const minutes = Math.floor((now.getTime() - approval.requestedAt.getTime()) / 60_000);
        await open({
          key: `approval:${approval.id}`,
          title: `Approval "${approval.title}" has waited ${formatMinutes(minutes)} (over ${formatMinutes(config.minutes)})`,
          context: {
            approvalId: approval.id,
            sourceType: approval.sourceType,
            requestedAt: approval.requestedAt.toISOString(),
            minutes: config.minutes,
            path: "/command",
          },
        });
      }
      // An approval that was decided (or expired) is no longer waiting.
      const openKeys = (await openIncidentKeys(db, rule.id)).map((incident) => incident.key).filter((key) => key.startsWith("approval:"));
      const ids = openKeys.map((key) => key.slice("approval:".length));
      if (ids.length === 0) return result;
      const stillPending = new Set(
        (await db.approvalRequest.findMany({ where: { organizationId: rule.organizationId, id: { in: ids }, status: "pending" }, select: { id: true } })).map(
          (approval) => approval.id,
        ),
      );
      for (const id of ids) if (!stillPending.has(id)) await resolve(`approval:${id}`);
      return result;
    }

    case "queue_age": {
      const config = parseConfig(rule, "queue_age");
      if (!config) return result;
      // This organization's jobs and the shared system jobs (scheduler ticks): either waiting means the workers are behind.
      const oldest = await db.executionJob.findFirst({
        where: { status: "PENDING", runAt: { lte: now }, OR: [{ organizationId: rule.organizationId }, { organizationId: null }] },
        orderBy: { runAt: "asc" },
        select: { runAt: true, eventName: true },
      });
      const ageSeconds = oldest ? Math.floor((now.getTime() - oldest.runAt.getTime()) / 1000) : 0;
      if (oldest && ageSeconds > config.seconds) {
        await open({
          key: "queue",
          title: `The oldest due job has waited ${ageSeconds} s (over ${config.seconds} s)`,
          context: {
            ageSeconds,
            thresholdSeconds: config.seconds,
            oldestEvent: oldest.eventName,
            dueAt: oldest.runAt.toISOString(),
            path: "/admin/ai/runtime",
          },
        });
      } else {
        await resolve("queue");
      }
      return result;
    }

    case "breaker_open": {
      if (!parseConfig(rule, "breaker_open")) return result;
      const notClosed = await breakers();
      for (const breaker of notClosed) {
        await open({
          key: `breaker:${breaker.name}`,
          title: `Circuit breaker "${breaker.name}" is open after ${breaker.consecutiveFailures} consecutive failures`,
          context: {
            breaker: breaker.name,
            state: breaker.state,
            consecutiveFailures: breaker.consecutiveFailures,
            lastReason: breaker.lastReason,
            openedAt: breaker.openedAt?.toISOString() ?? null,
            path: "/admin/ai/runtime",
          },
        });
      }
      const names = new Set(notClosed.map((breaker) => `breaker:${breaker.name}`));
      for (const incident of await openIncidentKeys(db, rule.id)) if (!names.has(incident.key)) await resolve(incident.key);
      return result;
    }

    case "health_policy": {
      // Resolved once the schedule's policy was re-armed (healthTriggeredAt cleared or set anew).
      for (const incident of await openIncidentKeys(db, rule.id)) {
        const context = (incident.context ?? {}) as { scheduleTable?: string; scheduleId?: string; triggeredAt?: string };
        if (!context.scheduleId) continue;
        const where = { id: context.scheduleId, organizationId: rule.organizationId };
        const select = { healthTriggeredAt: true } as const;
        const schedule =
          context.scheduleTable === "campaignSchedule"
            ? await db.campaignSchedule.findFirst({ where, select })
            : await db.agentSchedule.findFirst({ where, select });
        if (schedule?.healthTriggeredAt?.toISOString() !== context.triggeredAt) await resolve(incident.key);
      }
      return result;
    }

    default:
      return result;
  }
}

function formatMinutes(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}
