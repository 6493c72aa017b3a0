import type { Agent, AgentRun, Prisma, PrismaClient, RunSource } from "@switchyard/database";
import { notFound } from "../errors.ts";
import type { TriggerFirePayload } from "../execution/events.ts";
import { claimRun, failTriggerEvent, heldByAnotherWorker, isFinished, withHeartbeat } from "../runs/lifecycle.ts";
import { recordRunCancelledWhileRunning, recordRunFinished, recordRunQueued, type AgentRunOutcome } from "../runs/recorder.ts";
import { enterCircuit, recordCircuitFailure, recordCircuitSuccess, type CircuitBreakerOptions } from "../telemetry/circuit-breaker.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { awaitExternalRun } from "../runner/waiting.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import { withRunSpan, withSpan } from "../telemetry/tracing.ts";
import { loadModelTarget } from "../models/providers.ts";
import { envModelTarget, type ModelTarget } from "../models/target.ts";
import { outboundPolicyFromEnv, type OutboundPolicy } from "../workflows/outbound-policy.ts";
import { asObject, toolsOf } from "./catalog.ts";
import { costForTokens, knownCostForTokens } from "./pricing.ts";
import { holdForApproval } from "./risk-gate.ts";
import { simulateCompletion, type SimulationProfile } from "./simulated-model.ts";

export interface RunAgentFireOptions {
  /** Recorded as the run's `claimedBy`. */
  workerId: string;
  /** Waits out the simulated model's latency; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
  /** The real providers' circuit breaker settings (threshold, cool-down, clock); tests inject them. */
  breaker?: Omit<CircuitBreakerOptions, "workerId">;
  /** How often a running run beats and looks for a cancel request (default 5 s); tests shorten it. */
  heartbeatMs?: number;
  /** Which targets the model's `http` tool may reach; read from the SWITCHYARD_HTTP_* settings unless given. */
  outboundPolicy?: OutboundPolicy;
}

/** A cancel request reaches an in-flight model call within this: the heartbeat that sees it aborts the request. */
export const AGENT_HEARTBEAT_MS = 5_000;

export const PROVIDER_KEY_ENV: Record<string, string> = { openai: "OPENAI_API_KEY", anthropic: "ANTHROPIC_API_KEY" };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One agent execution: a fire, a workflow step, a network member call or a campaign task. */
export interface AgentRunRequest {
  organizationId: string;
  agentId: string;
  source: RunSource;
  input: unknown;
  /** A run is created at most once per key; a retry finds and finishes the same run. */
  dedupeKey: string;
  triggerId?: string | null;
  triggerEventId?: string | null;
  workflowRunId?: string | null;
  networkRunId?: string | null;
  metadata?: Prisma.InputJsonValue;
}

/**
 * Executes one fire of an agent; the run's end settles its TriggerEvent. A model failure is a FAILED
 * run and resolves normally; a database failure throws so the engine retries (the dedupe key finds the run).
 */
export async function runAgentFire(db: PrismaClient, payload: TriggerFirePayload, options: RunAgentFireOptions): Promise<AgentRun> {
  // Loaded once for the gate and the execution: every statement counts on the hot path of a fire.
  const agent = await db.agent.findFirst({ where: { id: payload.entityId, organizationId: payload.organizationId } });
  if (!agent) {
    await failTriggerEvent(db, payload, "Agent not found");
    throw notFound("Agent");
  }
  // An APPROVAL_REQUIRED agent's direct fire waits in a SUSPENDED run; the decision's resume event executes it.
  const held = await holdForApproval(db, payload, agent);
  if (held) return held;
  return executeAgentRun(db, { ...payload, agentId: agent.id }, options, agent);
}

/**
 * The one agent execution path: records the run (at most once per dedupe key), calls the model and
 * records the outcome. Sub-runs of workflows, networks and campaigns come through here too. A cancel
 * request (`cancelRequestedAt`) is honoured before the model call and before the outcome is recorded:
 * the run ends CANCELLED instead, and its parent sees a child that did not complete.
 */
