import type { AgentRun, Campaign, NetworkRun, Prisma, PrismaClient, PulseEvaluation, RunStatus, WorkflowRun } from "@switchyard/database";
import { recordActivity, type ActivityInput } from "../activity.ts";
import { reportRunFinished } from "../alerts/evaluate.ts";
import { hasRunEventPublisher, publishOutgoingEvent, type RunEventStatus } from "../bridge/publisher.ts";
import { expirePendingReviews } from "../reviews/requests.ts";
import { closeCampaign, plannerRunKey, taskRunKey } from "../campaigns/review.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { checkScheduledRunHealth, type HealthScheduleKind } from "../health/policy.ts";
import { RetryLater } from "../execution/retry-later.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import { recordRunStatus, traceColumnsOf } from "../telemetry/tracing.ts";
import { createOnce } from "../unique.ts";
import type { RunKind } from "./unified.ts";

/**
 * The one run lifecycle of every kind: queued → running → (suspended) → completed | failed |
 * cancelled. Each run table is reached through its adapter in RUN_TABLES (the write-side twin of
 * KIND_SOURCES); the runtimes, cancel, retry and recovery go through the functions below, and
 * `finishOnce` is the only place a run gets its final status.
 */

export const FINAL_STATUSES = ["COMPLETED", "FAILED", "CANCELLED"] as const satisfies RunStatus[];
export type FinalStatus = (typeof FINAL_STATUSES)[number];
const UNFINISHED: RunStatus[] = ["QUEUED", "RUNNING", "SUSPENDED"];

export function isFinished(status: RunStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly RunStatus[]).includes(status);
}

/** The largest duration the Int `durationMs` columns hold (about 24.8 days). */
const MAX_DURATION_MS = 2_147_483_647;

/**
 * Milliseconds from `start` to `end`, never negative and clamped to what the column holds: a run
 * that waited weeks for a human must still be recordable.
 */
export function durationBetween(start: Date, end: Date): number {
  return Math.min(MAX_DURATION_MS, Math.max(0, end.getTime() - start.getTime()));
}

/** A RUNNING run whose heartbeat is older than this was left behind by a stopped worker. */
export const STALE_RUN_MS = 2 * 60_000;
/** How often a running run beats, well inside STALE_RUN_MS, so a long step is never mistaken for a crash. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

const NOT_STARTED = "Cancelled before it started";

interface RunKinds {
  agent: { row: AgentRun; data: Prisma.AgentRunUncheckedUpdateManyInput };
  workflow: { row: WorkflowRun; data: Prisma.WorkflowRunUncheckedUpdateManyInput };
  network: { row: NetworkRun; data: Prisma.NetworkRunUncheckedUpdateManyInput };
  campaign: { row: Campaign; data: Prisma.CampaignUncheckedUpdateManyInput };
  pulse: { row: PulseEvaluation; data: Prisma.PulseEvaluationUncheckedUpdateManyInput };
}
export type RunRowOf<K extends RunKind> = RunKinds[K]["row"];
type RunDataOf<K extends RunKind> = RunKinds[K]["data"];

/** How a run ends: its final status, the reason (`error`, a campaign's `stopReason`) and the kind's own columns. */
export interface RunEnd<K extends RunKind> {
  status: FinalStatus;
  error?: string | null;
  data?: RunDataOf<K>;
}

/** The conditions every run table shares, so one adapter method serves every compare-and-set. */
interface RunWhere {
  id: string;
  organizationId?: string;
  status?: { in: RunStatus[] };
  heartbeatAt?: Date | null;
  cancelRequestedAt?: null;
  OR?: ({ claimedBy: string } | { heartbeatAt: { lt: Date } })[];
}

/** The lifecycle columns every run table shares; `error` is the reason column of the kind. */
interface RunPatch {
  status?: RunStatus;
  error?: string | null;
  startedAt?: Date;
  completedAt?: Date;
  durationMs?: number;
  heartbeatAt?: Date;
  claimedAt?: Date;
  claimedBy?: string;
  cancelRequestedAt?: Date;
  traceId?: string;
  traceSpanId?: string;
}

