export { RunMetricsQuery, type RunMetricsResponse } from "@switchyard/core/runs/metrics";
