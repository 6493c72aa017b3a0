import { claimRunnerRun } from "@switchyard/core/runner/claims";
import { route, routeMethods } from "@/lib/api";
import { ClaimBody, ClaimResponse, runnerIdOf } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "External runner: claim one queued run of an external agent (204 when none is waiting); send X-Runner-Id",
        tag: "Runner",
        response: ClaimResponse,
      },
      role: "OPERATOR",
      body: ClaimBody,
    },
    async ({ ctx, request, body }) => {
      const run = await claimRunnerRun(ctx.db, ctx.organizationId, { ...body, runnerId: runnerIdOf(request) });
      return run ? { run } : new Response(null, { status: 204 });
    },
  ),
});
