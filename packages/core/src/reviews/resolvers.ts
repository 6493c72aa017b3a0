import type { ApprovalRequest, Prisma } from "@switchyard/database";
import { cancelRejectedAgentRun } from "../agents/risk-gate.ts";
import type { OrgContext } from "../context.ts";
import { EVENT_NAMES, type ExecutionEngine } from "../execution/events.ts";
import { finishOnce } from "../runs/lifecycle.ts";
import type { ReviewSourceType } from "./requests.ts";

export type Decision = "approved" | "rejected";

/** Carries out (or declines) what a review was holding up, for one source type. */
export type ReviewResolver = (ctx: OrgContext, engine: ExecutionEngine, review: ApprovalRequest, decision: Decision, notes: string | null) => Promise<void>;

/** Engine work resumes from the decision: the event id is the review's, so a resend continues nothing twice. */
const eventIdOf = (review: ApprovalRequest) => `decision:${review.id}`;

/** A suspended workflow run continues (approve) or fails at its gate (reject). */
const workflowResolver: ReviewResolver = (ctx, engine, review, decision, notes) =>
  engine.send({
    id: eventIdOf(review),
    name: EVENT_NAMES.workflowResume,
    data: { organizationId: ctx.organizationId, approvalId: review.id, decision, notes },
  });

/**
 * An approved plan executes. A rejected plan cancels its campaign: nothing failed, a human decided
 * not to run it; its missions are skipped and its review written, as for any campaign that ends.
 */
const campaignPlanResolver: ReviewResolver = async (ctx, engine, review, decision, notes) => {
  if (decision === "approved") {
    await engine.send({
      id: eventIdOf(review),
      name: EVENT_NAMES.campaignExecute,
      data: { organizationId: ctx.organizationId, campaignId: review.campaignId },
    });
    return;
  }
  const campaign = await ctx.db.campaign.findFirst({
    where: { id: review.campaignId ?? "", organizationId: ctx.organizationId, phase: "awaiting_plan_approval", status: "SUSPENDED" },
  });
  if (campaign)
    await finishOnce(ctx.db, "campaign", campaign, { status: "CANCELLED", error: `Plan rejected${notes ? `: ${notes}` : ""}` }, { from: ["SUSPENDED"] });
};

/** A mission's results: approved resumes the campaign at its next sequence, rejected fails it. */
const missionResolver: ReviewResolver = (ctx, engine, review, decision, notes) =>
  engine.send({
    id: eventIdOf(review),
    name: EVENT_NAMES.missionApproved,
    data: { organizationId: ctx.organizationId, campaignId: review.campaignId, missionId: review.missionId, decision, notes },
  });

/**
 * Integration and financial actions. Switchyard has no outbound integrations yet, so approving
 * records the action as executed in its payload's `result` plus an "executed" audit entry; no
 * external call is made. Rejecting records a "not_executed" audit entry and leaves the action undone.
 */
function actionResolver(kind: "integration" | "financial"): ReviewResolver {
  return async (ctx, _engine, approval, decision, notes) => {
    const at = new Date();
    if (decision === "approved") {
      const payload = isObject(approval.payload) ? approval.payload : {};
      const result = { status: "executed", executedAt: at.toISOString(), executedBy: ctx.actor.label };
      await ctx.db.approvalRequest.updateMany({
        where: { id: approval.id, organizationId: ctx.organizationId },
        data: { payload: { ...payload, result } as Prisma.InputJsonValue },
      });
    }
    await ctx.db.approvalAudit.create({
      data: {
        organizationId: ctx.organizationId,
        approvalRequestId: approval.id,
        action: decision === "approved" ? "executed" : "not_executed",
        actorLabel: ctx.actor.label,
        actorUserId: ctx.actor.type === "user" ? ctx.actor.id : null,
        notes,
        metadata: { kind, action: isObject(approval.payload) ? (approval.payload.action ?? null) : null } as Prisma.InputJsonValue,
        createdAt: at,
      },
    });
  };
}

/**
 * A direct fire of an APPROVAL_REQUIRED agent: approved, its SUSPENDED run resumes through the engine
 * and calls the model; rejected, the run is cancelled with the reviewer's note.
 */
const agentRunResolver: ReviewResolver = async (ctx, engine, review, decision, notes) => {
  if (decision === "approved") {
    await engine.send({
      id: eventIdOf(review),
      name: EVENT_NAMES.agentResume,
      data: { organizationId: ctx.organizationId, approvalId: review.id, decision, notes },
    });
    return;
  }
  await cancelRejectedAgentRun(ctx.db, review, ctx.actor.label, notes);
};

/** The one resolver table: every decision on every source type goes through it. */
export const REVIEW_RESOLVERS: Record<ReviewSourceType, ReviewResolver> = {
  "workflow-review": workflowResolver,
  campaign: campaignPlanResolver,
  mission: missionResolver,
  integration: actionResolver("integration"),
  financial_action: actionResolver("financial"),
  agent: agentRunResolver,
};

function isObject(value: unknown): value is Record<string, Prisma.JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
