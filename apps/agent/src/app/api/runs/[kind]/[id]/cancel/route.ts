import { z } from "zod";
import { UnifiedRunSchema } from "@switchyard/core/runs/unified";
import { cancelRun } from "@switchyard/core/runs/actions";
import { route, routeMethods } from "@/lib/api";
import { RunParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    { doc: { summary: "Request cancellation of a run", tag: "Observe", response: z.object({ run: UnifiedRunSchema }) }, role: "OPERATOR", params: RunParams },
    async ({ ctx, params }) => ({
      run: await cancelRun(ctx, params.kind, params.id),
    }),
  ),
});
