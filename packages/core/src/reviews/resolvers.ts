import type { ApprovalRequest, Prisma } from "@switchyard/database";
import type { OrgContext } from "../context.ts";

export type Decision = "approved" | "rejected";

/** Carries out (or declines) the action an approval was holding up, for one source type. */
export type ApprovalResolver = (ctx: OrgContext, approval: ApprovalRequest, decision: Decision, notes: string | null) => Promise<void>;

/**
 * Integration and financial actions. Switchyard has no outbound integrations yet, so approving
 * records the action as executed in its payload's `result` plus an "executed" audit entry; no
 * external call is made. Rejecting records a "not_executed" audit entry and leaves the action undone.
 */
function actionResolver(kind: "integration" | "financial"): ApprovalResolver {
  return async (ctx, approval, decision, notes) => {
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

/** Resolvers for the source types that are not routed to the execution engine. */
export const APPROVAL_RESOLVERS: Record<string, ApprovalResolver> = {
  integration: actionResolver("integration"),
  financial_action: actionResolver("financial"),
};

function isObject(value: unknown): value is Record<string, Prisma.JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
