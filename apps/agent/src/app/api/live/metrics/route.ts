import { getRunMetrics } from "@switchyard/core/runs/metrics";
import { route, routeMethods } from "@/lib/api";
import { RunMetricsQuery, RunMetricsResponseSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Per-kind run metrics and time series", tag: "Observe", response: RunMetricsResponseSchema }, query: RunMetricsQuery },
    async ({ ctx, query }) => getRunMetrics(ctx, query),
  ),
});