export async function executeAgentRun(db: PrismaClient, request: AgentRunRequest, options: RunAgentFireOptions, loaded?: Agent): Promise<AgentRun> {
  const agent = loaded ?? (await db.agent.findFirst({ where: { id: request.agentId, organizationId: request.organizationId } }));
  if (!agent) throw notFound("Agent");

  const route = await resolveModelRoute(db, agent);
  const provider = route.provider;
  const { run } = await recordRunQueued(db, {
    organizationId: request.organizationId,
    agentId: agent.id,
    source: request.source,
    input: (request.input ?? {}) as Prisma.InputJsonValue,
    triggerId: request.triggerId,
    triggerEventId: request.triggerEventId,
    workflowRunId: request.workflowRunId,
    networkRunId: request.networkRunId,
    dedupeKey: request.dedupeKey,
    modelProvider: provider,
    modelName: agent.modelName,
    agentVersion: agent.version,
    metadata: request.metadata,
  });
  if (isFinished(run.status)) return run;
  // Fires of every kind (schedules, triggers, Start run, workflow steps) end here: an archived agent's run fails with the reason.
  if (!agent.isActive) return recordRunFinished(db, run, { error: `Agent "${agent.slug}" is ${agent.archivedAt ? "archived" : "inactive"}`, ...NO_USAGE });
  // An external agent's run is executed by a runner that claims it over /api/runner; no model is called here.
  if (agent.runtime === "external") return awaitExternalRun(db, run);
  if (route.problem) return recordRunFinished(db, run, { error: route.problem, ...NO_USAGE });
  return withRunSpan(
    () => ({ name: `agent.${agent.slug}`, kind: "agent", run, attributes: { "agent.version": agent.version } }),
    () => callAndRecord(db, agent, route, request, run, options),
  );
}

/** Claims the run, calls the model and records the outcome, honouring a cancel request before and after the call. */
async function callAndRecord(
  db: PrismaClient,
  agent: Agent,
  route: ModelRoute,
  request: AgentRunRequest,
  run: AgentRun,
  options: RunAgentFireOptions,
): Promise<AgentRun> {
  const claimed = await claimRun(db, "agent", run, options.workerId, { takeover: true });
  if (!claimed) {
    const current = await db.agentRun.findUniqueOrThrow({ where: { id: run.id } });
    if (isFinished(current.status)) return current;
    // Retried later: by then the other worker finished or its claim went stale.
    throw heldByAnotherWorker("Agent run", current);
  }
  const started = await recordDefinitionUsed(db, claimed, agent, route.provider);

  // Checkpoint before the model call: a cancel requested while the run waited (or before a takeover)
  // costs nothing. A parent's cancel counts too: it reaches only the children that existed when it was asked.
  if (started.cancelRequestedAt) return recordRunCancelledWhileRunning(db, started, CANCELLED_BEFORE_CALL);
  if (await isParentCancelRequested(db, started)) return recordRunCancelledWhileRunning(db, started, CANCELLED_WITH_PARENT);
  // A cancel requested during a real model call aborts its request (the heartbeat sees it).
  const outcome = await withHeartbeat(db, "agent", started.id, (cancelRequested) => callModel(db, agent, route, request, started, options, cancelRequested), {
    intervalMs: options.heartbeatMs ?? AGENT_HEARTBEAT_MS,
  });
  // Checkpoint before recording the outcome: an answer that arrived anyway is not delivered.
  const finished = (await isCancelRequested(db, started.id))
    ? await recordRunCancelledWhileRunning(db, started, outcome.reasonCode === REASON_CODES.CANCELLED ? CANCELLED_DURING_CALL : CANCELLED_AFTER_CALL, outcome)
    : await recordRunFinished(db, started, outcome);
  recordToolCallEvents(db, finished, outcome, options.workerId);
  return finished;
}

const NO_USAGE = { promptTokens: 0, completionTokens: 0, costUsd: 0 } as const;

/**
 * A run queued ahead of its worker (Start run, retry) was recorded before this worker loaded the
 * agent: it records the version and model this worker calls, which an edit in between may have changed.
 */
async function recordDefinitionUsed(db: PrismaClient, run: AgentRun, agent: Agent, provider: string): Promise<AgentRun> {
  const used = { agentVersion: agent.version, modelProvider: provider, modelName: agent.modelName };
  if (run.agentVersion === used.agentVersion && run.modelProvider === used.modelProvider && run.modelName === used.modelName) return run;
  return db.agentRun.update({ where: { id: run.id }, data: used });
}

const CANCELLED_BEFORE_CALL = "Cancelled on request before the model was called";
const CANCELLED_AFTER_CALL = "Cancelled on request; the model's answer was discarded";
const CANCELLED_DURING_CALL = "Cancelled on request; the model request was aborted";

const CANCELLED_WITH_PARENT = "Cancelled with its parent before the model was called";

