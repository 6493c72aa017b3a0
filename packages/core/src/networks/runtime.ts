import type { AgentRun, NetworkRun, NetworkRunStep, Prisma, PrismaClient, RunSource, RunStatus, StepStatus } from "@switchyard/database";
import { recordActivity } from "../activity.ts";
import { checkScheduledRunHealth } from "../health/policy.ts";
import { executeAgentRun, type RunAgentFireOptions } from "../agents/runtime.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { EVENT_NAMES, TriggerFirePayload } from "../execution/events.ts";
import type { EventHandlerDeps, EventHandlers } from "../execution/handlers.ts";
import { routeNextStep, textOf, type RouterMember, type RoutingDecision } from "./router.ts";
import { durationBetween, requestSubRunsCancel, STALE_RUN_MS } from "../runs/recorder.ts";
import { createOnce } from "../unique.ts";

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
}


const MEMBER_AGENT = { id: true, slug: true, name: true, description: true, isActive: true } as const;

type NetworkWithMembers = Prisma.NetworkGetPayload<{ include: { members: { include: { agent: { select: typeof MEMBER_AGENT } } } } }>;

/**
 * Runs a network to the end: creates its NetworkRun once per dedupe key, lets the router pick members
 * until the goal is met or maxSteps is reached, and links the TriggerEvent. A member failure is a
 * FAILED run and resolves normally; a database failure throws so the engine retries, and the retry
 * resumes from the persisted steps.
 */
