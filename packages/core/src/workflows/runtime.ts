import { Prisma, type Agent, type PrismaClient, type RunSource, type RunStatus, type WorkflowRun, type WorkflowRunStep } from "@switchyard/database";
import { recordActivity } from "../activity.ts";
import { expirePendingApprovals } from "../approvals.ts";
import { checkScheduledRunHealth } from "../health/policy.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import type { DecisionPayload, TriggerFirePayload } from "../execution/events.ts";
import { parseWorkflowDefinition, type WorkflowDefinition } from "./definition.ts";
import { buildPlan, skipReason, type PlanNode } from "./plan.ts";
import { executeStep, logEvent, StepCancelled, StepFailure, type StepEnv, type StepResult, type WorkflowRuntimeOptions } from "./steps.ts";
import { resolveTemplates, type TemplateScope } from "./templates.ts";
import { durationBetween, requestSubRunsCancel, STALE_RUN_MS } from "../runs/recorder.ts";
import { createOnce } from "../unique.ts";

export type { WorkflowRuntimeOptions } from "./steps.ts";

const FINISHED: RunStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];
/** A run never needs more batches than it has steps; this only stops a runaway loop. */
export const MAX_BATCHES = 1000;
/** Seed 004: a running run beats every 30 s, so a recovery sweep (2 min) never mistakes a long step for a crash. */
const HEARTBEAT_INTERVAL_MS = 30_000;

export interface WorkflowRunRef {
  organizationId: string;
  workflowRunId: string;
}

export interface BatchResult {
  workflowRunId: string;
  status: RunStatus;
  /** True when the run is finished or suspended: nothing more to do until a decision arrives. */
  done: boolean;
}

export interface WorkflowRunRequest {
  organizationId: string;
  workflowId: string;
  source: RunSource;
  input: unknown;
  /** A run is created at most once per key (event id, delivery id). */
  dedupeKey: string;
  triggerId?: string | null;
  triggerEventId?: string | null;
  retryOfId?: string | null;
}

/** Creates the WorkflowRun once per dedupe key (a repeat returns the first run) and links its TriggerEvent. */
export async function startWorkflowRun(db: PrismaClient, request: WorkflowRunRequest): Promise<{ run: WorkflowRun; created: boolean }> {
  const byKey = { organizationId_dedupeKey: { organizationId: request.organizationId, dedupeKey: request.dedupeKey } };
  const existing = await db.workflowRun.findUnique({ where: byKey });
  if (existing) return { run: existing, created: false };
  const workflow = await db.workflow.findFirst({ where: { id: request.workflowId, organizationId: request.organizationId }, select: { id: true, version: true } });
  if (!workflow) throw notFound("Workflow");

  // A concurrent delivery of the same event may win the unique key; its run is the one.
  const { row: run, created } = await createOnce(
    () =>
      db.workflowRun.create({
        data: {
          organizationId: request.organizationId,
          workflowId: workflow.id,
          workflowVersion: workflow.version,
          source: request.source,
          input: toJson(request.input ?? {}) as Prisma.InputJsonValue,
          dedupeKey: request.dedupeKey,
          triggerId: request.triggerId ?? null,
          triggerEventId: request.triggerEventId ?? null,
          retryOfId: request.retryOfId ?? null,
        },
      }),
    () => db.workflowRun.findUnique({ where: byKey }),
  );
  if (!created) return { run, created };
  if (request.triggerEventId) {
    await db.triggerEvent.updateMany({
      where: { id: request.triggerEventId, organizationId: request.organizationId },
      data: { workflowId: workflow.id, workflowRunId: run.id },
    });
  }
  return { run, created: true };
}

/**
 * The first step of a `workflow/trigger.fire`: the run for this fire, and whether this delivery
 * should execute it (a duplicate delivery finds a run another delivery owns).
 */
