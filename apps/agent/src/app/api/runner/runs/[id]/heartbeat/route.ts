import { heartbeatRunnerRun } from "@switchyard/core/runner/reports";
import { route, routeMethods } from "@/lib/api";
import { claimOf, HeartbeatBody, HeartbeatResponse, RunParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "External runner: extend the lease of a claimed run; answers whether a cancel was requested",
        tag: "Runner",
        response: HeartbeatResponse,
      },
      role: "OPERATOR",
      params: RunParams,
      body: HeartbeatBody,
    },
    async ({ ctx, request, params, body }) => heartbeatRunnerRun(ctx.db, claimOf(ctx, request, params.id, body.attempt), { leaseSeconds: body.leaseSeconds }),
  ),
});
