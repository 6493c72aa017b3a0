import type { Agent, AgentRun, Prisma, PrismaClient, WorkflowRun, WorkflowRunStep } from "@switchyard/database";
import { executeAgentRun } from "../agents/runtime.ts";
import { requestReview } from "../reviews/requests.ts";
import { isRecord, type AgentNode, type ConditionNode, type HumanNode, type LoopNode, type ToolNode } from "./definition.ts";
import { buildEngagementContext, estimateAgentCalls } from "./engagement.ts";
import { agentSlugsOfNode, type PlanNode } from "./plan.ts";
import { evaluateExpression, ExpressionError, renderTemplate, resolveTemplates, type TemplateScope } from "./templates.ts";
import { PUBLIC_TARGETS_ONLY, type OutboundPolicy } from "./outbound-policy.ts";
import { runBuiltInTool } from "./tools.ts";
import { compileOutputSchema } from "./validate.ts";

export interface WorkflowRuntimeOptions {
  /** Recorded as the run's `claimedBy` and passed to agent sub-runs. */
  workerId: string;
  /** Waits out simulated model latency and `wait` steps; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
  /** Which targets `http` steps may reach; public addresses only unless given. */
  outboundPolicy?: OutboundPolicy;
}

/** Everything a step executor needs: the run, its persisted steps and the scope templates see. */
export interface StepEnv {
  db: PrismaClient;
  options: WorkflowRuntimeOptions;
  run: WorkflowRun;
  workflow: { id: string; slug: string; name: string };
  agents: ReadonlyMap<string, Agent>;
  plan: PlanNode[];
  steps: ReadonlyMap<string, WorkflowRunStep>;
  scope: TemplateScope;
}

export interface StepResult {
  status: "COMPLETED" | "WAITING";
  input?: unknown;
  output?: unknown;
  agentRunId?: string;
  totalTokens?: number;
  costUsd?: number;
  attempt?: number;
}

/** A step failed for a reason of its own (agent error, bad output, HTTP error): the run fails with it. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly partial: Partial<StepResult> = {},
  ) {
    super(message);
    this.name = "StepFailure";
  }
}

/** A cancel request arrived while a long step (a loop) was between stages. */
export class StepCancelled extends Error {
  constructor(readonly partial: Partial<StepResult> = {}) {
    super("Cancelled on request");
    this.name = "StepCancelled";
  }
}

const EVALUATION_PROMPT = "Evaluate this output:\n\n{{ loop.output }}";
const REVISION_CONTEXT = "Previous output:\n{{ loop.output }}\n\nEvaluation (score {{ loop.score }}):\n{{ loop.evaluation }}";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one step. Infrastructure errors (database, a worker conflict) are thrown as they are, so the engine retries. */
export async function executeStep(env: StepEnv, step: PlanNode): Promise<StepResult> {
  const node = step.node;
  try {
    switch (node.type) {
      case "agent":
        return await runAgentStep(env, node);
      case "tool":
        return await runToolStep(env, node);
      case "human":
        return await openApproval(env, step, node);
      case "condition":
        return await runCondition(env, node);
      case "transform": {
        const output = await evaluateExpression(node.expression, env.scope);
        return { status: "COMPLETED", input: { expression: node.expression }, output: output ?? null };
      }
      case "loop":
        return await runLoop(env, node);
    }
  } catch (error) {
    if (error instanceof ExpressionError) throw new StepFailure(`Expression failed: ${error.message}`);
    throw error;
  }
}

async function runAgentStep(env: StepEnv, node: AgentNode): Promise<StepResult> {
  const input = await agentInput(env, node, env.scope);
  const run = await callAgent(env, node.agent, input, { stepId: node.id, attempt: 1 });
  const usage = { agentRunId: run.id, totalTokens: run.totalTokens, costUsd: run.costUsd };
  if (run.status !== "COMPLETED") throw await subRunFailure(env, run, `Agent "${node.agent}"`, { input, ...usage });
  const output = structuredOutput(run.output);
  if (node.outputSchema) {
    const problem = checkOutput(node.outputSchema, output);
    if (problem) throw new StepFailure(`Agent output does not match the step's JSON Schema: ${problem}`, { input, output, ...usage });
  }
  return { status: "COMPLETED", input, output, ...usage };
}

