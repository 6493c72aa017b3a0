import type { Agent, AgentRun, ApprovalRequest, Prisma, RunSource, RunStatus } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import type { DecisionPayload, TriggerFirePayload } from "../execution/events.ts";
import { announceReview, openReview } from "../reviews/requests.ts";
import { announceSuspended, finishOnce, isFinished, settleTriggerEvent } from "../runs/lifecycle.ts";
import { recordRunQueued } from "../runs/recorder.ts";

/**
 * The risk gate of direct fires. A webhook, event, schedule, manual execute, test fire, Start run or
 * retry of an APPROVAL_REQUIRED agent records its run SUSPENDED, without calling the model, and opens
 * an `agent` review holding the input and the trigger; approving sends a resume event that runs it
 * through the one agent execution path, rejecting cancels it with the reviewer's note. Workflow,
 * network and campaign sub-runs never come here: their own gates (workflows/plan.ts) decide.
 */

type Db = OrgContext["db"];

/** A fire of the agent itself, as the dispatch table carries it (plus the run it retries). */
export type DirectFire = Pick<TriggerFirePayload, "organizationId" | "entityId" | "source" | "input" | "dedupeKey" | "triggerId" | "triggerEventId"> & {
  retryOfId?: string | null;
};

const REVIEW_TYPE = "agent";

const GATED_AGENT = { id: true, slug: true, name: true, riskLevel: true, isActive: true } as const;
/** What the gate reads of the agent (a caller that has loaded it passes it). */
export type GatedAgent = Pick<Agent, keyof typeof GATED_AGENT>;

/**
 * Holds a direct fire for approval when its agent requires one, or when the fire's run is already held
 * (a redelivery). Returns the run as it now stands (SUSPENDED while the review is pending), or null
 * when nothing is held and the fire executes as usual. Idempotent per dedupe key: a redelivered fire
 * finds the same run and review and opens nothing twice.
 */
export async function holdForApproval(db: Db, fire: DirectFire, loaded?: GatedAgent): Promise<AgentRun | null> {
  const { organizationId } = fire;
  const agent = loaded ?? (await db.agent.findFirst({ where: { id: fire.entityId, organizationId }, select: GATED_AGENT }));
  if (!agent) return null;
  const existing = await db.agentRun.findUnique({ where: { organizationId_dedupeKey: { organizationId, dedupeKey: fire.dedupeKey } } });
  const isGated = agent.riskLevel === "APPROVAL_REQUIRED" && agent.isActive;
  if (!isGated && !(existing && (existing.status === "SUSPENDED" || (await findAgentReview(db, existing))))) return null;

  const run =
    existing ??
    (
      await recordRunQueued(db, {
        organizationId,
        agentId: agent.id,
        source: fire.source as RunSource,
        input: (fire.input ?? {}) as Prisma.InputJsonValue,
        triggerId: fire.triggerId,
        triggerEventId: fire.triggerEventId,
        retryOfId: fire.retryOfId,
        dedupeKey: fire.dedupeKey,
        status: "SUSPENDED",
      })
    ).run;
  if (isFinished(run.status)) return run;

  const known = await findAgentReview(db, run);
  const draft = known ? null : await reviewFor(db, agent, run, fire);
  const outcome = await db.$transaction(async (tx) => {
    // The row lock makes concurrent deliveries of one fire open one review between them.
    const [locked] = await tx.$queryRaw<{ status: RunStatus }[]>`SELECT "status" FROM "AgentRun" WHERE "id" = ${run.id} FOR UPDATE`;
    const found = known ?? (await findAgentReview(tx, run));
    if (found) return { review: found, isOpened: false };
    // Running or finished without a review: an earlier attempt started it before the agent was gated.
    if (!draft || (locked?.status !== "SUSPENDED" && !(locked?.status === "QUEUED" && isGated))) return null;
    if (locked.status === "QUEUED") await tx.agentRun.updateMany({ where: { id: run.id, status: "QUEUED" }, data: { status: "SUSPENDED" } });
    return { review: await openReview(tx, draft), isOpened: true };
  });
  if (!outcome) return null;
  const current = await db.agentRun.findUniqueOrThrow({ where: { id: run.id } });
  if (outcome.isOpened) {
    await announceReview(db, outcome.review);
    if (current.status === "SUSPENDED") announceSuspended("agent", current);
  }
  // A rejection whose cancel did not happen (the decision's request failed after recording it) is finished here.
  if (current.status === "SUSPENDED" && outcome.review.status === "rejected") {
    return (await cancelRejectedAgentRun(db, outcome.review, outcome.review.decidedByLabel ?? "a reviewer", outcome.review.decisionNotes)) ?? current;
  }
  // A run waiting for a human is a fire that went well: its TriggerEvent is FIRED and linked to the run.
  if (current.status === "SUSPENDED") await settleTriggerEvent(db, "agent", current);
  return current;
}

