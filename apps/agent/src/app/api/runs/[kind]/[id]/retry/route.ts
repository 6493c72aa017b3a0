import { retryRun, RetryResultSchema } from "@switchyard/core/runs/actions";
import { json, route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";
import { RunParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    { doc: { summary: "Retry a run with the same inputs", tag: "Observe", status: 202, response: RetryResultSchema }, role: "OPERATOR", params: RunParams },
    async ({ ctx, params }) => json(await retryRun(ctx, await getEngine(), params.kind, params.id), 202),
  ),
});
