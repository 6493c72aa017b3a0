import {
  deleteTemplateTrigger,
  getTemplateTrigger,
  TemplateTriggerResponse,
  UpdateTemplateTriggerBody,
  updateTemplateTrigger,
} from "@switchyard/core/campaigns/template-triggers";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

const Params = z.object({ slug: z.string().min(1).max(120), triggerId: z.string().min(1).max(64) });
const doc = (summary: string, response?: z.ZodType, status?: number) => ({
  summary: `${summary} (campaign template)`,
  tag: "Execution triggers",
  response,
  status,
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: doc("Get a trigger", TemplateTriggerResponse), params: Params }, async ({ ctx, params }) => ({
    trigger: await getTemplateTrigger(ctx, params.slug, params.triggerId),
  })),
  PATCH: route({ doc: doc("Update a trigger", TemplateTriggerResponse), params: Params, body: UpdateTemplateTriggerBody }, async ({ ctx, params, body }) => ({
    trigger: await updateTemplateTrigger(ctx, params.slug, params.triggerId, body),
  })),
  DELETE: route({ doc: doc("Delete a trigger", undefined, 204), params: Params }, async ({ ctx, params }) => {
    await deleteTemplateTrigger(ctx, params.slug, params.triggerId);
    return new Response(null, { status: 204 });
  }),
});
