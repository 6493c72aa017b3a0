import { z } from "zod";
import { AlertChannelView, AlertChannelWithSecret, CreateAlertChannelBody, createAlertChannel, listAlertChannels } from "@switchyard/core/alerts/channels";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Alert channels (targets masked, never a secret)", tag: "Alerts", response: z.object({ channels: z.array(AlertChannelView) }) },
      role: "OPERATOR",
    },
    async ({ ctx }) => ({ channels: await listAlertChannels(ctx) }),
  ),
  // A webhook channel's signing secret is in this answer only.
  POST: route(
    {
      doc: { summary: "Create an alert channel (a webhook's signing secret is shown once)", tag: "Alerts", status: 201, response: AlertChannelWithSecret },
      role: "ADMIN",
      body: CreateAlertChannelBody,
    },
    async ({ ctx, body }) => json(await createAlertChannel(ctx, body), 201),
  ),
});
