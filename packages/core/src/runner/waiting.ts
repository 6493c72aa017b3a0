import type { AgentRun } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import { RetryLater } from "../execution/retry-later.ts";
import { isFinished } from "../runs/lifecycle.ts";
import { settleLapsedLeases } from "./claims.ts";

type Db = OrgContext["db"];

/**
 * How an agent whose runtime is `external` executes: its run stays QUEUED for a runner to claim over
 * /api/runner, and no model is called here. A direct fire (trigger, schedule, Start run) ends now:
 * the run, and the TriggerEvent that started it, settle when the runner completes or fails it. A
 * sub-run's parent (workflow step, network member, campaign task or planner) needs the result, so
 * until the run is finished this throws RetryLater and the engine runs the parent's job again later,
 * without counting the wait as a failed attempt; the retry finds the same run by its dedupe key.
 */
export async function awaitExternalRun(db: Db, run: AgentRun, now: Date = new Date()): Promise<AgentRun> {
  // A run whose runner vanished too often is settled here too, so a waiting parent is not held forever.
  if (run.status === "RUNNING" && (await settleLapsedLeases(db, { organizationId: run.organizationId, id: run.id }, now)) > 0) {
    return db.agentRun.findUniqueOrThrow({ where: { id: run.id } });
  }
  if (isFinished(run.status) || !hasParent(run)) return run;
  throw new RetryLater(`Agent run ${run.id} waits for an external runner (${run.status.toLowerCase()})`, waitBeforeNextLook(run, now));
}

/** A sub-run of a workflow, a network or a campaign (linked through its metadata: AgentRun has no campaign column). */
function hasParent(run: Pick<AgentRun, "workflowRunId" | "networkRunId" | "metadata">): boolean {
  const campaignId = (run.metadata as { campaignId?: unknown } | null)?.campaignId;
  return Boolean(run.workflowRunId || run.networkRunId || typeof campaignId === "string");
}

/** The parent looks again soon while the run is young, then less often: at most 15 s after the runner finished. */
export function waitBeforeNextLook(run: Pick<AgentRun, "createdAt">, now: Date): number {
  const waited = now.getTime() - run.createdAt.getTime();
  if (waited < 60_000) return 2_000;
  if (waited < 10 * 60_000) return 5_000;
  return 15_000;
}