export async function runNetwork(db: PrismaClient, request: NetworkRunRequest, options: RunAgentFireOptions): Promise<NetworkRun> {
  const network = await db.network.findFirst({
    where: { id: request.networkId, organizationId: request.organizationId },
    include: { members: { include: { agent: { select: MEMBER_AGENT } }, orderBy: { position: "asc" } } },
  });
  if (!network) {
    await linkTriggerEvent(db, request, { status: "FAILED", error: "Network not found", processedAt: new Date() });
    throw notFound("Network");
  }
  let run = await findOrCreateRun(db, request);
  await linkTriggerEvent(db, request, { networkRunId: run.id, networkId: network.id });

  if (!isFinished(run.status)) {
    const claimed = await claimRun(db, run, options.workerId);
    if (!claimed) {
      run = await db.networkRun.findUniqueOrThrow({ where: { id: run.id } });
      if (!isFinished(run.status)) throw new Error(`Network run ${run.id} is being executed by ${run.claimedBy ?? "another worker"}`);
    } else {
      run = await processNetworkRun(db, network, claimed, options);
    }
  }
  await linkTriggerEvent(db, request, {
    status: run.status === "COMPLETED" ? "FIRED" : "FAILED",
    error: run.status === "COMPLETED" ? null : (run.error ?? `Run ${run.status.toLowerCase()}`),
    processedAt: new Date(),
  });
  return run;
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
 * Asks a running network to stop; it stops between steps, and its member call in flight is asked to
 * stop too (the step is then cancelled, not failed). A queued run is cancelled at once.
 */
export async function requestNetworkRunCancel(ctx: OrgContext, networkRunId: string): Promise<NetworkRun> {
  requireRole(ctx, "OPERATOR");
  const run = await ctx.db.networkRun.findFirst({ where: { id: networkRunId, organizationId: ctx.organizationId } });
  if (!run) throw notFound("Network run");
  if (isFinished(run.status)) throw new AppError("conflict", `Network run is already ${run.status.toLowerCase()}`);
  const now = new Date();
  await ctx.db.networkRun.updateMany({ where: { id: run.id, cancelRequestedAt: null }, data: { cancelRequestedAt: now } });
  await requestNetworkSubRunsCancel(ctx.db, run, now);
  const { count } = await ctx.db.networkRun.updateMany({
    where: { id: run.id, status: "QUEUED" },
    data: { status: "CANCELLED", error: "Cancelled before it started", completedAt: now, durationMs: 0 },
  });
  const current = await ctx.db.networkRun.findUniqueOrThrow({ where: { id: run.id } });
  if (count === 1) await recordFinishedActivity(ctx.db, current);
  return current;
}

/** The network run's member calls are agent sub-runs linked by `networkRunId`. */
function requestNetworkSubRunsCancel(db: PrismaClient, run: Pick<NetworkRun, "id" | "organizationId">, at: Date) {
  return requestSubRunsCancel(db, run.organizationId, { networkRunId: run.id }, "Cancelled with its network run", at);
}

/**
 * The one processing loop for every network execution: before each step it honours a cancel request,
 * asks the router, records the NetworkRunStep with its routing decision, runs the member as an AgentRun
 * sub-run (source `network`), and rolls tokens and cost up to the run with a heartbeat.
 */
async function processNetworkRun(db: PrismaClient, network: NetworkWithMembers, run: NetworkRun, options: RunAgentFireOptions): Promise<NetworkRun> {
  const members: RouterMember[] = network.members
    .filter((member) => member.agent.isActive)
    .map((member) => ({ agentId: member.agent.id, slug: member.agent.slug, name: member.agent.name, role: member.role, description: member.agent.description, position: member.position }));
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
    const done = await runMemberStep(db, network, run, step, steps, options);
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
  status: Extract<RunStatus, "COMPLETED" | "FAILED" | "CANCELLED">;
  error?: string;
  decision?: Extract<RoutingDecision, { action: "finish" }>;
  steps?: NetworkRunStep[];
}

async function finishRun(db: PrismaClient, run: NetworkRun, finish: Finish): Promise<NetworkRun> {
  const steps = finish.steps ?? [];
  const completedAt = new Date();
  const last = steps.at(-1);
  const output =
    finish.status === "COMPLETED"
      ? { text: last ? outputText(last.output) : "", goalMet: finish.decision?.goalMet ?? false, finishReason: finish.decision?.reason ?? null, steps: steps.length }
      : undefined;
  const { count } = await db.networkRun.updateMany({
    where: { id: run.id, status: "RUNNING" },
    data: {
      status: finish.status,
      output,
      error: finish.error ?? null,
      ...totalsOf(steps),
      completedAt,
      durationMs: durationBetween(run.startedAt, completedAt),
      heartbeatAt: completedAt,
    },
  });
  const finished = await db.networkRun.findUniqueOrThrow({ where: { id: run.id } });
  // Another finisher (a stale worker taken over) got there first and recorded the outcome.
  if (count === 0) return finished;
  await recordFinishedActivity(db, finished, finish.decision?.reason);
  if (run.source === "schedule") await checkScheduledRunHealth(db, "network-schedule", { ...finished, scheduleId: run.triggerId });
  return finished;
}

const FINISHED_ACTIVITY = { COMPLETED: "NETWORK_RUN_COMPLETED", FAILED: "NETWORK_RUN_FAILED", CANCELLED: "NETWORK_RUN_CANCELLED" } as const;

/** The one activity event of a run that has just finished; the caller's conditional update makes it once. */
async function recordFinishedActivity(db: PrismaClient, finished: NetworkRun, finishReason?: string) {
  const status = finished.status as keyof typeof FINISHED_ACTIVITY;
  await recordActivity(db, {
    organizationId: finished.organizationId,
    type: FINISHED_ACTIVITY[status],
    title: `Network run ${status.toLowerCase()}`,
    description: finished.error ?? finishReason,
    status,
    networkRunId: finished.id,
    triggerId: finished.triggerId ?? undefined,
    costUsd: finished.costUsd,
    totalTokens: finished.totalTokens,
    durationMs: finished.durationMs ?? undefined,
    metadata: { networkId: finished.networkId, steps: finished.stepsCount },
  });
}

async function findOrCreateRun(db: PrismaClient, request: NetworkRunRequest): Promise<NetworkRun> {
  const where = { organizationId_dedupeKey: { organizationId: request.organizationId, dedupeKey: request.dedupeKey } };
  const existing = await db.networkRun.findUnique({ where });
  if (existing) return existing;
  // A concurrent delivery of the same event may win the unique key; its run is the one.
  const { row } = await createOnce(
    () =>
      db.networkRun.create({
        data: {
          organizationId: request.organizationId,
          networkId: request.networkId,
          source: request.source,
          input: (request.input ?? {}) as Prisma.InputJsonValue,
          triggerId: request.triggerId ?? null,
          triggerEventId: request.triggerEventId ?? null,
          dedupeKey: request.dedupeKey,
        },
      }),
    () => db.networkRun.findUnique({ where }),
  );
  return row;
}

/**
 * Claims a queued run (emitting NETWORK_RUN_STARTED), or takes back a RUNNING one that this worker's
 * earlier attempt left behind or whose worker stopped heartbeating.
 */
async function claimRun(db: PrismaClient, run: NetworkRun, workerId: string): Promise<NetworkRun | null> {
  const now = new Date();
  const queued = await db.networkRun.updateMany({
    where: { id: run.id, status: "QUEUED" },
    data: { status: "RUNNING", claimedBy: workerId, claimedAt: now, heartbeatAt: now },
  });
  if (queued.count === 1) {
    await recordActivity(db, {
      organizationId: run.organizationId,
      type: "NETWORK_RUN_STARTED",
      title: "Network run started",
      status: "RUNNING",
      networkRunId: run.id,
      triggerId: run.triggerId ?? undefined,
      metadata: { networkId: run.networkId, source: run.source },
    });
    return db.networkRun.findUnique({ where: { id: run.id } });
  }
  const resumed = await db.networkRun.updateMany({
    where: {
      id: run.id,
      status: "RUNNING",
      OR: [{ claimedBy: workerId }, { heartbeatAt: { lt: new Date(now.getTime() - STALE_RUN_MS) } }],
    },
    data: { claimedBy: workerId, claimedAt: now, heartbeatAt: now },
  });
  return resumed.count === 1 ? db.networkRun.findUnique({ where: { id: run.id } }) : null;
}

async function linkTriggerEvent(db: PrismaClient, request: NetworkRunRequest, data: Prisma.TriggerEventUpdateManyMutationInput) {
  if (!request.triggerEventId) return;
  await db.triggerEvent.updateMany({
    where: { id: request.triggerEventId, organizationId: request.organizationId },
    data,
  });
}

function isFinished(status: RunStatus): boolean {
  return status === "COMPLETED" || status === "FAILED" || status === "CANCELLED";
}

function outputText(output: Prisma.JsonValue | null): string {
  const text = (output as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "";
}
