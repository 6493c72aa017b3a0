import type { AgentRun, NetworkRun, NetworkRunStep, Prisma, PrismaClient, RunSource, StepStatus } from "@switchyard/database";
import { executeAgentRun, type RunAgentFireOptions } from "../agents/runtime.ts";
import { AppError, notFound } from "../errors.ts";
import { EVENT_NAMES, TriggerFirePayload, type EventHandlerDeps, type EventHandlers } from "../execution/events.ts";
import { routeNextStep, textOf, type RouterMember, type RoutingDecision } from "./router.ts";
import {
  claimRun,
  createRunOnce,
  durationBetween,
  failTriggerEvent,
  finishOnce,
  heldByAnotherWorker,
  isFinished,
  type FinalStatus,
} from "../runs/lifecycle.ts";
import { withRunSpan, withStepSpan } from "../telemetry/tracing.ts";

/** One execution of a network: API execute, a trigger fire, a schedule or (later) a tool. */
export interface NetworkRunRequest {
  organizationId: string;
  networkId: string;
  input: unknown;
  source: RunSource;
  /** A network run is created at most once per key; a retry resumes the same run from its steps. */
  dedupeKey: string;
  triggerId?: string | null;
  triggerEventId?: string | null;
  retryOfId?: string | null;
}

const MEMBER_AGENT = { id: true, slug: true, name: true, description: true, isActive: true } as const;

type NetworkWithMembers = Prisma.NetworkGetPayload<{ include: { members: { include: { agent: { select: typeof MEMBER_AGENT } } } } }>;

/**
 * Runs a network to the end: creates its NetworkRun once per dedupe key, lets the router pick members
 * until the goal is met or maxSteps is reached; its end settles the TriggerEvent. A member failure is a
 * FAILED run and resolves normally; a database failure throws so the engine retries, and the retry
 * resumes from the persisted steps.
 */
export async function runNetwork(db: PrismaClient, request: NetworkRunRequest, options: RunAgentFireOptions): Promise<NetworkRun> {
  const network = await db.network.findFirst({
    where: { id: request.networkId, organizationId: request.organizationId },
    include: { members: { include: { agent: { select: MEMBER_AGENT } }, orderBy: { position: "asc" } } },
  });
  if (!network) {
    await failTriggerEvent(db, request, "Network not found");
    throw notFound("Network");
  }
  const { run } = await createNetworkRun(db, request);
  if (request.triggerEventId) {
    await db.triggerEvent.updateMany({
      where: { id: request.triggerEventId, organizationId: request.organizationId },
      data: { networkRunId: run.id, networkId: network.id },
    });
  }

  if (isFinished(run.status)) return run;
  return withRunSpan(
    () => ({ name: `network.${network.slug}`, kind: "network", run }),
    async () => {
      const claimed = await claimRun(db, "network", run, options.workerId, { takeover: true });
      if (claimed) return processNetworkRun(db, network, claimed, options);
      const current = await db.networkRun.findUniqueOrThrow({ where: { id: run.id } });
      if (!isFinished(current.status)) throw heldByAnotherWorker("Network run", current);
      return current;
    },
  );
}

/** The `network/trigger.fire` handler, for the local worker and Inngest alike. */
export function createNetworkHandlers(deps: EventHandlerDeps): EventHandlers {
  return {
    [EVENT_NAMES.networkTriggerFire]: async (event, step) => {
      const payload = TriggerFirePayload.parse(event.data);
      return step.run("run-network", async () => {
        const run = await runNetwork(deps.db, { ...payload, networkId: payload.entityId }, { workerId: deps.workerId, sleep: deps.sleep });
        return { networkRunId: run.id, status: run.status };
      });
    },
  };
}

/**
 * The one processing loop for every network execution: before each step it honours a cancel request,
 * asks the router, records the NetworkRunStep with its routing decision, runs the member as an AgentRun
 * sub-run (source `network`), and rolls tokens and cost up to the run with a heartbeat.
 */
