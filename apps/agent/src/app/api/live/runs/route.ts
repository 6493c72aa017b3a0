import { listRuns } from "@switchyard/core/runs/unified";
import { route, routeMethods } from "@/lib/api";
import { ListRunsQuery, RunListResponseSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "Runs of every kind", tag: "Observe", response: RunListResponseSchema }, query: ListRunsQuery }, async ({ ctx, query }) =>
    listRuns(ctx, query),
  ),
});
