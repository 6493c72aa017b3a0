import { completeRunnerRun } from "@switchyard/core/runner/reports";
import { route, routeMethods } from "@/lib/api";
import { claimOf, CompleteBody, FinishedRunResponse, RunParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "External runner: finish a claimed run with its output (checked against the agent's output schema) and usage",
        tag: "Runner",
        response: FinishedRunResponse,
      },
      role: "OPERATOR",
      params: RunParams,
      body: CompleteBody,
    },
    async ({ ctx, request, params, body }) => completeRunnerRun(ctx.db, claimOf(ctx, request, params.id, body.attempt), body),
  ),
});
