import { DecisionBody, decideApproval } from "@switchyard/core/approvals";
import { route } from "@/lib/api";
import { getEngine } from "@/lib/engine";

/** A decision on a pending approval: `{ id, decision: "approve" | "reject", notes? }`. */
export const POST = route({ role: "OPERATOR", body: DecisionBody }, async ({ ctx, body }) => ({
  approval: await decideApproval(ctx, await getEngine(), body),
}));
