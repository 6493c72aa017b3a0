import { getCampaign, CampaignDetail } from "@switchyard/core/campaigns/service";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "A campaign with its missions, tasks and runs", tag: "Campaigns", response: z.object({ campaign: CampaignDetail }) },
      params: z.object({ id: z.string().min(1).max(64) }),
    },
    async ({ ctx, params }) => ({
      campaign: await getCampaign(ctx, params.id),
    }),
  ),
});