/**
 * Why a step ends with a sub-run that did not complete. One cancelled because its workflow run's
 * cancel was requested cancels the step (StepCancelled is thrown); one cancelled on its own, or
 * failed, fails the step.
 */
async function subRunFailure(env: StepEnv, run: AgentRun, who: string, partial: Partial<StepResult>, when = ""): Promise<StepFailure> {
  if (run.status !== "CANCELLED") return new StepFailure(`${who} failed${when}: ${run.error ?? run.status.toLowerCase()}`, partial);
  await throwIfCancelRequested(env, partial);
  return new StepFailure(`${who} was cancelled${when}`, partial);
}

function checkOutput(schema: Record<string, unknown>, output: unknown): string | null {
  let check: (value: unknown) => string | null;
  try {
    check = compileOutputSchema(schema);
  } catch (error) {
    throw new StepFailure(`The step's output JSON Schema is invalid: ${(error as Error).message}`);
  }
  return check(output);
}

/** The agent's input: the resolved `input` object, the `action`, and the resolved `prompt`; the run's input when there is none. */
async function agentInput(env: StepEnv, call: { prompt?: string; input?: Record<string, unknown>; action?: string }, scope: TemplateScope) {
  const prompt = call.prompt ? await renderTemplate(call.prompt, scope) : undefined;
  const resolved = call.input ? ((await resolveTemplates(call.input, scope)) as Record<string, unknown>) : undefined;
  if (prompt === undefined && resolved === undefined && !call.action) return env.run.input ?? {};
  return { ...(call.action ? { action: call.action } : {}), ...resolved, ...(prompt === undefined ? {} : { prompt }) };
}

const LOOP_ROLES = ["producer", "evaluator", "reviser"] as const;
export type LoopRole = (typeof LOOP_ROLES)[number];

/** Where in its workflow run an agent call happened; kept in the sub-run's metadata (AgentRun has no step column). */
export interface WorkflowCall {
  stepId: string;
  attempt: number;
  /** The call's part in a loop step; absent for an agent step. */
  role?: LoopRole;
}

/** What a sub-run's metadata records of its workflow call; sub-runs recorded before attempts were stored have only the step. */
export function workflowCallOf(metadata: unknown): Partial<WorkflowCall> {
  if (!isRecord(metadata)) return {};
  return {
    stepId: typeof metadata.stepId === "string" ? metadata.stepId : undefined,
    attempt: typeof metadata.attempt === "number" ? metadata.attempt : undefined,
    role: LOOP_ROLES.find((role) => role === metadata.role),
  };
}

/** Every agent call of a workflow goes through the one agent execution path and is recorded as a sub-run of its step and attempt. */
async function callAgent(env: StepEnv, slug: string, input: unknown, call: WorkflowCall): Promise<AgentRun> {
  const agent = env.agents.get(slug);
  if (!agent) throw new StepFailure(`Agent "${slug}" not found in this organization`, { input });
  return executeAgentRun(
    env.db,
    {
      organizationId: env.run.organizationId,
      agentId: agent.id,
      source: "workflow",
      input,
      dedupeKey: `wf:${env.run.id}:${call.stepId}:${call.attempt}${call.role ? `:${call.role}` : ""}`,
      workflowRunId: env.run.id,
      metadata: { workflowId: env.workflow.id, workflowSlug: env.workflow.slug, ...call },
    },
    { workerId: env.options.workerId, sleep: env.options.sleep },
  );
}

