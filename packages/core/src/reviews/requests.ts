import type { ApprovalRequest, Prisma, PrismaClient } from "@switchyard/database";
import { recordActivity } from "../activity.ts";
import { announceApproval } from "../bridge/publisher.ts";

/**
 * Reviews: the human decisions runs wait for (workflow gates, campaign plans, missions) and the
 * actions that need a sign-off (integration, financial). Each is stored as an `ApprovalRequest`.
 */
/** The short source names of the API and the stored `ApprovalRequest.sourceType` they stand for. */
export const REVIEW_SOURCES = {
  workflow: "workflow-review",
  integration: "integration",
  financial: "financial_action",
  campaign: "campaign",
  mission: "mission",
  /** A direct fire (trigger, schedule, Start run) of an APPROVAL_REQUIRED agent, held in a SUSPENDED run. */
  agent: "agent",
} as const;
export type ReviewSource = keyof typeof REVIEW_SOURCES;
export type ReviewSourceType = (typeof REVIEW_SOURCES)[ReviewSource];

export interface ReviewRequestInput {
  organizationId: string;
  sourceType: ReviewSourceType;
  title: string;
  summary?: string;
  prompt?: string;
  agentId?: string | null;
  workflowRunId?: string;
  workflowStepId?: string;
  campaignId?: string;
  missionId?: string;
  networkRunId?: string;
  agentRunId?: string;
  githubRepo?: string;
  reviewContext?: Prisma.InputJsonValue;
  payload?: Prisma.InputJsonValue;
  estimatedCostUsd?: number;
  at?: Date;
}

/** Opens a pending review (an ApprovalRequest row), with its first audit entry and an APPROVAL_REQUESTED activity event. */
export async function requestReview(db: PrismaClient, input: ReviewRequestInput): Promise<ApprovalRequest> {
  const approval = await openReview(db, input);
  await announceReview(db, approval);
  return approval;
}

/** The review row and its "requested" audit entry; safe inside a transaction (it writes no telemetry). */
export async function openReview(db: PrismaClient | Prisma.TransactionClient, input: ReviewRequestInput): Promise<ApprovalRequest> {
  const { at, ...data } = input;
  const requestedAt = at ?? new Date();
  return db.approvalRequest.create({
    data: {
      ...data,
      requestedAt,
      createdAt: requestedAt,
      audit: { create: { organizationId: input.organizationId, action: "requested", actorLabel: "system", createdAt: requestedAt } },
    },
  });
}

/** The APPROVAL_REQUESTED activity event that puts an opened review in the Command queue and the live feed. */
export async function announceReview(db: PrismaClient, approval: ApprovalRequest): Promise<void> {
  await recordActivity(db, {
    organizationId: approval.organizationId,
    type: "APPROVAL_REQUESTED",
    title: approval.title,
    status: "pending",
    approvalId: approval.id,
    workflowRunId: approval.workflowRunId ?? undefined,
    campaignId: approval.campaignId ?? undefined,
    missionId: approval.missionId ?? undefined,
    agentId: approval.agentId ?? undefined,
    runId: approval.agentRunId ?? undefined,
    at: approval.requestedAt,
  });
  announceApproval(approval, "requested");
}

/**
 * Closes a subject's pending reviews as expired, each with an "expired" audit entry: what they held
 * up has ended, so they leave the pending queue and a decision arriving later is a 409. Conditional
 * per request, so one decided in the meantime keeps its decision; each that expires here is announced
 * once, as decided with status "expired" (the one way a request ends without a human).
 */
export async function expirePendingReviews(
  db: PrismaClient,
  subject: { organizationId: string } & ({ campaignId: string } | { workflowRunId: string } | { agentRunId: string }),
  notes: string,
  at = new Date(),
): Promise<void> {
  const pending = await db.approvalRequest.findMany({ where: { ...subject, status: "pending" }, select: { id: true } });
  for (const { id } of pending) {
    const [expired] = await db.approvalRequest.updateManyAndReturn({
      where: { id, status: "pending" },
      data: { status: "expired", decidedAt: at, decisionNotes: notes },
    });
    if (expired) {
      await db.approvalAudit.create({
        data: { organizationId: subject.organizationId, approvalRequestId: id, action: "expired", actorLabel: "system", notes, createdAt: at },
      });
      announceApproval(expired, "decided");
    }
  }
}
