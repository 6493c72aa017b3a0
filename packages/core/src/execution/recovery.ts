import type { Prisma, PrismaClient, RunSource } from "@switchyard/database";
import { finishOnce, STALE_RUN_MS } from "../runs/lifecycle.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import { CampaignPayload, EVENT_NAMES, PulseEvaluatePayload, TriggerFirePayload, type EngineEvent, type ExecutionEngine } from "./events.ts";

/**
 * A worker that restarts under its stable id (SWITCHYARD_WORKER_ID) knows the runs its previous
 * incarnation held are nobody's now: their heartbeat is set to long ago, so whichever worker claims
 * their released jobs takes them over at once instead of waiting for the claim to go stale.
 */
export async function releaseRunsOf(db: PrismaClient, workerId: string): Promise<number> {
  const where = { status: "RUNNING" as const, claimedBy: workerId };
  const data = { heartbeatAt: new Date(0) };
  const counts = await Promise.all([
    db.agentRun.updateMany({ where, data }),
    db.workflowRun.updateMany({ where, data }),
    db.networkRun.updateMany({ where, data }),
    db.campaign.updateMany({ where, data }),
    db.pulseEvaluation.updateMany({ where, data }),
  ]);
  return counts.reduce((sum, { count }) => sum + count, 0);
}

export const INTERRUPTED_REASON = "Interrupted: worker stopped heartbeating";

export type RecoveredKind = "agent" | "workflow" | "network" | "campaign" | "pulse";

export interface RecoveryReport {
  /** Re-sent with their original dedupe key: the runtime continues them from their persisted steps. */
  redispatched: { kind: RecoveredKind; id: string; eventName: string; eventId: string }[];
  /** Failed with the reason: nothing can continue them. */
  failed: { kind: RecoveredKind; id: string; reason: string }[];
  /** Left alone: an engine job will retry them, or their parent run's recovery continues them. */
  left: { kind: RecoveredKind; id: string; reason: string }[];
}

interface StaleRun {
  id: string;
  organizationId: string;
  startedAt: Date;
  heartbeatAt: Date | null;
  dedupeKey: string | null;
}

/**
 * Recovers runs whose worker died (run at worker start). Parents first, so sub-runs can follow them:
 *
 * - WorkflowRun / NetworkRun / Campaign / PulseEvaluation: their event is sent again when it can be
 *   rebuilt from the row (the original dedupe key, so the runtime finds the same run and continues from
 *   its persisted steps); otherwise the run fails with the reason. A campaign waiting for a human
 *   decision is not stale, it is waiting, and is left alone.
 * - AgentRun: left alone when an engine job that will retry it is still pending or running (its event
 *   id is the run's dedupe key: trigger and schedule fires) — the retry takes the run over — or when
 *   it is a sub-run of a parent that is still running (the parent re-executes it through the same
 *   dedupe key). Otherwise it fails with "Interrupted: worker stopped heartbeating".
 *
 * Failing is a compare-and-set on the stale heartbeat the run was read with, and a re-sent event's id
 * is derived from that heartbeat, so two workers starting at once recover a run once; if a re-sent
 * event ran and the run is still stuck on the same heartbeat, the next recovery fails it instead of
 * re-sending forever. With the Inngest engine the job table is empty: Inngest retries its own
 * functions, and the runtimes deduplicate a re-sent event by its dedupe key.
 */
export async function recoverStaleRuns(db: PrismaClient, engine: ExecutionEngine, now: Date = new Date()): Promise<RecoveryReport> {
  const report: RecoveryReport = { redispatched: [], failed: [], left: [] };
  const cutoff = new Date(now.getTime() - STALE_RUN_MS);
  const stale = { status: "RUNNING" as const, OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, startedAt: { lt: cutoff } }] };

  for (const run of await db.workflowRun.findMany({ where: stale })) {
    await recoverOrFail(db, engine, report, now, { kind: "workflow", run, event: fireEventOf(EVENT_NAMES.workflowTriggerFire, run, run.workflowId) });
  }
  for (const run of await db.networkRun.findMany({ where: stale })) {
    await recoverOrFail(db, engine, report, now, { kind: "network", run, event: fireEventOf(EVENT_NAMES.networkTriggerFire, run, run.networkId) });
  }
  for (const campaign of await db.campaign.findMany({ where: stale })) {
    if (campaign.phase.startsWith("awaiting_")) {
      report.left.push({ kind: "campaign", id: campaign.id, reason: `waiting in phase ${campaign.phase}` });
      continue;
    }
    const data = CampaignPayload.parse({ organizationId: campaign.organizationId, campaignId: campaign.id });
    const name = campaign.phase === "planning" ? EVENT_NAMES.campaignPlan : EVENT_NAMES.campaignExecute;
    // Campaign events are keyed by their own ids; any queued plan/execute job for the campaign will continue it.
    const liveJob = { payload: { path: ["campaignId"], equals: campaign.id } };
    await recoverOrFail(db, engine, report, now, { kind: "campaign", run: campaign, event: { id: `campaign:${campaign.id}`, name, data }, liveJob });
  }
  for (const evaluation of await db.pulseEvaluation.findMany({ where: stale })) {
    const data = PulseEvaluatePayload.safeParse({
      organizationId: evaluation.organizationId,
      pulseId: evaluation.pulseId,
      source: evaluation.source,
      dedupeKey: evaluation.dedupeKey,
      at: evaluation.windowEnd?.toISOString(),
    });
    const event = data.success ? { id: data.data.dedupeKey, name: EVENT_NAMES.pulseEvaluate, data: data.data } : null;
    await recoverOrFail(db, engine, report, now, { kind: "pulse", run: evaluation, event });
  }
  // A run an external runner holds (it has a lease) is not the workers' to recover: its lease lapsing hands it to another runner.
  for (const run of await db.agentRun.findMany({ where: { ...stale, leaseExpiresAt: null } })) await recoverAgentRun(db, report, now, run);
  return report;
}

