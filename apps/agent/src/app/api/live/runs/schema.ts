export { ListRunsQuery, type RunListResponse, type UnifiedRun } from "@switchyard/core/runs/unified";