/** The parent is a workflow run, a network run, or a campaign (linked through the run's metadata: AgentRun has no campaign column). */
async function isParentCancelRequested(
  db: PrismaClient,
  run: Pick<AgentRun, "organizationId" | "workflowRunId" | "networkRunId" | "metadata">,
): Promise<boolean> {
  const { organizationId } = run;
  const campaignId = (run.metadata as { campaignId?: unknown } | null)?.campaignId;
  const select = { cancelRequestedAt: true } as const;
  const parent = run.workflowRunId
    ? await db.workflowRun.findFirst({ where: { id: run.workflowRunId, organizationId }, select })
    : run.networkRunId
      ? await db.networkRun.findFirst({ where: { id: run.networkRunId, organizationId }, select })
      : typeof campaignId === "string"
        ? await db.campaign.findFirst({ where: { id: campaignId, organizationId }, select })
        : null;
  return Boolean(parent?.cancelRequestedAt);
}

async function isCancelRequested(db: PrismaClient, runId: string): Promise<boolean> {
  const run = await db.agentRun.findUniqueOrThrow({ where: { id: runId }, select: { cancelRequestedAt: true } });
  return run.cancelRequestedAt !== null;
}

/**
 * Calls the simulated model, or a real provider behind its circuit breaker: while the breaker is open
 * the run fails fast without a call. Every call is a runtime event, and so is every failed attempt
 * the SDK retried.
 */
async function callModel(
  db: PrismaClient,
  agent: Agent,
  route: ModelRoute,
  request: AgentRunRequest,
  run: AgentRun,
  options: RunAgentFireOptions,
  cancelRequested: AbortSignal,
): Promise<AgentRunOutcome> {
  const about = { entityId: run.id, organizationId: run.organizationId, workerId: options.workerId };
  const { provider, target } = route;
  const startedAt = Date.now();
  let outcome: AgentRunOutcome;
  let details: Record<string, unknown> = {};
  if (!target) {
    outcome = await callTracedSimulatedModel(agent, request, options.sleep ?? realSleep);
  } else {
    const breaker = { ...options.breaker, workerId: options.workerId };
    const gate = await enterCircuit(db, target.breakerName, breaker);
    if (!gate.allowed) {
      recordRuntimeEvent(db, {
        ...about,
        layer: "model_adapter",
        operation: "FALLBACK",
        reasonCode: REASON_CODES.CIRCUIT_OPEN,
        metadata: { provider, model: agent.modelName, reason: gate.reason },
      });
      return { error: `Circuit open for provider "${provider}", not called: ${gate.reason}`, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    }
    // Loaded only when a real provider is called, so the default simulated path stays light.
    const { callAgentModel } = await import("../models/call.ts");
    const result = await callAgentModel({
      target,
      agentSlug: agent.slug,
      model: agent.modelName,
      instructions: agent.instructions,
      prompt: promptFromInput(request.input),
      temperature: agent.temperature,
      maxTokens: agent.maxTokens,
      tools: toolsOf(agent.tools),
      outputSchema: asObject(agent.outputSchema),
      maxSteps: agent.maxSteps,
      timeoutMs: agent.timeoutSeconds * 1000,
      cancelSignal: cancelRequested,
      toolContext: { sleep: options.sleep ?? realSleep, outboundPolicy: options.outboundPolicy ?? outboundPolicyFromEnv(process.env) },
      onAttemptFailed: (failure) => {
        // The attempt that ends the call is reported by the call's own event below.
        if (!failure.willRetry) return;
        recordRuntimeEvent(db, {
          ...about,
          layer: "provider_runtime",
          operation: "RETRY",
          reasonCode: failure.reasonCode,
          metadata: { provider, model: agent.modelName, attempt: failure.attempt, status: failure.status, error: failure.message },
        });
      },
    });
    // The breaker tracks availability: an answer, even a refusal of a bad request, means the provider is up.
    // A cancelled call says nothing either way.
    if (result.reasonCode !== REASON_CODES.CANCELLED) {
      if (result.isProviderFault) await recordCircuitFailure(db, target.breakerName, result.error ?? "failed", breaker);
      else await recordCircuitSuccess(db, target.breakerName, breaker);
    }
    const cost = knownCostForTokens(agent.modelName, result.promptTokens, result.completionTokens);
    outcome = {
      output: result.output,
      error: result.error,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      costUsd: cost ?? 0,
      costUnknown: cost === null && result.promptTokens + result.completionTokens > 0,
      reasonCode: result.reasonCode,
      toolCalls: result.toolCalls,
    };
    details = { steps: result.steps, unavailableTools: result.unavailableTools.length > 0 ? result.unavailableTools : undefined };
  }
  recordRuntimeEvent(db, {
    ...about,
    layer: "provider_runtime",
    operation: "CALL",
    reasonCode: outcome.reasonCode ?? (outcome.error === undefined ? REASON_CODES.PROVIDER_CALL_OK : REASON_CODES.PROVIDER_CALL_FAILED),
    metadata: {
      provider,
      model: agent.modelName,
      latencyMs: Date.now() - startedAt,
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
      costUsd: outcome.costUnknown ? null : outcome.costUsd,
      error: outcome.error,
      ...details,
    },
  });
  return outcome;
}

function recordToolCallEvents(db: PrismaClient, run: AgentRun, outcome: AgentRunOutcome, workerId: string): void {
  for (const call of outcome.toolCalls ?? []) {
    recordRuntimeEvent(db, {
      layer: "tool_runtime",
      operation: "TOOL_CALL",
      reasonCode: call.error ? REASON_CODES.TOOL_CALL_FAILED : REASON_CODES.TOOL_CALL_OK,
      entityId: run.id,
      organizationId: run.organizationId,
      workerId,
      metadata: { toolName: call.toolName, durationMs: call.durationMs, error: call.error },
    });
  }
}

/** The env-key path: a real provider only when the agent asks for one and its API key is configured. */
export function resolveProvider(agent: Pick<Agent, "modelProvider">): string {
  const keyEnv = PROVIDER_KEY_ENV[agent.modelProvider];
  return keyEnv && process.env[keyEnv] ? agent.modelProvider : "simulated";
}

/** Where an agent's run calls: `provider` is what the run records; no target is the simulated model; a problem fails the run. */
interface ModelRoute {
  provider: string;
  target: ModelTarget | null;
  problem?: string;
}

/** The agent's configured provider when it has one, else the env-key provider, else the simulated model. */
async function resolveModelRoute(db: PrismaClient, agent: Agent): Promise<ModelRoute> {
  if (agent.providerId) {
    try {
      const target = await loadModelTarget(db, agent.organizationId, agent.providerId);
      if (target) return { provider: target.label, target };
      return { provider: agent.modelProvider, target: null, problem: "The agent's model provider was not found" };
    } catch (error) {
      return { provider: agent.modelProvider, target: null, problem: (error as Error).message };
    }
  }
  const provider = resolveProvider(agent);
  return { provider, target: provider === "openai" || provider === "anthropic" ? envModelTarget(provider) : null };
}

/**
 * The simulated model's call, in the span the AI SDK gives a real one (`chat <model>`, with the GenAI
 * token attributes), so every agent run's trace shows its model call.
 */
function callTracedSimulatedModel(agent: Agent, payload: Pick<AgentRunRequest, "input" | "dedupeKey">, sleep: (ms: number) => Promise<void>) {
  const request = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "simulated", "gen_ai.request.model": agent.modelName };
  return withSpan(`chat ${agent.modelName}`, request, async (span) => {
    const outcome = await callSimulatedModel(agent, payload, sleep);
    span.set({ "gen_ai.usage.input_tokens": outcome.promptTokens, "gen_ai.usage.output_tokens": outcome.completionTokens });
    if (outcome.error !== undefined) span.fail(outcome.error);
    return outcome;
  });
}

