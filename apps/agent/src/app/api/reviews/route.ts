import { z } from "zod";
import { DecisionBody, decideReview, DecidedApproval } from "@switchyard/core/reviews/decisions";
import { ListReviewsQuery, listReviews, ListReviewsResponse } from "@switchyard/core/reviews/service";
import { route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** Approvals of every source type with their agent, workflow run, campaign/mission, context and audit trail. */
  GET: route(
    { doc: { summary: "Approvals of every source type", tag: "Reviews", response: ListReviewsResponse }, query: ListReviewsQuery },
    async ({ ctx, query }) => listReviews(ctx, query),
  ),
  /** A decision on a pending approval: `{ id, decision: "approve" | "reject", notes? }`. */
  POST: route(
    {
      doc: { summary: "Decide a pending approval (exactly once; a second decision is 409)", tag: "Reviews", response: z.object({ approval: DecidedApproval }) },
      role: "OPERATOR",
      body: DecisionBody,
    },
    async ({ ctx, body }) => ({
      approval: await decideReview(ctx, await getEngine(), body),
    }),
  ),
});
