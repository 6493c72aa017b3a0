import type { PrismaClient } from "@switchyard/database";
import { AppError } from "../errors.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { decryptSecret } from "../secrets.ts";
import { fireTrigger, type FireResult } from "./service.ts";
import { verifyWebhookSignature } from "./signature.ts";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface WebhookDelivery {
  path: string;
  rawBody: string;
  signature: string | null;
  idempotencyKey: string | null;
  contentType: string | null;
  userAgent: string | null;
  now?: Date;
}

/**
 * Accepts a signed webhook delivery. Order matters: unknown path (404) before the signature, the
 * signature (401) before anything that would reveal the trigger's state (409) or parse the body (400).
 */
export async function receiveWebhook(db: PrismaClient, engine: ExecutionEngine, delivery: WebhookDelivery): Promise<FireResult> {
  if (Buffer.byteLength(delivery.rawBody, "utf8") > MAX_WEBHOOK_BYTES) {
    throw new AppError("payload_too_large", "Webhook body exceeds 1 MiB");
  }
  const trigger = await db.agentTrigger.findUnique({ where: { webhookPath: delivery.path } });
  if (trigger?.type !== "webhook" || trigger.isArchived || !trigger.secretEncrypted) {
    throw new AppError("not_found", "No webhook at this path");
  }
  const check = verifyWebhookSignature(decryptSecret(trigger.secretEncrypted), delivery.rawBody, delivery.signature, delivery.now ?? new Date());
  if (!check.ok) throw new AppError("invalid_signature", check.reason);
  if (!trigger.isActive) throw new AppError("inactive", "This webhook trigger is inactive");

  let payload: unknown;
  try {
    payload = JSON.parse(delivery.rawBody);
  } catch {
    throw new AppError("invalid_json", "Webhook body must be valid JSON");
  }
  const headers = Object.fromEntries(
    Object.entries({ "content-type": delivery.contentType, "user-agent": delivery.userAgent, "idempotency-key": delivery.idempotencyKey }).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    ),
  );
  return fireTrigger(db, engine, trigger, { source: "webhook", payload, idempotencyKey: delivery.idempotencyKey, headers });
}
