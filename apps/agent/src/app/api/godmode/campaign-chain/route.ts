import { CausalNodeSchema, CampaignChainQuery, getCampaignChain } from "@switchyard/core/activity/chains";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Campaign → missions → tasks → agent runs → tool calls", tag: "God Mode", response: z.object({ chain: CausalNodeSchema }) },
      query: CampaignChainQuery,
    },
    async ({ ctx, query }) => ({ chain: await getCampaignChain(ctx, query.campaignId) }),
  ),
});