async function processNetworkRun(db: PrismaClient, network: NetworkWithMembers, run: NetworkRun, options: RunAgentFireOptions): Promise<NetworkRun> {
  // A trigger or a run queued before the archive may still deliver: an archived network does no work.
  if (network.archivedAt) return finishRun(db, run, { status: "FAILED", error: "Network is archived" });
  const members: RouterMember[] = network.members
    .filter((member) => member.agent.isActive)
    .map((member) => ({
      agentId: member.agent.id,
      slug: member.agent.slug,
      name: member.agent.name,
      role: member.role,
      description: member.agent.description,
      position: member.position,
    }));
  if (members.length === 0) return finishRun(db, run, { status: "FAILED", error: "Network has no active members" });

  const steps = await db.networkRunStep.findMany({ where: { networkRunId: run.id }, orderBy: { stepNumber: "asc" } });
  for (;;) {
    const failed = steps.find((step) => step.status === "FAILED");
    if (failed) return finishRun(db, run, { status: "FAILED", error: `Step ${failed.stepNumber} failed: ${failed.error ?? "member call failed"}`, steps });

    const current = await db.networkRun.findUniqueOrThrow({ where: { id: run.id }, select: { cancelRequestedAt: true } });
    if (current.cancelRequestedAt) return finishRun(db, run, { status: "CANCELLED", error: `Cancelled after ${steps.length} step(s)`, steps });

    // A step left unfinished by a crashed attempt is resumed before the router is asked again.
    let step = steps.find((candidate) => candidate.status !== "COMPLETED");
    if (!step) {
      const decision = routeNextStep({
        networkId: network.id,
        goal: network.goal,
        input: run.input,
        members,
        calledAgentIds: steps.map((s) => s.agentId ?? ""),
        maxSteps: network.maxSteps,
      });
      if (decision.action === "finish") return finishRun(db, run, { status: "COMPLETED", decision, steps });
      step = await db.networkRunStep.upsert({
        where: { networkRunId_stepNumber: { networkRunId: run.id, stepNumber: steps.length + 1 } },
        update: {},
        create: {
          organizationId: run.organizationId,
          networkRunId: run.id,
          stepNumber: steps.length + 1,
          agentId: decision.agentId,
          routingDecision: decision,
          status: "PENDING",
        },
      });
      steps.push(step);
    }
    const done = await withStepSpan(`step.${step.stepNumber}`, { "run.id": run.id, "step.number": step.stepNumber }, () =>
      runMemberStep(db, network, run, step, steps, options),
    );
    steps[steps.indexOf(step)] = done;
    await rollUp(db, run.id, steps);
  }
}

async function runMemberStep(
  db: PrismaClient,
  network: NetworkWithMembers,
  run: NetworkRun,
  step: NetworkRunStep,
  steps: NetworkRunStep[],
  options: RunAgentFireOptions,
): Promise<NetworkRunStep> {
  const previous = steps
    .filter((s) => s.stepNumber < step.stepNumber)
    .map((s) => ({ agent: network.members.find((m) => m.agentId === s.agentId)?.agent.slug ?? s.agentId, text: outputText(s.output) }));
  const input = {
    prompt: [network.goal ? `Goal: ${network.goal}` : null, `Request: ${textOf(run.input)}`, ...previous.map((p) => `${p.agent} said: ${p.text}`)]
      .filter(Boolean)
      .join("\n"),
    network: network.slug,
    step: step.stepNumber,
    routingReason: (step.routingDecision as RoutingDecision | null)?.reason ?? null,
  };
  const startedAt = step.startedAt ?? new Date();
  await db.networkRunStep.update({ where: { id: step.id }, data: { status: "RUNNING", input, startedAt } });
  await db.networkRun.update({ where: { id: run.id }, data: { heartbeatAt: new Date() } });

  try {
    const agentRun = await executeAgentRun(
      db,
      {
        organizationId: run.organizationId,
        agentId: step.agentId ?? "",
        source: "network",
        input,
        dedupeKey: `network-run:${run.id}:step:${step.stepNumber}`,
        networkRunId: run.id,
        metadata: { networkId: network.id, networkRunId: run.id, stepNumber: step.stepNumber },
      },
      options,
    );
    const completedAt = agentRun.completedAt ?? new Date();
    return db.networkRunStep.update({
      where: { id: step.id },
      data: {
        status: await memberStepStatus(db, run, agentRun),
        agentRunId: agentRun.id,
        output: agentRun.output ?? undefined,
        error: agentRun.error,
        totalTokens: agentRun.totalTokens,
        costUsd: agentRun.costUsd,
        completedAt,
        durationMs: durationBetween(startedAt, completedAt),
      },
    });
  } catch (error) {
    // The member was deleted mid-run: a failed step. Anything else is infrastructure; let the engine retry.
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
    return db.networkRunStep.update({ where: { id: step.id }, data: { status: "FAILED", error: "Member agent not found", completedAt: new Date() } });
  }
}

