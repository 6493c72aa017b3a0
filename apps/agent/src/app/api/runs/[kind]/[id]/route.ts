import { DeleteRunResponse, deleteRun } from "@switchyard/core/runs/bulk";
import { getRunDetail, RunDetailSchema } from "@switchyard/core/runs/detail";
import { route, routeMethods } from "@/lib/api";
import { RunParams } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Run detail with steps, sub-runs and timeline", tag: "Observe", response: RunDetailSchema }, params: RunParams },
    async ({ ctx, params }) => getRunDetail(ctx, params.kind, params.id),
  ),
  DELETE: route(
    {
      doc: { summary: "Delete a finished run with its steps, sub-runs, events and artifacts (audited)", tag: "Observe", response: DeleteRunResponse },
      role: "ADMIN",
      params: RunParams,
    },
    async ({ ctx, params }) => deleteRun(ctx, params.kind, params.id),
  ),
});
