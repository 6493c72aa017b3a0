import { getRunMetrics } from "@switchyard/core/runs/metrics";
import { route } from "@/lib/api";
import { RunMetricsQuery } from "./schema";

export const GET = route({ query: RunMetricsQuery }, async ({ ctx, query }) => getRunMetrics(ctx, query));