/** One run table: how to read and write it, and what the kind records around the shared lifecycle. */
interface RunTable<K extends RunKind> {
  /** Names the run in the notes of the reviews it leaves expired. */
  label: string;
  find(db: PrismaClient, where: { id: string; organizationId?: string }): Promise<RunRowOf<K> | null>;
  findByKey(db: PrismaClient, organizationId: string, dedupeKey: string): Promise<RunRowOf<K> | null>;
  /** A conditional write; returns how many rows it changed (0 or 1). */
  update(db: PrismaClient, where: RunWhere, patch: RunPatch, data?: RunDataOf<K>): Promise<number>;
  errorOf(run: RunRowOf<K>): string | null;
  /** The definition the run belongs to, as outgoing events name it. */
  entityIdOf(run: RunRowOf<K>): string | null;
  /** Statuses in which no worker holds the run, so a cancel ends it at once. */
  idle: RunStatus[];
  /** Statuses in which the run has not started, so ending from one takes no time (default: QUEUED). */
  unstarted?: RunStatus[];
  idleCancelReason(status: RunStatus, actorLabel: string): string;
  /** Whether claiming restarts `startedAt`, so the duration measures the work rather than the wait. */
  startsOnClaim?: boolean;
  startedActivity?(db: PrismaClient, run: RunRowOf<K>, at: Date): Promise<ActivityInput>;
  /** The kind's work before its final write (totals, closing its child rows); may settle the status. */
  prepareFinish?(db: PrismaClient, run: RunRowOf<K>, end: RunEnd<K>): Promise<RunEnd<K>>;
  /** The kind's work once the run has ended (unreached steps, its entity's bookkeeping). */
  closeFinished?(db: PrismaClient, run: RunRowOf<K>): Promise<void>;
  /** The one activity event of the finished run, or null when the kind records none for its status. */
  finishedActivity(db: PrismaClient, run: RunRowOf<K>): Promise<ActivityInput | null>;
  triggerEventLink(run: RunRowOf<K>): { triggerEventId: string | null; link: Prisma.TriggerEventUncheckedUpdateManyInput } | null;
  reviewsOf?(run: RunRowOf<K>): { organizationId: string } & ({ workflowRunId: string } | { campaignId: string } | { agentRunId: string });
  healthOf(run: RunRowOf<K>): { kind: HealthScheduleKind; scheduleId: string | null } | null;
  /** The agent sub-runs a cancel of this run passes on to. */
  subRunsOf?(db: PrismaClient, run: RunRowOf<K>): Promise<{ link: Prisma.AgentRunWhereInput; reason: string }>;
}

const withError = (patch: RunPatch) => {
  const { error, ...rest } = patch;
  return error === undefined ? rest : { ...rest, error };
};

