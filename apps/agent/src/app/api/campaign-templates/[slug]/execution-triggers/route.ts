import {
  CreateTemplateTriggerBody,
  createTemplateTrigger,
  listTemplateTriggers,
  TemplateTriggerListResponse,
  TemplateTriggerResponse,
} from "@switchyard/core/campaigns/template-triggers";
import { z } from "zod";
import { json, route, routeMethods } from "@/lib/api";

const Params = z.object({ slug: z.string().min(1).max(120) });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "List triggers (campaign template)", tag: "Execution triggers", response: TemplateTriggerListResponse }, params: Params },
    async ({ ctx, params }) => ({
      triggers: await listTemplateTriggers(ctx, params.slug),
    }),
  ),
  POST: route(
    {
      doc: { summary: "Create an event trigger (campaign template)", tag: "Execution triggers", status: 201, response: TemplateTriggerResponse },
      params: Params,
      body: CreateTemplateTriggerBody,
    },
    async ({ ctx, params, body }) => json({ trigger: await createTemplateTrigger(ctx, params.slug, body) }, 201),
  ),
});
