import type { AgentRun, Prisma, PrismaClient, RunSource } from "@switchyard/database";
import { recordActivity } from "../activity.ts";
import { createOnce } from "../unique.ts";

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

export interface AgentRunStart {
  organizationId: string;
  agentId: string;
  source: RunSource;
  input: Prisma.InputJsonValue;
  triggerId?: string | null;
  triggerEventId?: string | null;
  workflowRunId?: string | null;
  networkRunId?: string | null;
  retryOfId?: string | null;
  /** At most one run per key and organization: a duplicate delivery returns the existing run. */
  dedupeKey?: string | null;
  modelProvider?: string | null;
  modelName?: string | null;
  metadata?: Prisma.InputJsonValue;
  /** Defaults to now; the demo seed passes a simulated clock. */
  at?: Date;
}

export interface ToolCallRecord {
  toolName: string;
  input?: Prisma.InputJsonValue;
  output?: Prisma.InputJsonValue;
  error?: string;
  durationMs?: number;
}

export interface AgentRunOutcome {
  output?: Prisma.InputJsonValue;
  error?: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  toolCalls?: ToolCallRecord[];
  at?: Date;
}

/**
 * The one run recorder for agent runs: queued → running → completed | failed | cancelled.
 * Creating with a dedupe key is idempotent: the first run for the key is returned on a repeat.
 */
export async function recordRunQueued(db: PrismaClient, start: AgentRunStart): Promise<{ run: AgentRun; created: boolean }> {
  const data = {
    organizationId: start.organizationId,
    agentId: start.agentId,
    source: start.source,
    input: start.input,
    triggerId: start.triggerId ?? null,
    triggerEventId: start.triggerEventId ?? null,
    workflowRunId: start.workflowRunId ?? null,
    networkRunId: start.networkRunId ?? null,
    retryOfId: start.retryOfId ?? null,
    dedupeKey: start.dedupeKey ?? null,
    modelProvider: start.modelProvider ?? null,
    modelName: start.modelName ?? null,
    metadata: start.metadata,
    startedAt: start.at ?? new Date(),
    createdAt: start.at ?? new Date(),
  };
  if (!start.dedupeKey) return { run: await db.agentRun.create({ data }), created: true };
  const byKey = { organizationId_dedupeKey: { organizationId: start.organizationId, dedupeKey: start.dedupeKey } };
  const existing = await db.agentRun.findUnique({ where: byKey });
  if (existing) return { run: existing, created: false };
  // Lost a race with a concurrent delivery of the same event? The unique key kept one run: that one.
  const { row: run, created } = await createOnce(
    () => db.agentRun.create({ data }),
    () => db.agentRun.findUnique({ where: byKey }),
  );
  return { run, created };
}

/** Moves a queued run to running. Returns null when another worker already claimed it. */
export async function recordRunStarted(db: PrismaClient, runId: string, claimedBy: string, at = new Date()): Promise<AgentRun | null> {
  const { count } = await db.agentRun.updateMany({
    where: { id: runId, status: "QUEUED" },
    data: { status: "RUNNING", claimedAt: at, claimedBy, heartbeatAt: at },
  });
  return count === 1 ? db.agentRun.findUnique({ where: { id: runId } }) : null;
}

export async function recordRunFinished(db: PrismaClient, run: Pick<AgentRun, "id" | "organizationId" | "startedAt">, outcome: AgentRunOutcome): Promise<AgentRun> {
  const at = outcome.at ?? new Date();
  const failed = outcome.error !== undefined;
  return db.agentRun.update({
    where: { id: run.id },
    data: {
      status: failed ? "FAILED" : "COMPLETED",
      output: outcome.output,
      error: outcome.error ?? null,
      ...usageOf(outcome),
      completedAt: at,
      durationMs: durationBetween(run.startedAt, at),
      heartbeatAt: at,
      toolCalls: outcome.toolCalls?.length ? { create: toolCallRows(run, outcome.toolCalls, at) } : undefined,
    },
  });
}

function usageOf(outcome: AgentRunOutcome) {
  return {
    promptTokens: outcome.promptTokens,
    completionTokens: outcome.completionTokens,
    totalTokens: outcome.promptTokens + outcome.completionTokens,
    costUsd: outcome.costUsd,
  };
}

function toolCallRows(run: Pick<AgentRun, "organizationId">, calls: ToolCallRecord[], at: Date) {
  return calls.map((call) => ({
    organizationId: run.organizationId,
    toolName: call.toolName,
    input: call.input,
    output: call.output,
    error: call.error ?? null,
    status: call.error ? ("FAILED" as const) : ("COMPLETED" as const),
    durationMs: call.durationMs ?? null,
    startedAt: at,
  }));
}