export async function startWorkflowFire(db: PrismaClient, payload: TriggerFirePayload) {
  const workflow = await db.workflow.findFirst({ where: { id: payload.entityId, organizationId: payload.organizationId }, select: { id: true } });
  if (!workflow) {
    if (payload.triggerEventId) {
      await db.triggerEvent.updateMany({
        where: { id: payload.triggerEventId, organizationId: payload.organizationId },
        data: { status: "FAILED", error: "Workflow not found", processedAt: new Date() },
      });
    }
    return { workflowRunId: null, status: null, shouldExecute: false, error: "Workflow not found" };
  }
  const { run, created } = await startWorkflowRun(db, { ...payload, workflowId: workflow.id });
  // A RUNNING run whose worker stopped heartbeating is continued from its persisted steps (recovery).
  const isStale = run.status === "RUNNING" && (run.heartbeatAt ?? run.startedAt).getTime() < Date.now() - STALE_RUN_MS;
  return { workflowRunId: run.id, status: run.status, shouldExecute: created || run.status === "QUEUED" || isStale };
}

/** Runs batches until the run finishes or suspends. Also how a recovered run is continued. */
export async function executeWorkflowRun(db: PrismaClient, ref: WorkflowRunRef, options: WorkflowRuntimeOptions): Promise<BatchResult> {
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await runWorkflowBatch(db, ref, options);
    if (result.done) return result;
  }
  throw new Error(`Workflow run ${ref.workflowRunId} did not settle after ${MAX_BATCHES} batches`);
}

/**
 * Advances a run by one topological batch: every step whose dependencies are done runs, in parallel.
 * Persisted steps are the state, so a batch after a crash or a resume continues where the run was.
 * Between batches the run beats its heartbeat and honours a cancel request. When nothing can run, the
 * run completes, or suspends if a human gate is waiting.
 */
export async function runWorkflowBatch(db: PrismaClient, ref: WorkflowRunRef, options: WorkflowRuntimeOptions): Promise<BatchResult> {
  let run = await db.workflowRun.findFirst({ where: { id: ref.workflowRunId, organizationId: ref.organizationId } });
  if (!run) throw notFound("Workflow run");
  if (run.status === "QUEUED") run = await claimQueuedRun(db, run, options.workerId);
  if (run.status !== "RUNNING") return batchResult(run, true);
  if (run.cancelRequestedAt) return finishRun(db, run, "CANCELLED", { error: "Cancelled on request" });

  const loaded = await loadRun(db, run);
  if ("error" in loaded) return finishRun(db, run, "FAILED", { error: loaded.error });
  run = await db.workflowRun.update({ where: { id: run.id }, data: { heartbeatAt: new Date(), claimedBy: options.workerId } });
  const { workflow, definition, agents, plan } = loaded;
  const steps = await ensureStepRows(db, run, plan);

  const failed = plan.find((step) => steps.get(step.id)?.status === "FAILED");
  if (failed) return finishRun(db, run, "FAILED", { error: `Step "${failed.id}" failed: ${steps.get(failed.id)?.error ?? "unknown error"}` });

  const isDone = (id: string) => ["COMPLETED", "SKIPPED"].includes(steps.get(id)?.status ?? "PENDING");
  const ready = plan.filter((step) => ["PENDING", "RUNNING"].includes(steps.get(step.id)?.status ?? "PENDING") && step.deps.every(isDone));
  const scope = scopeOf(run, steps);
  if (ready.length === 0) {
    const waiting = plan.filter((step) => steps.get(step.id)?.status === "WAITING");
    if (waiting.length > 0) return suspendRun(db, run, workflow, waiting, options.workerId);
    return completeRun(db, run, definition, plan, steps, scope);
  }

  const env: StepEnv = { db, options, run, workflow, agents, plan, steps, scope };
  const stopHeartbeat = startHeartbeat(db, run.id);
  const settled = await Promise.allSettled(ready.map((step) => runStep(env, step))).finally(stopHeartbeat);
  await rollUpTotals(db, run);
  const crashed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  // An infrastructure error (database, a worker conflict): the engine retries the batch, which re-runs unfinished steps.
  if (crashed) throw crashed.reason;
  const outcomes = settled.map((outcome) => (outcome as PromiseFulfilledResult<StepOutcome>).value);
  const failure = outcomes.find((outcome) => outcome.status === "FAILED");
  if (failure) return finishRun(db, run, "FAILED", { error: `Step "${failure.stepId}" failed: ${failure.error}` });
  if (outcomes.some((outcome) => outcome.status === "CANCELLED")) return finishRun(db, run, "CANCELLED", { error: "Cancelled on request" });
  return batchResult(run, false);
}