function findAgentReview(db: Pick<Db, "approvalRequest">, run: Pick<AgentRun, "id" | "organizationId">): Promise<ApprovalRequest | null> {
  return db.approvalRequest.findFirst({
    where: { organizationId: run.organizationId, agentRunId: run.id, sourceType: REVIEW_TYPE },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
  });
}

/** What the trigger was, for the review's context and title: its type, id, name and path, event name or cron. */
interface TriggerContext {
  type: string;
  id: string | null;
  name: string | null;
  path?: string | null;
  eventName?: string | null;
  cronExpr?: string;
  timezone?: string;
  triggerEventId?: string | null;
  retryOfId?: string | null;
}

async function triggerOf(db: Db, fire: DirectFire): Promise<{ context: TriggerContext; label: string }> {
  const { organizationId, triggerId } = fire;
  if (fire.source === "schedule" && triggerId) {
    const schedule = await db.agentSchedule.findFirst({ where: { id: triggerId, organizationId }, select: { name: true, cronExpr: true, timezone: true } });
    return {
      context: { type: "schedule", id: triggerId, name: schedule?.name ?? null, cronExpr: schedule?.cronExpr, timezone: schedule?.timezone },
      label: `schedule “${schedule?.name ?? triggerId}”`,
    };
  }
  if (triggerId) {
    const trigger = await db.agentTrigger.findFirst({
      where: { id: triggerId, organizationId },
      select: { name: true, type: true, webhookPath: true, eventName: true },
    });
    const type = trigger?.type ?? fire.source;
    const name = trigger?.name ?? null;
    const context: TriggerContext = {
      type,
      id: triggerId,
      name,
      path: trigger?.webhookPath ? `/api/webhooks/${trigger.webhookPath}` : null,
      eventName: trigger?.eventName ?? null,
      triggerEventId: fire.triggerEventId ?? null,
    };
    const quoted = `“${name ?? triggerId}”`;
    const label =
      fire.source === "test"
        ? `test fire of ${type} trigger ${quoted}`
        : type === "event" && trigger?.eventName
          ? `event ${trigger.eventName} (${quoted})`
          : `${type === "manual" ? "manual execute of" : type} ${quoted}`;
    return { context, label };
  }
  if (fire.source === "retry") return { context: { type: "retry", id: null, name: null, retryOfId: fire.retryOfId ?? null }, label: "retry" };
  return {
    context: { type: fire.source === "api" ? "api" : "start", id: null, name: null },
    label: fire.source === "api" ? "started over the API" : "Start run",
  };
}

