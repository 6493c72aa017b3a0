import type { AgentRun, Prisma } from "@switchyard/database";
import type { z } from "zod";
import { costForTokens } from "../agents/pricing.ts";
import type { OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { isFinished } from "../runs/lifecycle.ts";
import { recordRunCancelledWhileRunning, recordRunFinished, type AgentRunOutcome } from "../runs/recorder.ts";
import { compileOutputSchema } from "../workflows/validate.ts";
import { DEFAULT_LEASE_SECONDS, MAX_ARTIFACT_CHARS, type ArtifactBody, type RunnerEvent, type Usage } from "./schemas.ts";

type Db = OrgContext["db"];

/** Which claim a call speaks for: the runner (its X-Runner-Id) and the attempt it was given. */
export interface RunnerClaim {
  organizationId: string;
  runId: string;
  runnerId: string;
  attempt: number;
}

/**
 * The run, when `claim` still holds it: RUNNING, claimed by this runner for this attempt. A finished
 * run, or one another claim took (its lease lapsed and it was claimed again), is a 409 that says
 * which; another organization's run, or one no runner ever claimed, is a 404.
 */
async function requireClaim(db: Db, claim: RunnerClaim): Promise<AgentRun> {
  const run = await db.agentRun.findFirst({ where: { id: claim.runId, organizationId: claim.organizationId } });
  // Only runner claims set a lease: a run the model path executes is not a runner's to report on.
  if (!run || run.leaseExpiresAt === null) throw notFound("Run");
  if (isFinished(run.status)) throw new AppError("conflict", `Run is already ${run.status.toLowerCase()}`, { status: run.status });
  if (run.status !== "RUNNING" || run.claimedBy !== claim.runnerId || run.attempt !== claim.attempt) {
    throw new AppError("conflict", `Runner ${claim.runnerId} does not hold this run for attempt ${claim.attempt}`, {
      status: run.status,
      attempt: run.attempt,
      claimedBy: run.claimedBy,
    });
  }
  return run;
}

/**
 * Renews the claim's lease by a compare-and-set on the claim itself, so it cannot renew a lease that
 * another runner took in the meantime. Returns the renewed run.
 */
async function renewLease(db: Db, claim: RunnerClaim, leaseSeconds: number, at: Date): Promise<AgentRun> {
  const leaseExpiresAt = new Date(at.getTime() + leaseSeconds * 1000);
  const { count } = await db.agentRun.updateMany({
    where: {
      id: claim.runId,
      organizationId: claim.organizationId,
      status: "RUNNING",
      claimedBy: claim.runnerId,
      attempt: claim.attempt,
      leaseExpiresAt: { not: null },
    },
    data: { heartbeatAt: at, leaseExpiresAt },
  });
  if (count === 0) {
    await requireClaim(db, claim);
    throw new AppError("conflict", `Runner ${claim.runnerId} does not hold this run for attempt ${claim.attempt}`);
  }
  return db.agentRun.findFirstOrThrow({ where: { id: claim.runId, organizationId: claim.organizationId } });
}

/**
 * A runner's heartbeat: extends its lease (a run is only claimable again once the lease lapses) and
 * answers whether a cancel was requested, which the runner honours by stopping its work and calling
 * fail or complete (the run then ends CANCELLED).
 */
export async function heartbeatRunnerRun(db: Db, claim: RunnerClaim, options: { leaseSeconds?: number; at?: Date } = {}) {
  const run = await renewLease(db, claim, options.leaseSeconds ?? DEFAULT_LEASE_SECONDS, options.at ?? new Date());
  return { cancelRequested: run.cancelRequestedAt !== null, leaseExpiresAt: run.leaseExpiresAt! };
}

/** Stage changes, log lines and scores the runner reports, as the run's timeline events of this attempt. */
export async function recordRunnerEvents(db: Db, claim: RunnerClaim, events: RunnerEvent[]) {
  await requireClaim(db, claim);
  // One millisecond apart, so the timeline keeps the order the runner sent them in.
  const at = Date.now();
  const { count } = await db.agentRunEvent.createMany({
    data: events.map((event, index) => ({
      createdAt: new Date(at + index),
      organizationId: claim.organizationId,
      agentRunId: claim.runId,
      attempt: claim.attempt,
      eventType: event.type,
      stage: event.stage ?? null,
      message: event.message ?? null,
      score: event.score ?? null,
      metadata: event.metadata as Prisma.InputJsonValue | undefined,
    })),
  });
  return { recorded: count };
}

/** A document the run produced (markdown, JSON), kept per attempt and shown with the run. */
export async function storeRunnerArtifact(db: Db, claim: RunnerClaim, artifact: z.infer<typeof ArtifactBody>) {
  const isText = typeof artifact.content === "string";
  const content = isText ? (artifact.content as string) : JSON.stringify(artifact.content, null, 2);
  if (content.length > MAX_ARTIFACT_CHARS) {
    throw new AppError("payload_too_large", `Artifact content is ${content.length} characters; at most ${MAX_ARTIFACT_CHARS} are kept`);
  }
  await requireClaim(db, claim);
  const stored = await db.runArtifact.create({
    data: {
      organizationId: claim.organizationId,
      agentRunId: claim.runId,
      attempt: claim.attempt,
      artifactType: artifact.artifactType,
      filename: artifact.filename,
      contentType: artifact.contentType ?? contentTypeOf(artifact.filename, isText),
      content,
      score: artifact.score ?? null,
    },
    select: { id: true, filename: true, contentType: true, artifactType: true, attempt: true },
  });
  return { artifact: stored };
}

function contentTypeOf(filename: string, isText: boolean): string {
  const lower = filename.toLowerCase();
  if (!isText || lower.endsWith(".json")) return "application/json";
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "text/markdown";
  return "text/plain";
}

const CANCELLED_COMPLETE = "Cancelled on request; the runner's output was discarded";
const cancelledFail = (error: string) => `Cancelled on request; the runner stopped: ${error}`;

/**
 * The runner's result: COMPLETED with its output once the output matches the agent's output JSON
 * Schema (of the version the run used), FAILED with the schema's complaint otherwise. After a cancel
 * request the run ends CANCELLED instead, keeping what it spent. The lease is renewed first, by the
 * same compare-and-set as a heartbeat, so no other runner can take the run while it is finished.
 */
export async function completeRunnerRun(db: Db, claim: RunnerClaim, result: { output: unknown; usage?: z.infer<typeof Usage> }, at = new Date()) {
  const run = await renewLease(db, claim, DEFAULT_LEASE_SECONDS, at);
  const outcome = { ...(await usageOf(db, run, result.usage)), output: result.output as Prisma.InputJsonValue, at };
  if (run.cancelRequestedAt) return finished(await recordRunCancelledWhileRunning(db, run, CANCELLED_COMPLETE, outcome, at));
  const problem = await checkOutput(db, run, result.output);
  return finished(await recordRunFinished(db, run, problem ? { ...outcome, error: problem } : outcome));
}

/** The runner gave up: FAILED with its reason, or CANCELLED when a cancel was requested (the runner stopped because of it). */
export async function failRunnerRun(db: Db, claim: RunnerClaim, failure: { error: string; usage?: z.infer<typeof Usage> }, at = new Date()) {
  const run = await renewLease(db, claim, DEFAULT_LEASE_SECONDS, at);
  const outcome = { ...(await usageOf(db, run, failure.usage)), at };
  if (run.cancelRequestedAt) return finished(await recordRunCancelledWhileRunning(db, run, cancelledFail(failure.error), outcome, at));
  return finished(await recordRunFinished(db, run, { ...outcome, error: failure.error }));
}

function finished(run: AgentRun) {
  return { run: { id: run.id, status: run.status as "COMPLETED" | "FAILED" | "CANCELLED", error: run.error, attempt: run.attempt } };
}

async function usageOf(db: Db, run: AgentRun, usage: z.infer<typeof Usage> | undefined): Promise<Omit<AgentRunOutcome, "output" | "error">> {
  const promptTokens = usage?.promptTokens ?? 0;
  const completionTokens = usage?.completionTokens ?? 0;
  const model = usage?.model ?? run.modelName;
  if (usage?.model && usage.model !== run.modelName) await db.agentRun.updateMany({ where: { id: run.id }, data: { modelName: usage.model } });
  const costUsd = usage?.costUsd ?? (model && promptTokens + completionTokens > 0 ? costForTokens(model, promptTokens, completionTokens) : 0);
  return { promptTokens, completionTokens, costUsd: costUsd ?? 0 };
}

/** What is wrong with the output under the output schema of the agent version the run used (null when it conforms or there is none). */
async function checkOutput(db: Db, run: AgentRun, output: unknown): Promise<string | null> {
  const version =
    run.agentVersion === null
      ? null
      : await db.agentVersion.findUnique({ where: { agentId_version: { agentId: run.agentId, version: run.agentVersion } }, select: { outputSchema: true } });
  const agent = version ? null : await db.agent.findFirst({ where: { id: run.agentId, organizationId: run.organizationId }, select: { outputSchema: true } });
  const schema = (version ?? agent)?.outputSchema;
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return null;
  try {
    const problem = compileOutputSchema(schema as Record<string, unknown>)(output);
    return problem ? `The runner's output does not match the agent's output schema: ${problem}` : null;
  } catch (error) {
    return `The agent's output schema is invalid: ${(error as Error).message}`;
  }
}