/**
 * Cancels a run no worker has claimed yet and records its one AGENT_RUN_CANCELLED. Conditional on
 * QUEUED, so of two cancels one records the event, and a run a worker claimed in the meantime is
 * left to it: the worker honours the request at its next checkpoint (`recordRunCancelledWhileRunning`).
 * It never ran, so its duration is 0. Returns whether this call cancelled it.
 */
export async function recordRunCancelled(db: PrismaClient, run: Pick<AgentRun, "id" | "organizationId">, reason: string, at = new Date()): Promise<boolean> {
  const { count } = await db.agentRun.updateMany({
    where: { id: run.id, organizationId: run.organizationId, status: "QUEUED" },
    data: { status: "CANCELLED", error: reason, completedAt: at, durationMs: 0 },
  });
  if (count === 0) return false;
  await recordCancelledActivity(db, run.id, reason, at);
  return true;
}

/**
 * Passes a parent's cancel on to its unfinished agent sub-runs (`link` says which: a workflow run, a
 * network run, a campaign's dedupe keys), within one organization. Each is flagged, as a cancel of the
 * run itself would, so its worker stops at its next checkpoint; one still QUEUED is cancelled at once
 * with its one AGENT_RUN_CANCELLED. A finished sub-run, or one already flagged, keeps what it has.
 */
export async function requestSubRunsCancel(db: PrismaClient, organizationId: string, link: Prisma.AgentRunWhereInput, reason: string, at = new Date()): Promise<void> {
  const unfinished = { ...link, organizationId, status: { in: ["QUEUED", "RUNNING"] as AgentRun["status"][] } };
  await db.agentRun.updateMany({ where: { ...unfinished, cancelRequestedAt: null }, data: { cancelRequestedAt: at } });
  const queued = await db.agentRun.findMany({ where: { ...unfinished, status: "QUEUED" }, select: { id: true } });
  for (const run of queued) await recordRunCancelled(db, { id: run.id, organizationId }, reason, at);
}

/**
 * Ends a RUNNING run whose cancel was requested, at a checkpoint of its worker, and records its one
 * AGENT_RUN_CANCELLED. Its duration runs from `startedAt`; what the model already spent (`spent`:
 * tokens, cost and tool calls, when the call was made) is kept, its answer is not. Conditional on
 * RUNNING, so a run another finisher ended is returned as it is, without a second event.
 */
export async function recordRunCancelledWhileRunning(
  db: PrismaClient,
  run: Pick<AgentRun, "id" | "organizationId" | "startedAt">,
  reason: string,
  spent?: AgentRunOutcome,
  at = new Date(),
): Promise<AgentRun> {
  const { count } = await db.agentRun.updateMany({
    where: { id: run.id, organizationId: run.organizationId, status: "RUNNING" },
    data: { status: "CANCELLED", error: reason, completedAt: at, durationMs: durationBetween(run.startedAt, at), heartbeatAt: at, ...(spent ? usageOf(spent) : {}) },
  });
  if (count === 1) {
    if (spent?.toolCalls?.length) await db.agentToolCall.createMany({ data: toolCallRows(run, spent.toolCalls, at).map((row) => ({ ...row, agentRunId: run.id })) });
    await recordCancelledActivity(db, run.id, reason, at);
  }
  return db.agentRun.findUniqueOrThrow({ where: { id: run.id } });
}

async function recordCancelledActivity(db: PrismaClient, runId: string, reason: string, at: Date) {
  const cancelled = await db.agentRun.findUniqueOrThrow({ where: { id: runId }, include: { agent: { select: { slug: true, name: true } } } });
  // A campaign's sub-runs are linked through their metadata (AgentRun has no campaign column), so its group shows them.
  const campaignLink = (cancelled.metadata ?? {}) as { campaignId?: unknown; missionId?: unknown };
  await recordActivity(db, {
    organizationId: cancelled.organizationId,
    type: "AGENT_RUN_CANCELLED",
    title: `Agent "${cancelled.agent.name}" was cancelled`,
    description: reason,
    status: "cancelled",
    agentId: cancelled.agentId,
    agentSlug: cancelled.agent.slug,
    runId: cancelled.id,
    workflowRunId: cancelled.workflowRunId ?? undefined,
    networkRunId: cancelled.networkRunId ?? undefined,
    campaignId: typeof campaignLink.campaignId === "string" ? campaignLink.campaignId : undefined,
    missionId: typeof campaignLink.missionId === "string" ? campaignLink.missionId : undefined,
    triggerId: cancelled.triggerId ?? undefined,
    costUsd: cancelled.costUsd,
    totalTokens: cancelled.totalTokens,
    durationMs: cancelled.durationMs ?? 0,
    metadata: { source: cancelled.source, error: reason },
    at,
  });
}
