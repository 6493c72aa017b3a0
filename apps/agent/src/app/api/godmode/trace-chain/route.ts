import { TraceChainQuery, getTraceChain } from "@switchyard/core/activity/chains";
import { route } from "@/lib/api";

export const GET = route({ query: TraceChainQuery }, async ({ ctx, query }) => ({ chain: await getTraceChain(ctx, query) }));