/** Beats the run's heartbeat while a batch's steps run; best-effort, like all telemetry. */
function startHeartbeat(db: PrismaClient, runId: string): () => void {
  const timer = setInterval(() => {
    db.workflowRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: { heartbeatAt: new Date() } }).catch((error: Error) => {
      console.warn(`[workflow] heartbeat of run ${runId} not recorded: ${error.message}`);
    });
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}

interface StepOutcome {
  stepId: string;
  status: "COMPLETED" | "WAITING" | "SKIPPED" | "FAILED" | "CANCELLED";
  error?: string;
}

async function runStep(env: StepEnv, step: PlanNode): Promise<StepOutcome> {
  const { db, run } = env;
  const where = { workflowRunId_stepId: { workflowRunId: run.id, stepId: step.id } };
  const reason = skipReason(step, (id) => env.steps.get(id));
  if (reason) {
    await db.workflowRunStep.update({ where, data: { status: "SKIPPED", output: { reason }, completedAt: new Date() } });
    return { stepId: step.id, status: "SKIPPED" };
  }
  const startedAt = env.steps.get(step.id)?.startedAt ?? new Date();
  await db.workflowRunStep.update({ where, data: { status: "RUNNING", startedAt } });
  try {
    const result = await executeStep(env, step);
    const completedAt = result.status === "COMPLETED" ? new Date() : null;
    await db.workflowRunStep.update({ where, data: { ...stepData(result), status: result.status, error: null, completedAt, durationMs: completedAt ? durationBetween(startedAt, completedAt) : null } });
    return { stepId: step.id, status: result.status };
  } catch (error) {
    if (!(error instanceof StepFailure || error instanceof StepCancelled)) throw error;
    const status = error instanceof StepCancelled ? "CANCELLED" : "FAILED";
    const completedAt = new Date();
    await db.workflowRunStep.update({ where, data: { ...stepData(error.partial), status, error: error.message, completedAt, durationMs: durationBetween(startedAt, completedAt) } });
    if (status === "FAILED") await logEvent(env, { eventType: "error", stepId: step.id, message: error.message });
    return { stepId: step.id, status, error: error.message };
  }
}

function stepData(result: Partial<StepResult>): Prisma.WorkflowRunStepUncheckedUpdateInput {
  return {
    input: toJson(result.input),
    output: toJson(result.output),
    agentRunId: result.agentRunId,
    totalTokens: result.totalTokens,
    costUsd: result.costUsd,
    attempt: result.attempt,
  };
}

async function claimQueuedRun(db: PrismaClient, run: WorkflowRun, workerId: string): Promise<WorkflowRun> {
  const now = new Date();
  const { count } = await db.workflowRun.updateMany({
    where: { id: run.id, status: "QUEUED" },
    data: { status: "RUNNING", claimedAt: now, claimedBy: workerId, heartbeatAt: now },
  });
  const current = await db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  if (count === 1) {
    const workflow = await db.workflow.findUniqueOrThrow({ where: { id: run.workflowId }, select: { slug: true, name: true } });
    await recordActivity(db, {
      organizationId: run.organizationId,
      type: "WORKFLOW_STARTED",
      title: `Workflow "${workflow.name}" started`,
      status: "running",
      workflowRunId: run.id,
      triggerId: run.triggerId ?? undefined,
      metadata: { workflowSlug: workflow.slug, source: run.source, input: summarize(run.input) },
      at: now,
    });
  }
  return current;
}

