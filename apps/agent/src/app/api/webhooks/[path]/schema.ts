import { z } from "zod";

export const WebhookParams = z.object({ path: z.string().min(1).max(200) });
export const WebhookHeaders = z.object({
  signature: z.string().max(1000).nullable(),
  idempotencyKey: z.string().min(1).max(200).nullable(),
  contentLength: z.coerce.number().int().nonnegative().nullable(),
});

/** The answer to an accepted delivery: the TriggerEvent stored, and whether it repeated an earlier one. */
export const WebhookAccepted = z.object({ triggerEventId: z.string(), status: z.string(), duplicate: z.boolean() });
