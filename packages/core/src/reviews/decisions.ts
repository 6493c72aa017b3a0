import type { ApprovalRequest } from "@switchyard/database";
import { z } from "zod";
import { recordActivity } from "../activity.ts";
import { announceApproval } from "../bridge/publisher.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import type { ReviewSourceType } from "./requests.ts";
import { REVIEW_RESOLVERS } from "./resolvers.ts";

export const DecisionBody = z.object({
  id: z.string().min(1).max(64),
  decision: z.enum(["approve", "reject"]),
  notes: z.string().max(5000).optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/**
 * Records a human decision exactly once (a second decision is a 409 that changes nothing) and routes
 * it to whatever the request was holding up: a suspended workflow or agent run, a campaign plan or a mission.
 */
export async function decideReview(ctx: OrgContext, engine: ExecutionEngine, body: DecisionBody): Promise<ApprovalRequest> {
  requireRole(ctx, "OPERATOR");
  const approval = await ctx.db.approvalRequest.findFirst({ where: { id: body.id, organizationId: ctx.organizationId } });
  if (!approval) throw notFound("Approval request");
  const status = body.decision === "approve" ? "approved" : "rejected";
  const now = new Date();
  // Conditional update: of two concurrent decisions exactly one changes the row.
  const { count } = await ctx.db.approvalRequest.updateMany({
    where: { id: approval.id, organizationId: ctx.organizationId, status: "pending" },
    data: {
      status,
      decidedAt: now,
      decidedByUserId: ctx.actor.type === "user" ? ctx.actor.id : null,
      decidedByLabel: ctx.actor.label,
      decisionNotes: body.notes ?? null,
    },
  });
  if (count === 0) throw await closedConflict(ctx, approval.id);

  await ctx.db.approvalAudit.create({
    data: {
      organizationId: ctx.organizationId,
      approvalRequestId: approval.id,
      action: status,
      actorUserId: ctx.actor.type === "user" ? ctx.actor.id : null,
      actorLabel: ctx.actor.label,
      notes: body.notes ?? null,
    },
  });
  // Every source type resolves through the one resolver table.
  await REVIEW_RESOLVERS[approval.sourceType as ReviewSourceType]?.(ctx, engine, approval, status, body.notes ?? null);
  await recordActivity(ctx.db, {
    organizationId: ctx.organizationId,
    type: "APPROVAL_DECIDED",
    title: `${approval.title}: ${status}`,
    status,
    approvalId: approval.id,
    workflowRunId: approval.workflowRunId ?? undefined,
    campaignId: approval.campaignId ?? undefined,
    missionId: approval.missionId ?? undefined,
    agentId: approval.agentId ?? undefined,
    runId: approval.agentRunId ?? undefined,
  });
  const decided = await ctx.db.approvalRequest.findUniqueOrThrow({ where: { id: approval.id } });
  announceApproval(decided, "decided");
  return decided;
}

/** Why a request takes no decision: decided already, or expired because what it held up ended (its notes say how). */
async function closedConflict(ctx: OrgContext, approvalId: string): Promise<AppError> {
  const current = await ctx.db.approvalRequest.findUniqueOrThrow({ where: { id: approvalId }, select: { status: true, decisionNotes: true } });
  if (current.status === "expired")
    return new AppError("conflict", `This request expired${current.decisionNotes ? `: ${current.decisionNotes}` : ""}; it takes no decision`);
  return new AppError("conflict", `This request was already ${current.status}`);
}

/** The decided approval request as `decideReview` returns it. */
export const DecidedApproval = z.object({
  id: z.string(),
  sourceType: z.string(),
  status: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  requestedAt: z.date(),
  decidedAt: z.date().nullable(),
  decidedByLabel: z.string().nullable(),
  decisionNotes: z.string().nullable(),
  payload: z.unknown(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
