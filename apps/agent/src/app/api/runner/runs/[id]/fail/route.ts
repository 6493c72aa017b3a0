import { failRunnerRun } from "@switchyard/core/runner/reports";
import { route, routeMethods } from "@/lib/api";
import { claimOf, FailBody, FinishedRunResponse, RunParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "External runner: fail a claimed run with the reason (cancelled instead when a cancel was requested)",
        tag: "Runner",
        response: FinishedRunResponse,
      },
      role: "OPERATOR",
      params: RunParams,
      body: FailBody,
    },
    async ({ ctx, request, params, body }) => failRunnerRun(ctx.db, claimOf(ctx, request, params.id, body.attempt), body),
  ),
});
