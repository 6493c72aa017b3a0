import { Prisma, type Agent, type PrismaClient, type RunSource, type RunStatus, type WorkflowRun, type WorkflowRunStep } from "@switchyard/database";
import { recordActivity } from "../activity.ts";
import { notFound } from "../errors.ts";
import type { DecisionPayload, TriggerFirePayload } from "../execution/events.ts";
import { parseWorkflowDefinition, type WorkflowDefinition } from "./definition.ts";
import { agentSlugsOf, buildPlan, skipReason, type PlanNode } from "./plan.ts";
import { executeStep, logEvent, StepCancelled, StepFailure, type StepEnv, type StepResult, type WorkflowRuntimeOptions } from "./steps.ts";
import { resolveTemplates, type TemplateScope } from "./templates.ts";
import { withStepSpan, type RunSpan } from "../telemetry/tracing.ts";
import {
  claimRun,
  createRunOnce,
  durationBetween,
  failTriggerEvent,
  announceSuspended,
  finishOnce,
  settleTriggerEvent,
  STALE_RUN_MS,
  startHeartbeat,
  type FinalStatus,
} from "../runs/lifecycle.ts";

export type { WorkflowRuntimeOptions } from "./steps.ts";

/** A run never needs more batches than it has steps; this only stops a runaway loop. */
export const MAX_BATCHES = 1000;

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
  const { run, created } = await createRunOnce(db, "workflow", request, async () => {
    const workflow = await db.workflow.findFirst({
      where: { id: request.workflowId, organizationId: request.organizationId },
      select: { id: true, version: true },
    });
    if (!workflow) throw notFound("Workflow");
    return db.workflowRun.create({
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
    });
  });
  if (created && request.triggerEventId) {
    await db.triggerEvent.updateMany({
      where: { id: request.triggerEventId, organizationId: request.organizationId },
      data: { workflowId: run.workflowId, workflowRunId: run.id },
    });
  }
  return { run, created };
}

/**
 * The first step of a `workflow/trigger.fire`: the run for this fire, and whether this delivery
 * should execute it (a duplicate delivery finds a run another delivery owns).
 */
export async function startWorkflowFire(db: PrismaClient, payload: TriggerFirePayload) {
  const workflow = await db.workflow.findFirst({
    where: { id: payload.entityId, organizationId: payload.organizationId },
    select: { id: true, archivedAt: true },
  });
  // An archived workflow's triggers may still deliver (a queued event, a hand-made trigger): they start nothing.
  if (!workflow || workflow.archivedAt) {
    const error = workflow ? "Workflow is archived" : "Workflow not found";
    await failTriggerEvent(db, payload, error);
    return { workflowRunId: null, status: null, shouldExecute: false, error };
  }
  const { run, created } = await startWorkflowRun(db, { ...payload, workflowId: workflow.id });
  // A RUNNING run whose worker stopped heartbeating is continued from its persisted steps (recovery).
  const isStale = run.status === "RUNNING" && (run.heartbeatAt ?? run.startedAt).getTime() < Date.now() - STALE_RUN_MS;
  return { workflowRunId: run.id, status: run.status, shouldExecute: created || run.status === "QUEUED" || isStale };
}

