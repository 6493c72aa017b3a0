export { RunFeedbackBody } from "@switchyard/core/runs/actions";
export { RunParams, type RunDetail } from "@switchyard/core/runs/detail";