/** Agents answer in text; an answer that is a JSON object (optionally fenced) becomes the step's structured output. */
export function structuredOutput(output: unknown): unknown {
  if (!isRecord(output) || typeof output.text !== "string") return output ?? null;
  const text = output.text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, "$1");
  if (!text.startsWith("{")) return output;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : output;
  } catch {
    return output;
  }
}

async function runToolStep(env: StepEnv, node: ToolNode): Promise<StepResult> {
  const input = await resolveTemplates(node.input ?? {}, env.scope);
  try {
    const output = await runBuiltInTool(node.tool, input, {
      sleep: env.options.sleep ?? realSleep,
      outboundPolicy: env.options.outboundPolicy ?? PUBLIC_TARGETS_ONLY,
    });
    return { status: "COMPLETED", input, output };
  } catch (error) {
    throw new StepFailure((error as Error).message, { input });
  }
}

async function runCondition(env: StepEnv, node: ConditionNode): Promise<StepResult> {
  const value = await evaluateExpression(node.expression, env.scope);
  const result = Array.isArray(value) ? value.length > 0 : Boolean(value);
  return { status: "COMPLETED", input: { expression: node.expression }, output: { result, branch: result ? "then" : "else", value: value ?? null } };
}

/**
 * A human gate: opens a workflow-review ApprovalRequest with the engagement context and leaves the
 * step WAITING. The run suspends once nothing else can run; the decision resumes it.
 */
async function openApproval(env: StepEnv, step: PlanNode, node: HumanNode): Promise<StepResult> {
  const { db, run, workflow } = env;
  const prompt = await renderTemplate(node.prompt, env.scope);
  // A retried batch finds the approval it already opened instead of opening a second one.
  const existing = await db.approvalRequest.findFirst({
    where: { organizationId: run.organizationId, workflowRunId: run.id, workflowStepId: step.id, status: "pending" },
    select: { id: true },
  });
  if (existing) return { status: "WAITING", input: { prompt, approvalId: existing.id } };

  const completed = [...env.steps.values()]
    .filter((row) => row.status === "COMPLETED")
    .sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0));
  const engagement = buildEngagementContext(completed.map((row) => ({ stepId: row.stepId, status: row.status, output: row.output })));
  const remainingAgentIds = remainingAgentCalls(env);
  const estimatedCostUsd = run.costUsd + (await estimateAgentCalls(db, run.organizationId, remainingAgentIds));
  const label = node.title ?? node.name ?? step.id;
  const approval = await requestReview(db, {
    organizationId: run.organizationId,
    sourceType: "workflow-review",
    title: `${workflow.name}: ${label}`,
    summary: `Workflow "${workflow.name}" is waiting at "${label}" after ${engagement.stepsCompleted} completed step(s); ${remainingAgentIds.length} agent call(s) remain.`,
    prompt,
    agentId: step.gate?.agent?.id ?? null,
    workflowRunId: run.id,
    workflowStepId: step.id,
    reviewContext: {
      ...engagement,
      workflowSlug: workflow.slug,
      stepId: step.id,
      ...(step.gate ? { gatedStepId: step.gate.nodeId, gateReason: step.gate.reason, agentSlug: step.gate.agent?.slug ?? null } : {}),
    } as Prisma.InputJsonValue,
    estimatedCostUsd,
  });
  return { status: "WAITING", input: { prompt, approvalId: approval.id } };
}

/** The agent calls of the steps that have not finished yet (one pass of each loop). */
function remainingAgentCalls(env: StepEnv): string[] {
  const slugs = env.plan.flatMap((step) => {
    const status = env.steps.get(step.id)?.status;
    return status === "COMPLETED" || status === "SKIPPED" ? [] : agentSlugsOfNode(step.node);
  });
  return slugs.map((slug) => env.agents.get(slug)?.id).filter((id): id is string => Boolean(id));
}

