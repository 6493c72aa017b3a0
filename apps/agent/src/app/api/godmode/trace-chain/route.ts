import { TraceChainQuery, getTraceChain } from "@switchyard/core/activity/chains";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ query: TraceChainQuery }, async ({ ctx, query }) => ({ chain: await getTraceChain(ctx, query) })),
});
