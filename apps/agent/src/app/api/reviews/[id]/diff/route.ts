import { ReviewParams, getReviewDiff, ReviewDiffResponse } from "@switchyard/core/reviews/service";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** The change's unified diff: the patch the workflow recorded, else the pull request's from GitHub (GITHUB_TOKEN, optional GITHUB_API_URL). */
  GET: route(
    {
      doc: { summary: "The change's unified diff: the recorded patch, else the pull request's from GitHub", tag: "Reviews", response: ReviewDiffResponse },
      params: ReviewParams,
    },
    async ({ ctx, params }) => getReviewDiff(ctx, params.id),
  ),
});