/**
 * A member call cancelled because the network run's cancel was requested is a cancelled step, and the
 * run then ends CANCELLED at its next check; one cancelled on its own, or failed, fails the step.
 */
async function memberStepStatus(db: PrismaClient, run: NetworkRun, agentRun: AgentRun): Promise<StepStatus> {
  if (agentRun.status === "COMPLETED") return "COMPLETED";
  if (agentRun.status !== "CANCELLED") return "FAILED";
  const current = await db.networkRun.findUniqueOrThrow({ where: { id: run.id }, select: { cancelRequestedAt: true } });
  return current.cancelRequestedAt ? "CANCELLED" : "FAILED";
}

/** Totals are recomputed from the steps (not incremented), so a retried step never counts twice. */
async function rollUp(db: PrismaClient, networkRunId: string, steps: NetworkRunStep[]) {
  await db.networkRun.update({ where: { id: networkRunId }, data: { ...totalsOf(steps), heartbeatAt: new Date() } });
}

function totalsOf(steps: NetworkRunStep[]) {
  return {
    stepsCount: steps.length,
    totalTokens: steps.reduce((sum, step) => sum + step.totalTokens, 0),
    costUsd: Math.round(steps.reduce((sum, step) => sum + step.costUsd, 0) * 1e6) / 1e6,
  };
}

interface Finish {
  status: FinalStatus;
  error?: string;
  decision?: Extract<RoutingDecision, { action: "finish" }>;
  steps?: NetworkRunStep[];
}

/** Ends the run through the one lifecycle exit; totals come from its steps. */
async function finishRun(db: PrismaClient, run: NetworkRun, finish: Finish): Promise<NetworkRun> {
  const last = finish.steps?.at(-1);
  const output =
    finish.status === "COMPLETED"
      ? {
          text: last ? outputText(last.output) : "",
          goalMet: finish.decision?.goalMet ?? false,
          finishReason: finish.decision?.reason ?? null,
          steps: finish.steps?.length ?? 0,
        }
      : undefined;
  const { run: finished } = await finishOnce(db, "network", run, { status: finish.status, error: finish.error, data: { output } });
  return finished;
}

/** Creates the NetworkRun once per dedupe key; a repeat (a retry, a redelivery) returns the first. */
export function createNetworkRun(db: PrismaClient, request: NetworkRunRequest) {
  return createRunOnce(db, "network", request, () =>
    db.networkRun.create({
      data: {
        organizationId: request.organizationId,
        networkId: request.networkId,
        source: request.source,
        input: (request.input ?? {}) as Prisma.InputJsonValue,
        triggerId: request.triggerId ?? null,
        triggerEventId: request.triggerEventId ?? null,
        retryOfId: request.retryOfId ?? null,
        dedupeKey: request.dedupeKey,
      },
    }),
  );
}

function outputText(output: Prisma.JsonValue | null): string {
  const text = (output as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "";
}
