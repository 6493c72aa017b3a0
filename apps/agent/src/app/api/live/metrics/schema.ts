export { RunMetricsQuery, RunMetricsResponseSchema, type RunMetricsResponse } from "@switchyard/core/runs/metrics";
