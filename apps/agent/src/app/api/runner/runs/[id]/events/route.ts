import { recordRunnerEvents } from "@switchyard/core/runner/reports";
import { route, routeMethods } from "@/lib/api";
import { claimOf, EventsBody, EventsResponse, RunParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "External runner: report stage changes, log lines and scores (shown on the run's timeline)", tag: "Runner", response: EventsResponse },
      role: "OPERATOR",
      params: RunParams,
      body: EventsBody,
    },
    async ({ ctx, request, params, body }) => recordRunnerEvents(ctx.db, claimOf(ctx, request, params.id, body.attempt), body.events),
  ),
});
