import { DecisionBody, decideReview } from "@switchyard/core/reviews/decisions";
import { ListReviewsQuery, listReviews } from "@switchyard/core/reviews/service";
import { route } from "@/lib/api";
import { getEngine } from "@/lib/engine";

/** Approvals of every source type with their agent, workflow run, campaign/mission, context and audit trail. */
export const GET = route({ query: ListReviewsQuery }, async ({ ctx, query }) => listReviews(ctx, query));

/** A decision on a pending approval: `{ id, decision: "approve" | "reject", notes? }`. */
export const POST = route({ role: "OPERATOR", body: DecisionBody }, async ({ ctx, body }) => ({
  approval: await decideReview(ctx, await getEngine(), body),
}));