/** Rebuilds a trigger fire from the run row; null when the row lacks what the payload needs. */
function fireEventOf(
  name: EngineEvent["name"],
  run: StaleRun & { source: RunSource; input: unknown; triggerId: string | null; triggerEventId: string | null },
  entityId: string,
): EngineEvent | null {
  const data = TriggerFirePayload.safeParse({
    organizationId: run.organizationId,
    entityId,
    source: run.source,
    input: run.input,
    triggerId: run.triggerId,
    triggerEventId: run.triggerEventId,
    dedupeKey: run.dedupeKey,
  });
  return data.success ? { id: data.data.dedupeKey, name, data: data.data } : null;
}

type ParentKind = Exclude<RecoveredKind, "agent">;

async function recoverOrFail(
  db: PrismaClient,
  engine: ExecutionEngine,
  report: RecoveryReport,
  now: Date,
  target: { kind: ParentKind; run: StaleRun; event: EngineEvent | null; liveJob?: Prisma.ExecutionJobWhereInput },
): Promise<void> {
  const { kind, run, event } = target;
  const staleSince = (run.heartbeatAt ?? run.startedAt).toISOString();
  if (!event) return failRun(db, report, now, kind, run, `${INTERRUPTED_REASON}; it cannot be continued (no dedupe key or source to re-send it with)`);
  if (await hasLiveJob(db, target.liveJob ?? { eventId: event.id })) {
    report.left.push({ kind, id: run.id, reason: "an engine job will retry it" });
    return;
  }
  // A fresh event id (the engines deduplicate on it) derived from the stall; the payload keeps the
  // original dedupe key, so the runtime finds the same run.
  const resent = { ...event, id: `${event.id}:recovered:${staleSince}` };
  const earlier = await db.executionJob.findUnique({ where: { eventId: resent.id }, select: { status: true } });
  if (earlier?.status === "PENDING" || earlier?.status === "RUNNING") {
    report.left.push({ kind, id: run.id, reason: "its recovery job is pending" });
    return;
  }
  if (earlier) return failRun(db, report, now, kind, run, `${INTERRUPTED_REASON}; re-sending its event did not continue it`);

  await engine.send(resent);
  report.redispatched.push({ kind, id: run.id, eventName: resent.name, eventId: resent.id });
  recordRuntimeEvent(db, {
    layer: "dispatcher",
    operation: "RETRY",
    reasonCode: REASON_CODES.RUN_REDISPATCHED,
    entityId: run.id,
    organizationId: run.organizationId,
    metadata: { kind, eventName: resent.name, eventId: resent.id, staleSince },
    occurredAt: now,
  });
}

async function recoverAgentRun(
  db: PrismaClient,
  report: RecoveryReport,
  now: Date,
  run: StaleRun & { workflowRunId: string | null; networkRunId: string | null },
) {
  if (run.dedupeKey && (await hasLiveJob(db, { eventId: run.dedupeKey }))) {
    report.left.push({ kind: "agent", id: run.id, reason: "an engine job will retry it" });
    return;
  }
  const parent = await runningParentOf(db, run);
  if (parent) {
    report.left.push({ kind: "agent", id: run.id, reason: `its ${parent} run continues it` });
    return;
  }
  await failRun(db, report, now, "agent", run, INTERRUPTED_REASON);
}

async function runningParentOf(db: PrismaClient, run: { id: string; workflowRunId: string | null; networkRunId: string | null }): Promise<string | null> {
  if (run.workflowRunId && (await db.workflowRun.count({ where: { id: run.workflowRunId, status: "RUNNING" } }))) return "workflow";
  if (run.networkRunId && (await db.networkRun.count({ where: { id: run.networkRunId, status: "RUNNING" } }))) return "network";
  const task = await db.missionTask.findFirst({ where: { agentRunId: run.id }, select: { mission: { select: { campaign: { select: { status: true } } } } } });
  return task?.mission.campaign.status === "RUNNING" ? "campaign" : null;
}

/**
 * Fails a stale run through the one lifecycle exit, so it ends as any failed run does: its activity
 * event, its TriggerEvent, its reviews and its schedule's health policy. Conditional on the stale
 * heartbeat it was read with: a run that came back to life is left alone.
 */
async function failRun(db: PrismaClient, report: RecoveryReport, now: Date, kind: RecoveredKind, run: StaleRun, reason: string): Promise<void> {
  const { finished } = await finishOnce(db, kind, run, { status: "FAILED", error: reason }, { from: ["RUNNING"], heartbeatAt: run.heartbeatAt, at: now });
  if (!finished) return;
  report.failed.push({ kind, id: run.id, reason });
  recordRuntimeEvent(db, {
    layer: "dispatcher",
    operation: "TASK",
    reasonCode: REASON_CODES.RUN_INTERRUPTED,
    entityId: run.id,
    organizationId: run.organizationId,
    metadata: { kind, reason, staleSince: (run.heartbeatAt ?? run.startedAt).toISOString() },
    occurredAt: now,
  });
}

/** Whether a matching job is still queued or running, so the engine will retry it. */
async function hasLiveJob(db: PrismaClient, where: Prisma.ExecutionJobWhereInput): Promise<boolean> {
  return (await db.executionJob.count({ where: { ...where, status: { in: ["PENDING", "RUNNING"] } } })) > 0;
}