interface LoadedRun {
  workflow: { id: string; slug: string; name: string };
  definition: WorkflowDefinition;
  agents: Map<string, Agent>;
  plan: PlanNode[];
}

/** The definition of the version the run started with, and the agents it names. */
async function loadRun(db: PrismaClient, run: WorkflowRun): Promise<LoadedRun | { error: string }> {
  const workflow = await db.workflow.findFirstOrThrow({
    where: { id: run.workflowId, organizationId: run.organizationId },
    select: { id: true, slug: true, name: true, definition: true },
  });
  const version = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: workflow.id, version: run.workflowVersion } } });
  const { definition, problems } = parseWorkflowDefinition(version?.definition ?? workflow.definition);
  if (!definition) return { error: `The stored definition is invalid: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}` };
  const slugs = definition.nodes.flatMap((node) =>
    node.type === "agent" ? [node.agent] : node.type === "loop" ? [node.producer.agent, node.evaluator.agent, node.reviser?.agent].filter((slug): slug is string => Boolean(slug)) : [],
  );
  const agents = await db.agent.findMany({ where: { organizationId: run.organizationId, slug: { in: slugs } } });
  const bySlug = new Map(agents.map((agent) => [agent.slug, agent]));
  return { workflow: { id: workflow.id, slug: workflow.slug, name: workflow.name }, definition, agents: bySlug, plan: buildPlan(definition, bySlug) };
}

/** Every planned step has a row from the start (PENDING), so the run shows its whole pipeline. */
async function ensureStepRows(db: PrismaClient, run: WorkflowRun, plan: PlanNode[]): Promise<Map<string, WorkflowRunStep>> {
  let rows = await db.workflowRunStep.findMany({ where: { workflowRunId: run.id } });
  const missing = plan.filter((step) => !rows.some((row) => row.stepId === step.id));
  if (missing.length > 0) {
    await db.workflowRunStep.createMany({
      data: missing.map((step) => ({
        organizationId: run.organizationId,
        workflowRunId: run.id,
        stepId: step.id,
        stepType: step.node.type,
        name: step.node.name ?? step.id,
      })),
      skipDuplicates: true,
    });
    rows = await db.workflowRunStep.findMany({ where: { workflowRunId: run.id } });
  }
  return new Map(rows.map((row) => [row.stepId, row]));
}

function scopeOf(run: WorkflowRun, steps: Map<string, WorkflowRunStep>): TemplateScope {
  const outputs = Object.fromEntries([...steps.values()].filter((step) => step.status === "COMPLETED").map((step) => [step.stepId, step.output]));
  return { input: run.input, steps: outputs };
}

/** Run tokens and cost are what its agent sub-runs actually spent, failed ones included. */
async function rollUpTotals(db: PrismaClient, run: WorkflowRun) {
  const sum = await db.agentRun.aggregate({ where: { organizationId: run.organizationId, workflowRunId: run.id }, _sum: { totalTokens: true, costUsd: true } });
  const totals = { totalTokens: sum._sum.totalTokens ?? 0, costUsd: sum._sum.costUsd ?? 0 };
  await db.workflowRun.update({ where: { id: run.id }, data: totals });
  return totals;
}

async function completeRun(
  db: PrismaClient,
  run: WorkflowRun,
  definition: WorkflowDefinition,
  plan: PlanNode[],
  steps: Map<string, WorkflowRunStep>,
  scope: TemplateScope,
): Promise<BatchResult> {
  let output: unknown;
  try {
    output = definition.output === undefined ? sinkOutputs(plan, steps) : await resolveTemplates(definition.output, scope);
  } catch (error) {
    return finishRun(db, run, "FAILED", { error: `The workflow output could not be resolved: ${(error as Error).message}` });
  }
  return finishRun(db, run, "COMPLETED", { output });
}