const RUN_TABLES: { [K in RunKind]: RunTable<K> } = {
  agent: {
    label: "Agent run",
    find: (db, where) => db.agentRun.findFirst({ where }),
    findByKey: (db, organizationId, dedupeKey) => db.agentRun.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } } }),
    update: async (db, where, patch, data) => (await db.agentRun.updateMany({ where, data: { ...withError(patch), ...data } })).count,
    errorOf: (run) => run.error,
    entityIdOf: (run) => run.agentId,
    // SUSPENDED: a direct fire of an APPROVAL_REQUIRED agent waiting for its review (agents/risk-gate.ts); it has not started.
    idle: ["QUEUED", "SUSPENDED"],
    unstarted: ["QUEUED", "SUSPENDED"],
    idleCancelReason: (status, actorLabel) => (status === "QUEUED" ? NOT_STARTED : `Cancelled by ${actorLabel} while awaiting approval`),
    // An agent run's only activity event is its cancellation; its parent's events tell the rest.
    async finishedActivity(db, run) {
      if (run.status !== "CANCELLED") return null;
      const agent = await db.agent.findUniqueOrThrow({ where: { id: run.agentId }, select: { slug: true, name: true } });
      // A campaign's sub-runs are linked through their metadata (AgentRun has no campaign column), so its group shows them.
      const campaignLink = (run.metadata ?? {}) as { campaignId?: unknown; missionId?: unknown };
      return {
        organizationId: run.organizationId,
        type: "AGENT_RUN_CANCELLED",
        title: `Agent "${agent.name}" was cancelled`,
        description: run.error ?? undefined,
        status: "cancelled",
        agentId: run.agentId,
        agentSlug: agent.slug,
        runId: run.id,
        workflowRunId: run.workflowRunId ?? undefined,
        networkRunId: run.networkRunId ?? undefined,
        campaignId: typeof campaignLink.campaignId === "string" ? campaignLink.campaignId : undefined,
        missionId: typeof campaignLink.missionId === "string" ? campaignLink.missionId : undefined,
        triggerId: run.triggerId ?? undefined,
        costUsd: run.costUsd,
        totalTokens: run.totalTokens,
        durationMs: run.durationMs ?? 0,
        metadata: { source: run.source, error: run.error },
        at: run.completedAt ?? undefined,
      };
    },
    triggerEventLink: (run) => ({ triggerEventId: run.triggerEventId, link: { agentRunId: run.id, agentId: run.agentId } }),
    reviewsOf: (run) => ({ organizationId: run.organizationId, agentRunId: run.id }),
    healthOf: (run) => (run.source === "schedule" ? { kind: "agent-schedule", scheduleId: run.triggerId } : null),
  },

  workflow: {
    label: "Workflow run",
    find: (db, where) => db.workflowRun.findFirst({ where }),
    findByKey: (db, organizationId, dedupeKey) => db.workflowRun.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } } }),
    update: async (db, where, patch, data) => (await db.workflowRun.updateMany({ where, data: { ...withError(patch), ...data } })).count,
    errorOf: (run) => run.error,
    entityIdOf: (run) => run.workflowId,
    idle: ["QUEUED", "SUSPENDED"],
    idleCancelReason: (_status, actorLabel) => `Cancelled by ${actorLabel}`,
    async startedActivity(db, run, at) {
      const workflow = await db.workflow.findUniqueOrThrow({ where: { id: run.workflowId }, select: { slug: true, name: true } });
      return {
        organizationId: run.organizationId,
        type: "WORKFLOW_STARTED",
        title: `Workflow "${workflow.name}" started`,
        status: "running",
        workflowRunId: run.id,
        triggerId: run.triggerId ?? undefined,
        metadata: { workflowSlug: workflow.slug, source: run.source, input: summarize(run.input) },
        at,
      };
    },
    // Tokens and cost are what its agent sub-runs actually spent, failed ones included.
    async prepareFinish(db, run, end) {
      const sum = await db.agentRun.aggregate({
        where: { organizationId: run.organizationId, workflowRunId: run.id },
        _sum: { totalTokens: true, costUsd: true },
      });
      return { ...end, data: { ...end.data, suspendedStepId: null, totalTokens: sum._sum.totalTokens ?? 0, costUsd: sum._sum.costUsd ?? 0 } };
    },
    async closeFinished(db, run) {
      if (run.status === "COMPLETED") return;
      const reason = run.error ?? run.status.toLowerCase();
      await db.workflowRunStep.updateMany({
        where: { workflowRunId: run.id, status: { in: ["PENDING", "WAITING"] } },
        data:
          run.status === "CANCELLED"
            ? { status: "CANCELLED", completedAt: run.completedAt }
            : { status: "SKIPPED", output: { reason: `not run: ${reason}` }, completedAt: run.completedAt },
      });
    },
    async finishedActivity(db, run) {
      const workflow = await db.workflow.findUniqueOrThrow({ where: { id: run.workflowId }, select: { slug: true, name: true } });
      const metrics = {
        organizationId: run.organizationId,
        workflowRunId: run.id,
        triggerId: run.triggerId ?? undefined,
        durationMs: run.durationMs ?? undefined,
        costUsd: run.costUsd,
        totalTokens: run.totalTokens,
        at: run.completedAt ?? undefined,
      };
      if (run.status === "COMPLETED") {
        return {
          ...metrics,
          type: "WORKFLOW_COMPLETED",
          title: `Workflow "${workflow.name}" completed`,
          status: "completed",
          metadata: { workflowSlug: workflow.slug, outputSummary: summarize(run.output) },
        };
      }
      const failed = run.status === "FAILED";
      return {
        ...metrics,
        type: failed ? "WORKFLOW_FAILED" : "WORKFLOW_CANCELLED",
        title: failed ? `Workflow "${workflow.name}" failed` : `Workflow "${workflow.name}" was cancelled`,
        description: run.error ?? undefined,
        status: failed ? "failed" : "cancelled",
        metadata: { workflowSlug: workflow.slug, error: run.error },
      };
    },
    triggerEventLink: (run) => ({ triggerEventId: run.triggerEventId, link: { workflowId: run.workflowId, workflowRunId: run.id } }),
    reviewsOf: (run) => ({ organizationId: run.organizationId, workflowRunId: run.id }),
    healthOf: (run) => (run.source === "schedule" ? { kind: "workflow-schedule", scheduleId: run.triggerId } : null),
    subRunsOf: async (_db, run) => ({ link: { workflowRunId: run.id }, reason: "Cancelled with its workflow run" }),
  },

  network: {
    label: "Network run",
    find: (db, where) => db.networkRun.findFirst({ where }),
    findByKey: (db, organizationId, dedupeKey) => db.networkRun.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } } }),
    update: async (db, where, patch, data) => (await db.networkRun.updateMany({ where, data: { ...withError(patch), ...data } })).count,
    errorOf: (run) => run.error,
    entityIdOf: (run) => run.networkId,
    idle: ["QUEUED"],
    idleCancelReason: () => NOT_STARTED,
    startedActivity: async (_db, run, at) => ({
      organizationId: run.organizationId,
      type: "NETWORK_RUN_STARTED",
      title: "Network run started",
      status: "RUNNING",
      networkRunId: run.id,
      triggerId: run.triggerId ?? undefined,
      metadata: { networkId: run.networkId, source: run.source },
      at,
    }),
    // Totals are recomputed from the steps (not incremented), so a retried step never counts twice.
    async prepareFinish(db, run, end) {
      const steps = await db.networkRunStep.findMany({ where: { networkRunId: run.id }, select: { totalTokens: true, costUsd: true } });
      const totals = {
        stepsCount: steps.length,
        totalTokens: steps.reduce((sum, step) => sum + step.totalTokens, 0),
        costUsd: Math.round(steps.reduce((sum, step) => sum + step.costUsd, 0) * 1e6) / 1e6,
      };
      return { ...end, data: { ...end.data, ...totals } };
    },
    finishedActivity: async (_db, run) => {
      const status = run.status as FinalStatus;
      const finishReason = (run.output as { finishReason?: unknown } | null)?.finishReason;
      return {
        organizationId: run.organizationId,
        type: ({ COMPLETED: "NETWORK_RUN_COMPLETED", FAILED: "NETWORK_RUN_FAILED", CANCELLED: "NETWORK_RUN_CANCELLED" } as const)[status],
        title: `Network run ${status.toLowerCase()}`,
        description: run.error ?? (typeof finishReason === "string" ? finishReason : undefined),
        status,
        networkRunId: run.id,
        triggerId: run.triggerId ?? undefined,
        costUsd: run.costUsd,
        totalTokens: run.totalTokens,
        durationMs: run.durationMs ?? undefined,
        metadata: { networkId: run.networkId, steps: run.stepsCount },
        at: run.completedAt ?? undefined,
      };
    },
    triggerEventLink: (run) => ({ triggerEventId: run.triggerEventId, link: { networkRunId: run.id, networkId: run.networkId } }),
    healthOf: (run) => (run.source === "schedule" ? { kind: "network-schedule", scheduleId: run.triggerId } : null),
    subRunsOf: async (_db, run) => ({ link: { networkRunId: run.id }, reason: "Cancelled with its network run" }),
  },

  campaign: {
    label: "Campaign",
    find: (db, where) => db.campaign.findFirst({ where }),
    findByKey: (db, organizationId, dedupeKey) => db.campaign.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } } }),
    update: async (db, where, { error, ...patch }, data) =>
      (await db.campaign.updateMany({ where, data: { ...patch, ...(error === undefined ? {} : { stopReason: error }), ...data } })).count,
    errorOf: (run) => run.stopReason,
    entityIdOf: (run) => run.templateId,
    idle: ["QUEUED", "SUSPENDED"],
    idleCancelReason: (status, actorLabel) => (status === "QUEUED" ? NOT_STARTED : `Cancelled by ${actorLabel}`),
    startsOnClaim: true,
    startedActivity: async (_db, run, at) => ({
      organizationId: run.organizationId,
      type: "CAMPAIGN_STARTED",
      title: `Campaign "${run.name}" started planning`,
      status: "RUNNING",
      campaignId: run.id,
      at,
    }),
    async prepareFinish(db, run, end) {
      const closed = await closeCampaign(db, run, { status: end.status, stopReason: end.error });
      return { status: closed.end.status, error: closed.end.stopReason, data: { ...end.data, ...closed.data } };
    },
    finishedActivity: async (_db, run) => {
      const status = run.status as FinalStatus;
      const review = run.afterActionReview as { summary?: string } | null;
      const outcome = status === "CANCELLED" ? "was cancelled" : status.toLowerCase();
      const type = ({ COMPLETED: "CAMPAIGN_COMPLETED", FAILED: "CAMPAIGN_FAILED", CANCELLED: "CAMPAIGN_CANCELLED" } as const)[status];
      return {
        organizationId: run.organizationId,
        type,
        title: `Campaign "${run.name}" ${outcome}`,
        status,
        campaignId: run.id,
        description: run.stopReason ?? review?.summary,
        costUsd: run.costUsd,
        totalTokens: run.totalTokens,
        durationMs: run.durationMs ?? undefined,
        at: run.completedAt ?? undefined,
      };
    },
    triggerEventLink: (run) => ({ triggerEventId: run.triggerEventId, link: { campaignId: run.id } }),
    reviewsOf: (run) => ({ organizationId: run.organizationId, campaignId: run.id }),
    healthOf: (run) => ({ kind: "campaign-schedule", scheduleId: run.scheduleId }),
    // The planning call and the running tasks' runs, found by their dedupe keys (AgentRun has no campaign column).
    async subRunsOf(db, run) {
      const running = await db.missionTask.findMany({
        where: { campaignId: run.id, organizationId: run.organizationId, status: "RUNNING" },
        select: { id: true },
      });
      return {
        link: { source: "campaign", dedupeKey: { in: [plannerRunKey(run.id), ...running.map((task) => taskRunKey(task.id))] } },
        reason: "Cancelled with its campaign",
      };
    },
  },

  pulse: {
    label: "Pulse evaluation",
    find: (db, where) => db.pulseEvaluation.findFirst({ where }),
    findByKey: (db, organizationId, dedupeKey) => db.pulseEvaluation.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } } }),
    update: async (db, where, patch, data) => (await db.pulseEvaluation.updateMany({ where, data: { ...withError(patch), ...data } })).count,
    errorOf: (run) => run.error,
    entityIdOf: (run) => run.pulseId,
    idle: ["QUEUED"],
    idleCancelReason: () => NOT_STARTED,
    async closeFinished(db, run) {
      if (run.status !== "COMPLETED") return;
      await db.pulse.updateMany({
        where: { id: run.pulseId, organizationId: run.organizationId },
        data: { lastEvaluatedAt: run.windowEnd ?? run.completedAt },
      });
    },
    // A pulse evaluation's only activity type is PULSE_EVALUATED: a failed or cancelled one has no event, its status says it.
    async finishedActivity(db, run) {
      if (run.status !== "COMPLETED") return null;
      const pulse = await db.pulse.findUniqueOrThrow({ where: { id: run.pulseId }, select: { name: true } });
      const rankings = (run.rankings ?? []) as { agentSlug: string; score: number | null }[];
      const actions = (run.actions ?? []) as { agentSlug: string; type: string; from: number; to: number }[];
      const top = rankings.find((member) => member.score !== null);
      return {
        organizationId: run.organizationId,
        type: "PULSE_EVALUATED",
        title: `Pulse "${pulse.name}" evaluated`,
        description: `${rankings.length} members ranked${top ? `, top ${top.agentSlug} (score ${top.score})` : ""}; ${actions.length} capacity change${actions.length === 1 ? "" : "s"}.`,
        status: "completed",
        pulseId: run.pulseId,
        durationMs: run.durationMs ?? undefined,
        metadata: { pulseEvaluationId: run.id, actions: actions.map(({ agentSlug, type, from, to }) => ({ agentSlug, type, from, to })) },
        at: run.completedAt ?? undefined,
      };
    },
    triggerEventLink: () => null,
    healthOf: () => null,
  },
};

