import { z } from "zod";
import { AlertChannelWithSecret, UpdateAlertChannelBody, deleteAlertChannel, updateAlertChannel } from "@switchyard/core/alerts/channels";
import { route, routeMethods } from "@/lib/api";
import { AlertParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PUT: route(
    {
      doc: { summary: "Change an alert channel (rotateSecret gives a webhook a new secret, shown once)", tag: "Alerts", response: AlertChannelWithSecret },
      role: "ADMIN",
      params: AlertParams,
      body: UpdateAlertChannelBody,
    },
    async ({ ctx, params, body }) => updateAlertChannel(ctx, params.id, body),
  ),
  DELETE: route(
    {
      doc: {
        summary: "Delete an alert channel and take it off its rules",
        tag: "Alerts",
        response: z.object({ id: z.string(), removedFromRules: z.number().int() }),
      },
      role: "ADMIN",
      params: AlertParams,
    },
    async ({ ctx, params }) => deleteAlertChannel(ctx, params.id),
  ),
});
