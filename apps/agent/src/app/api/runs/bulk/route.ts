import { BulkRunActionBody, BulkRunActionResponse, bulkRunAction } from "@switchyard/core/runs/bulk";
import { route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "Cancel or retry many runs (listed, or all matching a filter), with each run's result", tag: "Observe", response: BulkRunActionResponse },
      role: "OPERATOR",
      body: BulkRunActionBody,
    },
    async ({ ctx, body }) => bulkRunAction(ctx, await getEngine(), body),
  ),
});