/** Without an `output` template: the outputs of the completed steps nothing depends on. */
function sinkOutputs(plan: PlanNode[], steps: Map<string, WorkflowRunStep>): Record<string, unknown> {
  const needed = new Set(plan.flatMap((step) => step.deps));
  return Object.fromEntries(
    plan.filter((step) => !needed.has(step.id) && steps.get(step.id)?.status === "COMPLETED").map((step) => [step.id, steps.get(step.id)?.output ?? null]),
  );
}

async function suspendRun(db: PrismaClient, run: WorkflowRun, workflow: LoadedRun["workflow"], waiting: PlanNode[], workerId: string): Promise<BatchResult> {
  const now = new Date();
  const totals = await rollUpTotals(db, run);
  const { count } = await db.workflowRun.updateMany({
    where: { id: run.id, status: "RUNNING" },
    data: { status: "SUSPENDED", suspendedStepId: waiting[0].id, suspendedAt: now, heartbeatAt: now, ...totals },
  });
  if (count === 0) return batchResult(await db.workflowRun.findUniqueOrThrow({ where: { id: run.id } }), true);

  const approvals = await db.approvalRequest.findMany({
    where: { organizationId: run.organizationId, workflowRunId: run.id, status: "pending" },
    select: { id: true, workflowStepId: true },
  });
  await recordActivity(db, {
    organizationId: run.organizationId,
    type: "WORKFLOW_SUSPENDED",
    title: `Workflow "${workflow.name}" is waiting for approval at "${waiting[0].node.name ?? waiting[0].id}"`,
    status: "suspended",
    workflowRunId: run.id,
    triggerId: run.triggerId ?? undefined,
    approvalId: approvals.find((approval) => approval.workflowStepId === waiting[0].id)?.id,
    costUsd: totals.costUsd,
    totalTokens: totals.totalTokens,
    metadata: { workflowSlug: workflow.slug, stepId: waiting[0].id, waitingStepIds: waiting.map((step) => step.id), approvalIds: approvals.map((approval) => approval.id) },
    at: now,
  });
  await settleTriggerEvent(db, run, "SUSPENDED", null);

  // A decision that landed while this batch was suspending finds the run not yet SUSPENDED and
  // leaves resuming to us: continue if no gate is waiting any more.
  const stillWaiting = await db.workflowRunStep.count({ where: { workflowRunId: run.id, status: "WAITING" } });
  if (stillWaiting === 0 && (await reclaimSuspendedRun(db, run.id, workerId))) return { workflowRunId: run.id, status: "RUNNING", done: false };
  return { workflowRunId: run.id, status: "SUSPENDED", done: true };
}

/** SUSPENDED → RUNNING, by exactly one caller. */
async function reclaimSuspendedRun(db: PrismaClient, runId: string, workerId: string): Promise<boolean> {
  const now = new Date();
  const { count } = await db.workflowRun.updateMany({
    where: { id: runId, status: "SUSPENDED" },
    data: { status: "RUNNING", suspendedStepId: null, suspendedAt: null, heartbeatAt: now, claimedBy: workerId, claimedAt: now },
  });
  return count === 1;
}

/**
 * Ends a run once: the status change is conditional, so of two racing finishers one records the
 * activity event and settles the TriggerEvent. Unreached steps are closed and pending approvals expire.
 */
