import { AppError } from "@switchyard/core";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "@switchyard/core/triggers/webhooks";
import { getDatabase } from "@switchyard/database";
import { json, route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";
import { WebhookHeaders, WebhookParams, WebhookAccepted } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // Authenticated by the trigger's HMAC signature, not by a session or API key.
  POST: route(
    {
      doc: { summary: "Receive a signed webhook (X-Switchyard-Signature)", tag: "Machines", status: 202, response: WebhookAccepted },
      auth: "signature",
      params: WebhookParams,
    },
    async ({ request, params }) => {
      const headers = WebhookHeaders.parse({
        signature: request.headers.get("x-switchyard-signature"),
        idempotencyKey: request.headers.get("idempotency-key"),
        contentLength: request.headers.get("content-length"),
      });
      // Refuse an oversized body before reading it.
      if (headers.contentLength !== null && headers.contentLength > MAX_WEBHOOK_BYTES) {
        throw new AppError("payload_too_large", "Webhook body exceeds 1 MiB");
      }
      const { prisma } = await getDatabase();
      const result = await receiveWebhook(prisma, await getEngine(), {
        path: params.path,
        rawBody: await request.text(),
        signature: headers.signature,
        idempotencyKey: headers.idempotencyKey,
        contentType: request.headers.get("content-type"),
        userAgent: request.headers.get("user-agent"),
      });
      return json({ triggerEventId: result.triggerEvent.id, status: result.triggerEvent.status, duplicate: result.duplicate }, 202);
    },
  ),
});