/** What the run's span is named and continues: read only when tracing is on. */
export async function workflowRunSpan(db: PrismaClient, ref: WorkflowRunRef): Promise<RunSpan> {
  const run = await db.workflowRun.findFirstOrThrow({
    where: { id: ref.workflowRunId, organizationId: ref.organizationId },
    select: { id: true, organizationId: true, traceId: true, traceSpanId: true, source: true, workflowVersion: true, workflow: { select: { slug: true } } },
  });
  return { name: `workflow.${run.workflow.slug}`, kind: "workflow", run, attributes: { "workflow.version": run.workflowVersion } };
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
  if (run.status === "QUEUED")
    run = (await claimRun(db, "workflow", run, options.workerId)) ?? (await db.workflowRun.findUniqueOrThrow({ where: { id: run.id } }));
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
  const stopHeartbeat = startHeartbeat(db, "workflow", run.id);
  const settled = await Promise.allSettled(
    ready.map((step) => withStepSpan(`step.${step.id}`, { "run.id": run.id, "step.id": step.id, "step.type": step.node.type }, () => runStep(env, step))),
  ).finally(stopHeartbeat);
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
    await db.workflowRunStep.update({
      where,
      data: { ...stepData(result), status: result.status, error: null, completedAt, durationMs: completedAt ? durationBetween(startedAt, completedAt) : null },
    });
    return { stepId: step.id, status: result.status };
  } catch (error) {
    if (!(error instanceof StepFailure || error instanceof StepCancelled)) throw error;
    const status = error instanceof StepCancelled ? "CANCELLED" : "FAILED";
    const completedAt = new Date();
    await db.workflowRunStep.update({
      where,
      data: { ...stepData(error.partial), status, error: error.message, completedAt, durationMs: durationBetween(startedAt, completedAt) },
    });
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

interface LoadedRun {
  workflow: { id: string; slug: string; name: string };
  definition: WorkflowDefinition;
  agents: Map<string, Agent>;
  plan: PlanNode[];
}

/**
 * The definition of the version the run started with (never the workflow's current one, so a run
 * edited under it keeps its steps), and the agents it names.
 */
async function loadRun(db: PrismaClient, run: WorkflowRun): Promise<LoadedRun | { error: string }> {
  const workflow = await db.workflow.findFirstOrThrow({
    where: { id: run.workflowId, organizationId: run.organizationId },
    select: { id: true, slug: true, name: true, version: true, definition: true },
  });
  const version = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: workflow.id, version: run.workflowVersion } } });
  // Every save stores its version row; a workflow from before versions were kept has only its current definition.
  const stored = version?.definition ?? (workflow.version === run.workflowVersion ? workflow.definition : null);
  if (stored === null) return { error: `Version ${run.workflowVersion} of workflow "${workflow.slug}" is missing` };
  const { definition, problems } = parseWorkflowDefinition(stored);
  if (!definition) return { error: `The stored definition is invalid: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}` };
  const agents = await db.agent.findMany({ where: { organizationId: run.organizationId, slug: { in: agentSlugsOf(definition) } } });
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
    metadata: {
      workflowSlug: workflow.slug,
      stepId: waiting[0].id,
      waitingStepIds: waiting.map((step) => step.id),
      approvalIds: approvals.map((approval) => approval.id),
    },
    at: now,
  });
  await settleTriggerEvent(db, "workflow", { ...run, status: "SUSPENDED" });
  announceSuspended("workflow", { ...run, ...totals, status: "SUSPENDED" });

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

/** Ends the run through the one lifecycle exit; a run another finisher ended is returned as it is. */
async function finishRun(db: PrismaClient, run: WorkflowRun, status: FinalStatus, result: { error?: string; output?: unknown }): Promise<BatchResult> {
  const { run: finished } = await finishOnce(db, "workflow", run, { status, error: result.error, data: { output: toJson(result.output) } });
  return batchResult(finished, true);
}

/**
 * Applies a human decision to the step it was holding up. Approve: the step completes with the
 * decision as its output and the run is claimed back for resuming. Reject: the step and the run fail
 * with the reviewer's reason.
 */
export async function applyWorkflowDecision(db: PrismaClient, payload: DecisionPayload, options: WorkflowRuntimeOptions) {
  const approval = await db.approvalRequest.findFirst({
    where: { id: payload.approvalId, organizationId: payload.organizationId, sourceType: "workflow-review" },
  });
  const run = approval?.workflowRunId
    ? await db.workflowRun.findFirst({ where: { id: approval.workflowRunId, organizationId: payload.organizationId } })
    : null;
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

function batchResult(run: WorkflowRun, done: boolean): BatchResult {
  return { workflowRunId: run.id, status: run.status, done };
}

/** JSON for a Prisma Json column: undefined leaves the column alone, null stores JSON null. */
function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull | undefined {
  if (value === undefined) return undefined;
  if (value === null) return Prisma.JsonNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