async function finishRun(db: PrismaClient, run: WorkflowRun, status: "COMPLETED" | "FAILED" | "CANCELLED", result: { error?: string; output?: unknown }): Promise<BatchResult> {
  const now = new Date();
  const totals = await rollUpTotals(db, run);
  const durationMs = durationBetween(run.startedAt, now);
  const { count } = await db.workflowRun.updateMany({
    where: { id: run.id, status: { in: status === "COMPLETED" ? ["RUNNING"] : ["QUEUED", "RUNNING", "SUSPENDED"] } },
    data: { status, output: toJson(result.output), error: result.error ?? null, completedAt: now, durationMs, suspendedStepId: null, heartbeatAt: now, ...totals },
  });
  const finished = await db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  if (count === 0) return batchResult(finished, true);

  if (status !== "COMPLETED") await closeUnfinishedWork(db, run, status, result.error ?? status.toLowerCase());
  const workflow = await db.workflow.findUniqueOrThrow({ where: { id: run.workflowId }, select: { slug: true, name: true } });
  const metrics = { workflowRunId: run.id, triggerId: run.triggerId ?? undefined, durationMs, costUsd: totals.costUsd, totalTokens: totals.totalTokens, at: now };
  if (status === "COMPLETED") {
    await recordActivity(db, {
      organizationId: run.organizationId,
      type: "WORKFLOW_COMPLETED",
      title: `Workflow "${workflow.name}" completed`,
      status: "completed",
      ...metrics,
      metadata: { workflowSlug: workflow.slug, outputSummary: summarize(result.output) },
    });
  } else {
    const failed = status === "FAILED";
    await recordActivity(db, {
      organizationId: run.organizationId,
      type: failed ? "WORKFLOW_FAILED" : "WORKFLOW_CANCELLED",
      title: failed ? `Workflow "${workflow.name}" failed` : `Workflow "${workflow.name}" was cancelled`,
      description: result.error,
      status: failed ? "failed" : "cancelled",
      ...metrics,
      metadata: { workflowSlug: workflow.slug, error: result.error ?? null },
    });
  }
  await settleTriggerEvent(db, run, status, result.error ?? null);
  if (run.source === "schedule") await checkScheduledRunHealth(db, "workflow-schedule", { ...finished, scheduleId: run.triggerId });
  return batchResult(finished, true);
}

async function closeUnfinishedWork(db: PrismaClient, run: WorkflowRun, status: "FAILED" | "CANCELLED", reason: string) {
  const now = new Date();
  await db.workflowRunStep.updateMany({
    where: { workflowRunId: run.id, status: { in: ["PENDING", "WAITING"] } },
    data: status === "CANCELLED" ? { status: "CANCELLED", completedAt: now } : { status: "SKIPPED", output: { reason: `not run: ${reason}` }, completedAt: now },
  });
  await expirePendingApprovals(db, { organizationId: run.organizationId, workflowRunId: run.id }, `Workflow run ${status.toLowerCase()}: ${reason}`, now);
}

/** The TriggerEvent that started the run reflects how it went: FIRED while it runs well, FAILED otherwise. */
async function settleTriggerEvent(db: PrismaClient, run: WorkflowRun, status: RunStatus, error: string | null) {
  if (!run.triggerEventId) return;
  const fired = status === "COMPLETED" || status === "SUSPENDED";
  await db.triggerEvent.updateMany({
    where: { id: run.triggerEventId, organizationId: run.organizationId },
    data: { status: fired ? "FIRED" : "FAILED", error: fired ? null : (error ?? `Run ${status.toLowerCase()}`), workflowId: run.workflowId, workflowRunId: run.id, processedAt: new Date() },
  });
}

/**
 * Applies a human decision to the step it was holding up. Approve: the step completes with the
 * decision as its output and the run is claimed back for resuming. Reject: the step and the run fail
 * with the reviewer's reason.
 */
