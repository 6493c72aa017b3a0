export { ListRunsQuery, RunListResponseSchema, type RunListResponse, type UnifiedRun } from "@switchyard/core/runs/unified";