async function callSimulatedModel(
  agent: Agent,
  payload: Pick<AgentRunRequest, "input" | "dedupeKey">,
  sleep: (ms: number) => Promise<void>,
): Promise<AgentRunOutcome> {
  const completion = simulateCompletion({
    agentSlug: agent.slug,
    instructions: agent.instructions,
    prompt: promptFromInput(payload.input),
    profile: agent.simulation as SimulationProfile | null,
    attemptKey: payload.dedupeKey,
  });
  // Live runs stay visibly RUNNING for as long as the simulated model "thinks".
  await sleep(completion.latencyMs);
  return {
    output: completion.ok ? { text: completion.text } : undefined,
    error: completion.ok ? undefined : completion.error,
    promptTokens: completion.promptTokens,
    completionTokens: completion.completionTokens,
    costUsd: costForTokens(agent.modelName, completion.promptTokens, completion.completionTokens),
    toolCalls: completion.toolCalls.map((call) => ({
      toolName: call.toolName,
      input: call.input as Prisma.InputJsonValue,
      output: call.output as Prisma.InputJsonValue,
      durationMs: call.durationMs,
    })),
  };
}

/** Agents take free-form input; a `prompt` or `message` field is the prompt, anything else is sent as JSON. */
function promptFromInput(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object") {
    const { prompt, message } = input as { prompt?: unknown; message?: unknown };
    if (typeof prompt === "string") return prompt;
    if (typeof message === "string") return message;
  }
  return input === undefined || input === null ? "" : JSON.stringify(input);
}
