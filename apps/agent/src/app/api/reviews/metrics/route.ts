import { getReviewMetrics } from "@switchyard/core/reviews/service";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({}, async ({ ctx }) => ({ metrics: await getReviewMetrics(ctx) })),
});
