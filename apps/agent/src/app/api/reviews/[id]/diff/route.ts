import { ReviewParams, getReviewDiff } from "@switchyard/core/reviews/service";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** The pull request's unified diff (GITHUB_TOKEN, optional GITHUB_API_URL). */
  GET: route({ params: ReviewParams }, async ({ ctx, params }) => getReviewDiff(ctx, params.id)),
});