export async function applyWorkflowDecision(db: PrismaClient, payload: DecisionPayload, options: WorkflowRuntimeOptions) {
  const approval = await db.approvalRequest.findFirst({ where: { id: payload.approvalId, organizationId: payload.organizationId, sourceType: "workflow-review" } });
  const run = approval?.workflowRunId ? await db.workflowRun.findFirst({ where: { id: approval.workflowRunId, organizationId: payload.organizationId } }) : null;
  if (!approval || !run || !approval.workflowStepId) return { workflowRunId: null, resume: false, status: null };
  // The stored decision is the truth; an event that disagrees with it changes nothing.
  if (approval.status !== payload.decision) return { workflowRunId: run.id, resume: false, status: run.status };

  const decidedBy = approval.decidedByLabel ?? "a reviewer";
  const notes = payload.notes ?? approval.decisionNotes ?? null;
  const step = await db.workflowRunStep.findUnique({ where: { workflowRunId_stepId: { workflowRunId: run.id, stepId: approval.workflowStepId } } });
  const now = new Date();
  const closing = { completedAt: now, durationMs: step?.startedAt ? durationBetween(step.startedAt, now) : null };
  const waiting = { workflowRunId: run.id, stepId: approval.workflowStepId, status: "WAITING" as const };

  if (payload.decision === "approved") {
    await db.workflowRunStep.updateMany({ where: waiting, data: { status: "COMPLETED", output: { approved: true, notes, decidedBy }, ...closing } });
    const resume = await reclaimSuspendedRun(db, run.id, options.workerId);
    if (resume) await logEvent({ db, run }, { eventType: "log", stepId: approval.workflowStepId, message: `Approved by ${decidedBy}; resuming` });
    return { workflowRunId: run.id, resume, status: resume ? ("RUNNING" as const) : run.status };
  }
  const reason = `Rejected by ${decidedBy}${notes ? `: ${notes}` : ""}`;
  await db.workflowRunStep.updateMany({ where: waiting, data: { status: "FAILED", error: reason, output: { approved: false, notes, decidedBy }, ...closing } });
  const finished = await finishRun(db, run, "FAILED", { error: `Step "${approval.workflowStepId}" was rejected by ${decidedBy}${notes ? `: ${notes}` : ""}` });
  return { workflowRunId: run.id, resume: false, status: finished.status };
}

/**
 * Asks a run to stop. A running run stops between batches (or between loop stages), and its agent
 * sub-runs in flight are asked to stop too, so a running step ends without waiting for its model
 * (the step is then cancelled, not failed). A queued or suspended run has no worker on it, so it is
 * cancelled at once and its pending approvals expire.
 */
export async function requestWorkflowCancel(ctx: OrgContext, runId: string): Promise<WorkflowRun> {
  requireRole(ctx, "OPERATOR");
  const run = await ctx.db.workflowRun.findFirst({ where: { id: runId, organizationId: ctx.organizationId } });
  if (!run) throw notFound("Workflow run");
  if (FINISHED.includes(run.status)) throw new AppError("conflict", `Workflow run is already ${run.status.toLowerCase()}`);
  const now = new Date();
  await ctx.db.workflowRun.updateMany({ where: { id: run.id, organizationId: ctx.organizationId, cancelRequestedAt: null }, data: { cancelRequestedAt: now } });
  await requestWorkflowSubRunsCancel(ctx.db, run, now);
  if (run.status === "QUEUED" || run.status === "SUSPENDED") await finishRun(ctx.db, run, "CANCELLED", { error: `Cancelled by ${ctx.actor.label}` });
  return ctx.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
}

/** The workflow run's agent sub-runs are linked by `workflowRunId`. */
function requestWorkflowSubRunsCancel(db: PrismaClient, run: Pick<WorkflowRun, "id" | "organizationId">, at: Date) {
  return requestSubRunsCancel(db, run.organizationId, { workflowRunId: run.id }, "Cancelled with its workflow run", at);
}

function batchResult(run: WorkflowRun, done: boolean): BatchResult {
  return { workflowRunId: run.id, status: run.status, done };
}

/** JSON for a Prisma Json column: undefined leaves the column alone, null stores JSON null. */
function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull | undefined {
  if (value === undefined) return undefined;
  if (value === null) return Prisma.JsonNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** A one-line preview for the activity feed. */
function summarize(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 280 ? `${text.slice(0, 277)}...` : text;
}