async function reviewFor(
  db: Db,
  agent: { id: string; slug: string; name: string },
  run: AgentRun,
  fire: DirectFire,
): Promise<Parameters<typeof openReview>[1]> {
  const trigger = await triggerOf(db, fire);
  // What the agent's completed runs cost on average; no history, no estimate.
  const average = await db.agentRun.aggregate({
    where: { organizationId: run.organizationId, agentId: agent.id, status: "COMPLETED" },
    _avg: { costUsd: true },
  });
  return {
    organizationId: run.organizationId,
    sourceType: REVIEW_TYPE,
    title: `Run ${agent.name}: ${trigger.label}`,
    summary: `${agent.name} requires approval for every run it is fired for directly. This run (${trigger.label}) is suspended and its model is not called until someone approves it.`,
    agentId: agent.id,
    agentRunId: run.id,
    reviewContext: { input: run.input, trigger: trigger.context, source: run.source, agentSlug: agent.slug } as unknown as Prisma.InputJsonValue,
    estimatedCostUsd: average._avg.costUsd ?? undefined,
  };
}

/** The run an approval resumes, in the shape of the agent execution path's request (agents/runtime.ts). */
export interface ApprovedRunRequest {
  organizationId: string;
  agentId: string;
  source: RunSource;
  input: Prisma.JsonValue;
  dedupeKey: string;
  triggerId: string | null;
  triggerEventId: string | null;
}

/**
 * Applies an approval to the run it holds: the SUSPENDED run is queued again (and starts now: its
 * duration measures the work, not the wait), and the request to execute it is returned. The stored
 * decision is the truth; an event that disagrees with it, or a run no longer waiting, changes nothing.
 */
export async function applyAgentDecision(
  db: Db,
  payload: DecisionPayload,
): Promise<{ agentRunId: string | null; status: RunStatus | null; request: ApprovedRunRequest | null }> {
  const review = await db.approvalRequest.findFirst({ where: { id: payload.approvalId, organizationId: payload.organizationId, sourceType: REVIEW_TYPE } });
  const run = review?.agentRunId ? await db.agentRun.findFirst({ where: { id: review.agentRunId, organizationId: payload.organizationId } }) : null;
  if (!review || !run) return { agentRunId: null, status: null, request: null };
  if (review.status !== payload.decision) return { agentRunId: run.id, status: run.status, request: null };
  if (payload.decision === "rejected") {
    const cancelled = await cancelRejectedAgentRun(db, review, review.decidedByLabel ?? "a reviewer", payload.notes ?? review.decisionNotes);
    return { agentRunId: run.id, status: cancelled?.status ?? run.status, request: null };
  }
  await db.agentRun.updateMany({ where: { id: run.id, status: "SUSPENDED" }, data: { status: "QUEUED", startedAt: new Date() } });
  const current = await db.agentRun.findUniqueOrThrow({ where: { id: run.id } });
  // RUNNING: an earlier attempt of this resume claimed it; the execution path takes it over.
  if ((current.status !== "QUEUED" && current.status !== "RUNNING") || !current.dedupeKey) return { agentRunId: run.id, status: current.status, request: null };
  return {
    agentRunId: run.id,
    status: current.status,
    request: {
      organizationId: current.organizationId,
      agentId: current.agentId,
      source: current.source,
      input: current.input,
      dedupeKey: current.dedupeKey,
      triggerId: current.triggerId,
      triggerEventId: current.triggerEventId,
    },
  };
}

/** A rejected run ends CANCELLED with the reviewer's note as its reason; its TriggerEvent fails with it. */
export async function cancelRejectedAgentRun(
  db: Db,
  review: Pick<ApprovalRequest, "organizationId" | "agentRunId">,
  decidedBy: string,
  notes: string | null | undefined,
): Promise<AgentRun | null> {
  const run = review.agentRunId ? await db.agentRun.findFirst({ where: { id: review.agentRunId, organizationId: review.organizationId } }) : null;
  if (!run) return null;
  const { run: ended } = await finishOnce(
    db,
    "agent",
    run,
    { status: "CANCELLED", error: `Rejected by ${decidedBy}${notes ? `: ${notes}` : ""}` },
    { from: ["SUSPENDED"] },
  );
  return ended;
}
