import { getReviewMetrics, ReviewMetricsResponse } from "@switchyard/core/reviews/service";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "Governance metrics", tag: "Reviews", response: z.object({ metrics: ReviewMetricsResponse }) } }, async ({ ctx }) => ({
    metrics: await getReviewMetrics(ctx),
  })),
});