/**
 * Creates a run at most once per dedupe key and organization: a repeat, or the loser of a race with
 * a concurrent delivery of the same event, gets the first run with `created: false`. `create` makes
 * the row (and may refuse, e.g. an entity that is gone); without a key every call creates.
 */
export async function createRunOnce<K extends RunKind>(
  db: PrismaClient,
  kind: K,
  key: { organizationId: string; dedupeKey?: string | null },
  create: () => Promise<RunRowOf<K>>,
): Promise<{ run: RunRowOf<K>; created: boolean }> {
  const { dedupeKey } = key;
  if (!dedupeKey) return { run: await create(), created: true };
  const table: RunTable<K> = RUN_TABLES[kind];
  const existing = await table.findByKey(db, key.organizationId, dedupeKey);
  if (existing) return { run: existing, created: false };
  const { row, created } = await createOnce(create, () => table.findByKey(db, key.organizationId, dedupeKey));
  return { run: row, created };
}

/**
 * Claims a queued run for `workerId` (recording the kind's started event), or with `takeover` takes
 * back a RUNNING one that this worker's earlier attempt left behind (it threw after claiming) or whose
 * worker stopped heartbeating (it crashed). Returns the claimed run, or null when another worker has it.
 */
export async function claimRun<K extends RunKind>(
  db: PrismaClient,
  kind: K,
  run: RunRowOf<K>,
  workerId: string,
  options: { takeover?: boolean; at?: Date } = {},
): Promise<RunRowOf<K> | null> {
  const table: RunTable<K> = RUN_TABLES[kind];
  const at = options.at ?? new Date();
  const claim = { claimedAt: at, claimedBy: workerId, heartbeatAt: at };
  // The first claim of a traced run stores its trace in the same statement (nothing when tracing is off).
  const first = { ...claim, status: "RUNNING" as const, ...(table.startsOnClaim ? { startedAt: at } : {}), ...traceColumnsOf(run.id) };
  if (await table.update(db, { id: run.id, status: { in: ["QUEUED"] } }, first)) {
    if (table.startedActivity) await recordActivity(db, await table.startedActivity(db, run, at));
    const claimed = await table.find(db, { id: run.id });
    if (claimed) announceRunEvent(kind, claimed, "started");
    return claimed;
  }
  if (!options.takeover) return null;
  const stale = new Date(at.getTime() - STALE_RUN_MS);
  if (!(await table.update(db, { id: run.id, status: { in: ["RUNNING"] }, OR: [{ claimedBy: workerId }, { heartbeatAt: { lt: stale } }] }, claim))) return null;
  recordRuntimeEvent(db, {
    layer: "execution",
    operation: "RETRY",
    reasonCode: REASON_CODES.RUN_TAKEN_OVER,
    entityId: run.id,
    organizationId: run.organizationId,
    workerId,
    metadata: { kind, previousWorker: run.claimedBy },
  });
  return table.find(db, { id: run.id });
}

