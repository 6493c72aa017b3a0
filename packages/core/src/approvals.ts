import type { ApprovalRequest, Prisma, PrismaClient } from "@switchyard/database";
import { z } from "zod";
import { recordActivity } from "./activity.ts";
import { rejectCampaignPlan } from "./campaigns/runtime.ts";
import { requireRole, type OrgContext } from "./context.ts";
import { AppError, notFound } from "./errors.ts";
import { EVENT_NAMES, type ExecutionEngine } from "./execution/events.ts";
import { APPROVAL_RESOLVERS } from "./reviews/resolvers.ts";

export const APPROVAL_SOURCE_TYPES = ["workflow-review", "campaign", "mission", "integration", "financial_action"] as const;
export type ApprovalSourceType = (typeof APPROVAL_SOURCE_TYPES)[number];

export interface ApprovalInput {
  organizationId: string;
  sourceType: ApprovalSourceType;
  title: string;
  summary?: string;
  prompt?: string;
  agentId?: string | null;
  workflowRunId?: string;
  workflowStepId?: string;
  campaignId?: string;
  missionId?: string;
  networkRunId?: string;
  githubRepo?: string;
  reviewContext?: Prisma.InputJsonValue;
  payload?: Prisma.InputJsonValue;
  estimatedCostUsd?: number;
  at?: Date;
}

/** Opens a pending human decision, with its first audit entry and an APPROVAL_REQUESTED activity event. */
export async function createApprovalRequest(db: PrismaClient, input: ApprovalInput): Promise<ApprovalRequest> {
  const { at, ...data } = input;
  const requestedAt = at ?? new Date();
  const approval = await db.approvalRequest.create({
    data: {
      ...data,
      requestedAt,
      createdAt: requestedAt,
      audit: { create: { organizationId: input.organizationId, action: "requested", actorLabel: "system", createdAt: requestedAt } },
    },
  });
  await recordActivity(db, {
    organizationId: input.organizationId,
    type: "APPROVAL_REQUESTED",
    title: input.title,
    status: "pending",
    approvalId: approval.id,
    workflowRunId: input.workflowRunId,
    campaignId: input.campaignId,
    missionId: input.missionId,
    agentId: input.agentId ?? undefined,
    at: requestedAt,
  });
  return approval;
}

export const DecisionBody = z.object({
  id: z.string().min(1).max(64),
  decision: z.enum(["approve", "reject"]),
  notes: z.string().max(5000).optional(),
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/**
 * Records a human decision exactly once (a second decision is a 409 that changes nothing) and routes
 * it to whatever the request was holding up: a suspended workflow, a campaign plan or a mission.
 */
export async function decideApproval(ctx: OrgContext, engine: ExecutionEngine, body: DecisionBody): Promise<ApprovalRequest> {
  requireRole(ctx, "OPERATOR");
  const approval = await ctx.db.approvalRequest.findFirst({ where: { id: body.id, organizationId: ctx.organizationId } });
  if (!approval) throw notFound("Approval request");
  const status = body.decision === "approve" ? "approved" : "rejected";
  const now = new Date();
  // Conditional update: of two concurrent decisions exactly one changes the row.
  const { count } = await ctx.db.approvalRequest.updateMany({
    where: { id: approval.id, organizationId: ctx.organizationId, status: "pending" },
    data: { status, decidedAt: now, decidedByUserId: ctx.actor.type === "user" ? ctx.actor.id : null, decidedByLabel: ctx.actor.label, decisionNotes: body.notes ?? null },
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
  await routeDecision(ctx, engine, approval, status, body.notes ?? null);
  await recordActivity(ctx.db, {
    organizationId: ctx.organizationId,
    type: "APPROVAL_DECIDED",
    title: `${approval.title}: ${status}`,
    status,
    approvalId: approval.id,
    workflowRunId: approval.workflowRunId ?? undefined,
    campaignId: approval.campaignId ?? undefined,
    missionId: approval.missionId ?? undefined,
  });
  return ctx.db.approvalRequest.findUniqueOrThrow({ where: { id: approval.id } });
}

/** Why a request takes no decision: decided already, or expired because what it held up ended (its notes say how). */
async function closedConflict(ctx: OrgContext, approvalId: string): Promise<AppError> {
  const current = await ctx.db.approvalRequest.findUniqueOrThrow({ where: { id: approvalId }, select: { status: true, decisionNotes: true } });
  if (current.status === "expired") return new AppError("conflict", `This request expired${current.decisionNotes ? `: ${current.decisionNotes}` : ""}; it takes no decision`);
  return new AppError("conflict", `This request was already ${current.status}`);
}

/**
 * Closes a subject's pending approvals as expired, each with an "expired" audit entry: what they held
 * up has ended, so they leave the pending queue and a decision arriving later is a 409. Conditional
 * per request, so one decided in the meantime keeps its decision.
 */
export async function expirePendingApprovals(
  db: PrismaClient,
  subject: { organizationId: string } & ({ campaignId: string } | { workflowRunId: string }),
  notes: string,
  at = new Date(),
): Promise<void> {
  const pending = await db.approvalRequest.findMany({ where: { ...subject, status: "pending" }, select: { id: true } });
  for (const { id } of pending) {
    const { count } = await db.approvalRequest.updateMany({ where: { id, status: "pending" }, data: { status: "expired", decidedAt: at, decisionNotes: notes } });
    if (count === 1) {
      await db.approvalAudit.create({ data: { organizationId: subject.organizationId, approvalRequestId: id, action: "expired", actorLabel: "system", notes, createdAt: at } });
    }
  }
}

async function routeDecision(ctx: OrgContext, engine: ExecutionEngine, approval: ApprovalRequest, decision: "approved" | "rejected", notes: string | null) {
  const base = { organizationId: ctx.organizationId, approvalId: approval.id, decision, notes };
  const eventId = `decision:${approval.id}`;
  switch (approval.sourceType as ApprovalSourceType) {
    case "workflow-review":
      await engine.send({ id: eventId, name: EVENT_NAMES.workflowResume, data: base });
      return;
    case "campaign":
      if (decision === "approved") {
        await engine.send({ id: eventId, name: EVENT_NAMES.campaignExecute, data: { organizationId: ctx.organizationId, campaignId: approval.campaignId } });
      } else {
        await rejectCampaignPlan(ctx.db, { id: approval.campaignId ?? "", organizationId: ctx.organizationId }, `Plan rejected${notes ? `: ${notes}` : ""}`);
      }
      return;
    case "mission":
      await engine.send({
        id: eventId,
        name: EVENT_NAMES.missionApproved,
        data: { organizationId: ctx.organizationId, campaignId: approval.campaignId, missionId: approval.missionId, decision, notes },
      });
      return;
    default:
      // Integration and financial actions: their resolvers carry out (or decline) the action.
      await APPROVAL_RESOLVERS[approval.sourceType]?.(ctx, approval, decision, notes);
      return;
  }
}
