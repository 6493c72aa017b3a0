import type { AgentRun, Prisma, PrismaClient, RunSource } from "@switchyard/database";
import type { ReasonCode } from "../telemetry/reason-codes.ts";
import { createRunOnce, finishOnce } from "./lifecycle.ts";

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
  /** The AgentVersion the run uses; defaults to the agent's current version. */
  agentVersion?: number;
  metadata?: Prisma.InputJsonValue;
  /** SUSPENDED: created waiting for a human decision (agents/risk-gate.ts), so no worker or runner can take it. */
  status?: "QUEUED" | "SUSPENDED";
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
  /**
   * The price table does not know the model: `costUsd` is 0 because the column cannot be null, and
   * the run's metadata says `costUnknown`, so pages show "—" rather than $0.
   */
  costUnknown?: boolean;
  /** Why the call ended (a telemetry reason code); a failure keeps it in the run's metadata. */
  reasonCode?: ReasonCode;
  toolCalls?: ToolCallRecord[];
  at?: Date;
}

/**
 * Records an agent run as queued, at most once per dedupe key: the first run for the key is returned
 * on a repeat. Every agent run is created here, so every run records the agent version it used. What
 * follows is the shared lifecycle (`claimRun`, `finishOnce` in ./lifecycle.ts).
 */
export async function recordRunQueued(db: PrismaClient, start: AgentRunStart): Promise<{ run: AgentRun; created: boolean }> {
  const at = start.at ?? new Date();
  return createRunOnce(db, "agent", start, async () =>
    db.agentRun.create({
      data: {
        organizationId: start.organizationId,
        agentId: start.agentId,
        source: start.source,
        status: start.status ?? "QUEUED",
        input: start.input,
        triggerId: start.triggerId ?? null,
        triggerEventId: start.triggerEventId ?? null,
        workflowRunId: start.workflowRunId ?? null,
        networkRunId: start.networkRunId ?? null,
        retryOfId: start.retryOfId ?? null,
        dedupeKey: start.dedupeKey ?? null,
        modelProvider: start.modelProvider ?? null,
        modelName: start.modelName ?? null,
        agentVersion: start.agentVersion ?? (await currentAgentVersion(db, start)),
        metadata: start.metadata,
        startedAt: at,
        createdAt: at,
      },
    }),
  );
}

async function currentAgentVersion(db: PrismaClient, start: Pick<AgentRunStart, "organizationId" | "agentId">): Promise<number | null> {
  const agent = await db.agent.findFirst({ where: { id: start.agentId, organizationId: start.organizationId }, select: { version: true } });
  return agent?.version ?? null;
}

/**
 * Ends a running agent run with the model's outcome: COMPLETED with its answer, or FAILED with its
 * error. `isHistory` replays a run the demo seed planned, without anything reacting to it.
 */
export async function recordRunFinished(
  db: PrismaClient,
  run: Pick<AgentRun, "id" | "organizationId">,
  outcome: AgentRunOutcome,
  options: { isHistory?: boolean } = {},
): Promise<AgentRun> {
  const at = outcome.at ?? new Date();
  const status = outcome.error === undefined ? "COMPLETED" : "FAILED";
  const ended = await finishOnce(
    db,
    "agent",
    run,
    { status, error: outcome.error, data: { output: outcome.output, ...usageOf(outcome), ...(await metadataOf(db, run, outcome)) } },
    { from: ["QUEUED", "RUNNING"], at, isHistory: options.isHistory },
  );
  return recordToolCalls(db, run, ended, outcome, at);
}

/**
 * Ends a RUNNING run whose cancel was requested, at a checkpoint of its worker. What the model already
 * spent (`spent`: tokens, cost and tool calls, when the call was made) is kept, its answer is not. A run
 * another finisher ended is returned as it is.
 */
export async function recordRunCancelledWhileRunning(
  db: PrismaClient,
  run: Pick<AgentRun, "id" | "organizationId">,
  reason: string,
  spent?: AgentRunOutcome,
  at = new Date(),
): Promise<AgentRun> {
  const data = spent ? { ...usageOf(spent), ...(await metadataOf(db, run, spent)) } : undefined;
  const ended = await finishOnce(db, "agent", run, { status: "CANCELLED", error: reason, data }, { from: ["RUNNING"], at });
  return recordToolCalls(db, run, ended, spent, at);
}

async function recordToolCalls(
  db: PrismaClient,
  run: Pick<AgentRun, "id" | "organizationId">,
  ended: { run: AgentRun; finished: boolean },
  outcome: AgentRunOutcome | undefined,
  at: Date,
): Promise<AgentRun> {
  if (ended.finished && outcome?.toolCalls?.length) {
    await db.agentToolCall.createMany({ data: toolCallRows(run, outcome.toolCalls, at).map((row) => ({ ...row, agentRunId: run.id })) });
  }
  return ended.run;
}

/** What the outcome adds to the run's metadata (kept beside what the run already had), or nothing. */
async function metadataOf(db: PrismaClient, run: Pick<AgentRun, "id">, outcome: AgentRunOutcome): Promise<{ metadata?: Prisma.InputJsonValue }> {
  const added = {
    ...(outcome.costUnknown ? { costUnknown: true } : {}),
    ...(outcome.error !== undefined && outcome.reasonCode ? { reasonCode: outcome.reasonCode } : {}),
  };
  if (Object.keys(added).length === 0) return {};
  const current = await db.agentRun.findUnique({ where: { id: run.id }, select: { metadata: true } });
  const metadata = current?.metadata;
  const base = metadata && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Prisma.JsonObject) : {};
  return { metadata: { ...base, ...added } };
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
