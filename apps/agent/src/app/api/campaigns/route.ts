import { CreateCampaignBody, createCampaign, CreateCampaignResponse } from "@switchyard/core/campaigns/service";
import { z } from "zod";
import { json, route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";

const IdempotencyKey = z.string().min(1).max(200).nullable();

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** Creates a campaign from a template: `{ template: <slug>, parameters }`; planning runs in the background. */
  POST: route(
    {
      doc: { summary: "Create a campaign from a template", tag: "Campaigns", status: 201, response: CreateCampaignResponse },
      role: "OPERATOR",
      body: CreateCampaignBody,
    },
    async ({ ctx, body, request }) => {
      const idempotencyKey = IdempotencyKey.parse(request.headers.get("idempotency-key"));
      const { campaign, created } = await createCampaign(ctx, await getEngine(), body, idempotencyKey);
      return json({ campaign, created }, created ? 201 : 200);
    },
  ),
});
