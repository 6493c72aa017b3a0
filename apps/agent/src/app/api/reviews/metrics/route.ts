import { getReviewMetrics } from "@switchyard/core/reviews/service";
import { route } from "@/lib/api";

export const GET = route({}, async ({ ctx }) => ({ metrics: await getReviewMetrics(ctx) }));
