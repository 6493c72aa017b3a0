import { CausalNodeSchema, TraceChainQuery, getTraceChain } from "@switchyard/core/activity/chains";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Causal tree below a run, workflow run or network run", tag: "God Mode", response: z.object({ chain: CausalNodeSchema }) },
      query: TraceChainQuery,
    },
    async ({ ctx, query }) => ({ chain: await getTraceChain(ctx, query) }),
  ),
});
