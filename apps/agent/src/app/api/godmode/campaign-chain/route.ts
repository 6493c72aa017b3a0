import { CampaignChainQuery, getCampaignChain } from "@switchyard/core/activity/chains";
import { route } from "@/lib/api";

export const GET = route({ query: CampaignChainQuery }, async ({ ctx, query }) => ({ chain: await getCampaignChain(ctx, query.campaignId) }));
