import { ReviewParams, getReviewDiff } from "@switchyard/core/reviews/service";
import { route } from "@/lib/api";

/** The pull request's unified diff (GITHUB_TOKEN, optional GITHUB_API_URL). */
export const GET = route({ params: ReviewParams }, async ({ ctx, params }) => getReviewDiff(ctx, params.id));