/**
 * The wait of a job whose run another worker holds: it is retried once that claim could be stale (a
 * restarted worker's released job meets its own dead incarnation's claim), without using an attempt,
 * so a run is never left RUNNING because its job ran out of attempts while it waited.
 */
export function heldByAnotherWorker(label: string, run: { id: string; claimedBy: string | null; heartbeatAt: Date | null }, now = new Date()): RetryLater {
  const staleAt = (run.heartbeatAt?.getTime() ?? 0) + STALE_RUN_MS;
  return new RetryLater(`${label} ${run.id} is being executed by ${run.claimedBy ?? "another worker"}`, Math.max(1_000, staleAt - now.getTime() + 1_000));
}

export interface HeartbeatOptions {
  /** Default HEARTBEAT_INTERVAL_MS. */
  intervalMs?: number;
  /** Called (once) when a beat finds the run's cancel requested. */
  onCancelRequested?: () => void;
}

/**
 * Beats a running run's heartbeat every `intervalMs` until stopped; best-effort, like all telemetry.
 * With `onCancelRequested` the beat also looks for a cancel request: it beats only a run without
 * one, and a beat that changed nothing reads the run to see whether that is why.
 */
export function startHeartbeat(db: PrismaClient, kind: RunKind, runId: string, options: HeartbeatOptions = {}): () => void {
  const table = RUN_TABLES[kind];
  let isCancelSeen = false;
  const beat = async () => {
    const where: RunWhere = { id: runId, status: { in: ["RUNNING"] } };
    if (!options.onCancelRequested || isCancelSeen) {
      await table.update(db, where, { heartbeatAt: new Date() });
      return;
    }
    if (await table.update(db, { ...where, cancelRequestedAt: null }, { heartbeatAt: new Date() })) return;
    const run = await table.find(db, { id: runId });
    if (!run?.cancelRequestedAt) return;
    isCancelSeen = true;
    await table.update(db, where, { heartbeatAt: new Date() });
    options.onCancelRequested();
  };
  const timer = setInterval(() => {
    beat().catch((error: Error) => {
      console.warn(`[lifecycle] heartbeat of ${kind} run ${runId} not recorded: ${error.message}`);
    });
  }, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Runs `work` with the run's heartbeat beating, so a long model call or step is not mistaken for a
 * dead worker. `work` gets a signal that aborts when a beat finds the run's cancel requested, so an
 * in-flight request (a model call) can be aborted with it.
 */
export async function withHeartbeat<T>(
  db: PrismaClient,
  kind: RunKind,
  runId: string,
  work: (cancelRequested: AbortSignal) => Promise<T>,
  options: Pick<HeartbeatOptions, "intervalMs"> = {},
): Promise<T> {
  const controller = new AbortController();
  const stop = startHeartbeat(db, kind, runId, { ...options, onCancelRequested: () => controller.abort(new Error("Cancel requested")) });
  try {
    return await work(controller.signal);
  } finally {
    stop();
  }
}

export interface FinishOptions {
  /** The statuses the run may end from; by default RUNNING for COMPLETED (only a worker completes a run), any unfinished one otherwise. */
  from?: RunStatus[];
  /** Only when the heartbeat is still this one: recovery fails a stale run, never one that came back to life. */
  heartbeatAt?: Date | null;
  at?: Date;
  /** A run replayed into history (the demo seed): written as it ended, without anything reacting to it. */
  isHistory?: boolean;
}

/**
 * The one exit of every run: sets the final status, `completedAt` and `durationMs` (0 for a run
 * cancelled before it started) with the kind's own columns, by a compare-and-set, so of two racing finishers exactly
 * one gets `finished: true` and everything that follows happens once: the kind closes what the run
 * left open, its pending reviews expire, its activity event is recorded, its TriggerEvent is settled
 * and its schedule's health policy gets a look.
 */
export async function finishOnce<K extends RunKind>(
  db: PrismaClient,
  kind: K,
  run: { id: string },
  end: RunEnd<K>,
  options: FinishOptions = {},
): Promise<{ run: RunRowOf<K>; finished: boolean }> {
  const table: RunTable<K> = RUN_TABLES[kind];
  const at = options.at ?? new Date();
  const current = await table.find(db, { id: run.id });
  if (!current) throw notFound("Run");
  const from = options.from ?? (end.status === "COMPLETED" ? ["RUNNING"] : UNFINISHED);
  if (!from.includes(current.status)) return { run: current, finished: false };
  // Taking the stale heartbeat over first keeps a worker that comes back to life from also finishing it.
  if (
    options.heartbeatAt !== undefined &&
    !(await table.update(db, { id: current.id, status: { in: from }, heartbeatAt: options.heartbeatAt }, { heartbeatAt: at }))
  ) {
    return { run: current, finished: false };
  }

  const final = table.prepareFinish ? await table.prepareFinish(db, current, end) : end;
  // A run cancelled before any worker took it never ran.
  const neverRan = (table.unstarted ?? ["QUEUED"]).includes(current.status) && final.status === "CANCELLED";
  const durationMs = neverRan ? 0 : durationBetween(current.startedAt, at);
  const count = await table.update(
    db,
    { id: current.id, status: { in: from } },
    { status: final.status, error: final.error ?? null, completedAt: at, durationMs, heartbeatAt: at },
    final.data,
  );
  const after = (await table.find(db, { id: current.id }))!;
  if (count === 0) return { run: after, finished: false };
  if (!options.isHistory) await announceFinished(db, kind, after);
  return { run: after, finished: true };
}

/**
 * Everything that reacts to a run having ended, in one place (its trace span too). Each step
 * is conditional or idempotent, so it is safe to reach from any finisher; it runs once per run, after
 * the compare-and-set that finished it.
 */
async function announceFinished<K extends RunKind>(db: PrismaClient, kind: K, run: RunRowOf<K>): Promise<void> {
  const table: RunTable<K> = RUN_TABLES[kind];
  const at = run.completedAt ?? new Date();
  recordRunStatus(run, table.errorOf(run));
  announceRunEvent(kind, run, run.status.toLowerCase() as RunEventStatus);
  await table.closeFinished?.(db, run);
  const reviews = table.reviewsOf?.(run);
  if (reviews) await expirePendingReviews(db, reviews, `${table.label} ${run.status.toLowerCase()}: ${table.errorOf(run) ?? run.status.toLowerCase()}`, at);
  const activity = await table.finishedActivity(db, run);
  if (activity) await recordActivity(db, activity);
  await settleTriggerEvent(db, kind, run);
  const health = table.healthOf(run);
  if (health)
    await checkScheduledRunHealth(db, health.kind, { organizationId: run.organizationId, scheduleId: health.scheduleId, completedAt: run.completedAt });
  // Best-effort: alert rules never fail the run they look at.
  await reportRunFinished(db, kind, run);
}

/**
 * A run that now waits for a human (the runtime that suspended it calls this once, after the
 * compare-and-set that suspended it).
 */
export function announceSuspended<K extends RunKind>(kind: K, run: RunRowOf<K>): void {
  recordRunStatus(run, null);
  announceRunEvent(kind, run, "suspended");
}

/** The outgoing event of a run's status change; best-effort, never awaited (bridge/publisher.ts). */
function announceRunEvent<K extends RunKind>(kind: K, run: RunRowOf<K>, status: RunEventStatus): void {
  if (!hasRunEventPublisher()) return;
  const table: RunTable<K> = RUN_TABLES[kind];
  publishOutgoingEvent({
    type: "run",
    organizationId: run.organizationId,
    runId: run.id,
    kind,
    status,
    entityId: table.entityIdOf(run),
    costUsd: run.costUsd,
    durationMs: run.durationMs ?? null,
    startedAt: run.startedAt,
    completedAt: run.completedAt ?? null,
    error: table.errorOf(run),
  });
}

/**
 * The one rule for the TriggerEvent that started a run: FIRED while the run went well (completed, or
 * waiting for a human), FAILED with the run's reason when it failed or was cancelled.
 */
export async function settleTriggerEvent<K extends RunKind>(db: PrismaClient, kind: K, run: RunRowOf<K>): Promise<void> {
  const table: RunTable<K> = RUN_TABLES[kind];
  const trigger = table.triggerEventLink(run);
  if (!trigger?.triggerEventId) return;
  const fired = run.status === "COMPLETED" || run.status === "SUSPENDED";
  await db.triggerEvent.updateMany({
    where: { id: trigger.triggerEventId, organizationId: run.organizationId },
    data: {
      ...trigger.link,
      status: fired ? "FIRED" : "FAILED",
      error: fired ? null : (table.errorOf(run) ?? `Run ${run.status.toLowerCase()}`),
      processedAt: new Date(),
    },
  });
}

/** A TriggerEvent whose run could not even be created (its entity is gone). */
export async function failTriggerEvent(db: PrismaClient, ref: { organizationId: string; triggerEventId?: string | null }, error: string): Promise<void> {
  if (!ref.triggerEventId) return;
  await db.triggerEvent.updateMany({
    where: { id: ref.triggerEventId, organizationId: ref.organizationId },
    data: { status: "FAILED", error, processedAt: new Date() },
  });
}

/**
 * Asks a run of any kind to stop: flags `cancelRequestedAt`, which the kind's worker honours at its
 * next checkpoint, and passes the request on to its agent sub-runs in flight. A run no worker is on
 * (queued; a workflow or campaign waiting for a human decision) is cancelled at once. A finished run
 * is a 409; another organization's run a 404.
 */
export async function requestRunCancel<K extends RunKind>(ctx: OrgContext, kind: K, id: string): Promise<RunRowOf<K>> {
  requireRole(ctx, "OPERATOR");
  const table: RunTable<K> = RUN_TABLES[kind];
  const where = { id, organizationId: ctx.organizationId };
  const run = await table.find(ctx.db, where);
  if (!run) throw notFound("Run");
  if (isFinished(run.status)) throw new AppError("conflict", `Run is already ${run.status.toLowerCase()}`);
  const at = new Date();
  await table.update(ctx.db, { ...where, cancelRequestedAt: null }, { cancelRequestedAt: at });
  await requestSubRunsCancel(ctx.db, kind, run, at);
  if (table.idle.includes(run.status)) {
    await finishOnce(ctx.db, kind, run, { status: "CANCELLED", error: table.idleCancelReason(run.status, ctx.actor.label) }, { from: [run.status], at });
  }
  return (await table.find(ctx.db, where))!;
}

/**
 * Flags a run's unfinished agent sub-runs, as a cancel of each would, so each worker stops at its next
 * checkpoint; one still QUEUED is cancelled at once. A finished sub-run, or one already flagged, keeps what it has.
 */
async function requestSubRunsCancel<K extends RunKind>(db: PrismaClient, kind: K, run: RunRowOf<K>, at: Date): Promise<void> {
  const table: RunTable<K> = RUN_TABLES[kind];
  if (!table.subRunsOf) return;
  const { link, reason } = await table.subRunsOf(db, run);
  const unfinished = { ...link, organizationId: run.organizationId, status: { in: ["QUEUED", "RUNNING"] as RunStatus[] } };
  await db.agentRun.updateMany({ where: { ...unfinished, cancelRequestedAt: null }, data: { cancelRequestedAt: at } });
  const queued = await db.agentRun.findMany({ where: { ...unfinished, status: "QUEUED" }, select: { id: true } });
  for (const subRun of queued) await finishOnce(db, "agent", subRun, { status: "CANCELLED", error: reason }, { from: ["QUEUED"], at });
}

/** A one-line preview for the activity feed. */
function summarize(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 280 ? `${text.slice(0, 277)}...` : text;
}
