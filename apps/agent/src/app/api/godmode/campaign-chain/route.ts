import { CampaignChainQuery, getCampaignChain } from "@switchyard/core/activity/chains";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ query: CampaignChainQuery }, async ({ ctx, query }) => ({ chain: await getCampaignChain(ctx, query.campaignId) })),
});
