import { cancelRun } from "@switchyard/core/runs/actions";
import { route, routeMethods } from "@/lib/api";
import { RunParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route({ doc: { summary: "Request cancellation of a run", tag: "Observe" }, role: "OPERATOR", params: RunParams }, async ({ ctx, params }) => ({
    run: await cancelRun(ctx, params.kind, params.id),
  })),
});