/**
 * Producer → evaluator → reviser (seed 004): each attempt stores its output and evaluation as
 * RunArtifacts and emits a score_update event; the loop ends when the score reaches the threshold or
 * attempts run out (the step then fails). A cancel request is honoured between stages.
 */
async function runLoop(env: StepEnv, node: LoopNode): Promise<StepResult> {
  const usage = { totalTokens: 0, costUsd: 0, agentRunId: undefined as string | undefined };
  const scores: number[] = [];
  let previous: { output: unknown; evaluation: unknown; score: number } | undefined;
  const track = (run: AgentRun) => {
    usage.totalTokens += run.totalTokens;
    usage.costUsd += run.costUsd;
    return run;
  };
  const call = async (
    role: LoopRole,
    agentCall: { agent: string; prompt?: string; input?: Record<string, unknown> },
    scope: TemplateScope,
    attempt: number,
  ) => {
    const input = await agentInput(env, agentCall, scope);
    const run = track(await callAgent(env, agentCall.agent, input, { stepId: node.id, attempt, role }));
    if (run.status !== "COMPLETED") throw await subRunFailure(env, run, `Loop ${role} "${agentCall.agent}"`, { ...usage, attempt }, ` on attempt ${attempt}`);
    return { run, output: structuredOutput(run.output) };
  };

  // Without a reviser the producer revises, shown its previous output and the evaluation.
  const reviser = node.reviser ?? { ...node.producer, prompt: `${node.producer.prompt ?? "Revise your previous output."}\n\n${REVISION_CONTEXT}` };

  for (let attempt = 1; attempt <= node.maxAttempts; attempt++) {
    if (attempt > 1) await throwIfCancelRequested(env, { ...usage, attempt: attempt - 1 });
    const stage = attempt === 1 ? "producing" : "revising";
    const loop = { attempt, output: previous?.output, evaluation: previous?.evaluation, feedback: previous?.evaluation, score: previous?.score };
    await logEvent(env, { eventType: "stage_change", stepId: node.id, stage, attempt, message: `Attempt ${attempt}: ${stage}` });
    const produced =
      attempt === 1 ? await call("producer", node.producer, { ...env.scope, loop }, attempt) : await call("reviser", reviser, { ...env.scope, loop }, attempt);
    usage.agentRunId = produced.run.id;
    await saveArtifact(env, {
      stepId: node.id,
      attempt,
      artifactType: "output",
      filename: `${node.id}-attempt-${attempt}.md`,
      content: text(produced.output),
      agentRunId: produced.run.id,
    });

    await throwIfCancelRequested(env, { ...usage, attempt });
    await logEvent(env, { eventType: "stage_change", stepId: node.id, stage: "evaluating", attempt, message: `Attempt ${attempt}: evaluating` });
    const evaluated = node.evaluator.agent
      ? await call(
          "evaluator",
          { agent: node.evaluator.agent, prompt: node.evaluator.prompt ?? EVALUATION_PROMPT },
          { ...env.scope, loop: { ...loop, output: produced.output } },
          attempt,
        )
      : undefined;
    const score = await evaluateExpression(node.evaluator.score, {
      ...env.scope,
      attempt,
      output: produced.output,
      evaluation: evaluated?.output,
      loop: { ...loop, output: produced.output },
    });
    if (typeof score !== "number" || !Number.isFinite(score)) {
      throw new StepFailure(`Evaluator score must be a number, got ${JSON.stringify(score ?? null)} on attempt ${attempt}`, { ...usage, attempt });
    }
    const passed = score >= node.passThreshold;
    scores.push(score);
    await saveArtifact(env, {
      stepId: node.id,
      attempt,
      artifactType: "evaluation",
      filename: `${node.id}-evaluation-${attempt}.json`,
      contentType: "application/json",
      content: JSON.stringify({ score, passed, threshold: node.passThreshold, evaluation: evaluated?.output ?? null }),
      score,
      agentRunId: evaluated?.run.id,
    });
    await logEvent(env, {
      eventType: "score_update",
      stepId: node.id,
      stage: "evaluating",
      attempt,
      message: `Attempt ${attempt} scored ${score} (pass threshold ${node.passThreshold})`,
      metadata: { score, passed, threshold: node.passThreshold },
    });
    previous = { output: produced.output, evaluation: evaluated?.output ?? null, score };
    if (passed) break;
  }

  const finalScore = scores[scores.length - 1];
  const passed = finalScore >= node.passThreshold;
  await recordEvaluation(env, node, scores, passed);
  const output = { output: previous?.output ?? null, score: finalScore, passed, attempts: scores.length, scores };
  if (!passed) {
    throw new StepFailure(`Score ${finalScore} stayed below the pass threshold ${node.passThreshold} after ${scores.length} attempt(s)`, {
      ...usage,
      output,
      attempt: scores.length,
    });
  }
  return { status: "COMPLETED", input: { passThreshold: node.passThreshold, maxAttempts: node.maxAttempts }, output, attempt: scores.length, ...usage };
}

async function throwIfCancelRequested(env: StepEnv, partial: Partial<StepResult>) {
  const now = new Date();
  const run = await env.db.workflowRun.update({ where: { id: env.run.id }, data: { heartbeatAt: now }, select: { cancelRequestedAt: true, status: true } });
  if (run.cancelRequestedAt || run.status !== "RUNNING") throw new StepCancelled(partial);
}

async function recordEvaluation(env: StepEnv, node: LoopNode, scores: number[], passed: boolean) {
  const score = scores[scores.length - 1];
  const data = {
    score,
    passed,
    summary: `${node.name ?? node.id}: ${passed ? "passed" : "did not pass"} with ${score} after ${scores.length} attempt(s) (threshold ${node.passThreshold})`,
    criteria: { stepId: node.id, passThreshold: node.passThreshold, maxAttempts: node.maxAttempts, scores },
  };
  await env.db.workflowRunEvaluation.upsert({
    where: { workflowRunId: env.run.id },
    create: { organizationId: env.run.organizationId, workflowRunId: env.run.id, ...data },
    update: data,
  });
}

interface ArtifactInput {
  stepId: string;
  attempt: number;
  artifactType: "output" | "evaluation";
  filename: string;
  content: string;
  contentType?: string;
  score?: number;
  agentRunId?: string;
}

/** One artifact per step, attempt and type: a replayed attempt finds the one it stored. */
async function saveArtifact(env: StepEnv, artifact: ArtifactInput) {
  const key = {
    organizationId: env.run.organizationId,
    workflowRunId: env.run.id,
    stepId: artifact.stepId,
    attempt: artifact.attempt,
    artifactType: artifact.artifactType,
  };
  const existing = await env.db.runArtifact.findFirst({ where: key, select: { id: true } });
  if (!existing)
    await env.db.runArtifact.create({
      data: {
        ...key,
        filename: artifact.filename,
        content: artifact.content,
        contentType: artifact.contentType,
        score: artifact.score,
        agentRunId: artifact.agentRunId,
      },
    });
}

interface RunEventInput {
  eventType: "stage_change" | "log" | "score_update" | "error";
  stepId?: string;
  stage?: string;
  attempt?: number;
  message: string;
  metadata?: Prisma.InputJsonValue;
}

/** The run's live event log (seed 004); best-effort, like all telemetry. */
export async function logEvent(env: Pick<StepEnv, "db" | "run">, event: RunEventInput): Promise<void> {
  try {
    await env.db.workflowRunEvent.create({ data: { organizationId: env.run.organizationId, workflowRunId: env.run.id, ...event } });
  } catch (error) {
    console.warn(`[workflow] event not recorded for run ${env.run.id}: ${(error as Error).message}`);
  }
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (isRecord(value) && typeof value.text === "string" && Object.keys(value).length === 1) return value.text;
  return JSON.stringify(value, null, 2);
}
