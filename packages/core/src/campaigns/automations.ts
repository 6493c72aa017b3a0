import type { CampaignTrigger, Prisma, PrismaClient, TriggerEvent, TriggerEventStatus } from "@switchyard/database";
import { AppError } from "../errors.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { mapInput, matchesFilter, type InputMapping, type TriggerFilter } from "../triggers/filters.ts";
import { createCampaignFromTemplate } from "./service.ts";
import { createOnce } from "../unique.ts";

export interface CampaignEventInput {
  organizationId: string;
  eventName: string;
  payload: unknown;
  /** A repeat with the same key returns each trigger's first TriggerEvent and creates nothing. */
  idempotencyKey: string | null;
}

export interface CampaignTriggerDelivery {
  campaignTriggerId: string;
  triggerEventId: string;
  campaignId: string | null;
  fired: boolean;
  duplicate: boolean;
  status: TriggerEventStatus;
}

/**
 * An event fans out to every active CampaignTrigger listening for it in the organization: each gets a
 * TriggerEvent (filtered ones too), and a match creates a campaign from the trigger's template with
 * parameters mapped from the payload. The TriggerEvent records the campaign it created.
 */
export async function fireCampaignTriggers(db: PrismaClient, engine: ExecutionEngine, input: CampaignEventInput): Promise<CampaignTriggerDelivery[]> {
  const triggers = await db.campaignTrigger.findMany({
    where: { organizationId: input.organizationId, eventName: input.eventName, isActive: true, isArchived: false },
    orderBy: { createdAt: "asc" },
  });
  const deliveries: CampaignTriggerDelivery[] = [];
  for (const trigger of triggers) deliveries.push(await fireCampaignTrigger(db, engine, trigger, input));
  return deliveries;
}

async function fireCampaignTrigger(
  db: PrismaClient,
  engine: ExecutionEngine,
  trigger: CampaignTrigger,
  input: CampaignEventInput,
): Promise<CampaignTriggerDelivery> {
  const dedupeKey = input.idempotencyKey ? `${trigger.id}:${input.idempotencyKey}` : null;
  const duplicateOf = (event: TriggerEvent): CampaignTriggerDelivery => ({ ...deliveryOf(trigger, event), fired: false, duplicate: true });
  if (dedupeKey) {
    const existing = await db.triggerEvent.findUnique({ where: { organizationId_dedupeKey: { organizationId: trigger.organizationId, dedupeKey } } });
    if (existing) return duplicateOf(existing);
  }

  const matched = matchesFilter(input.payload, trigger.filter as TriggerFilter | null);
  // A concurrent redelivery with the same Idempotency-Key may win the unique key.
  const stored = await createOnce(
    () =>
      db.triggerEvent.create({
        data: {
          organizationId: trigger.organizationId,
          campaignTriggerId: trigger.id,
          source: "event",
          eventName: input.eventName,
          payload: (input.payload ?? {}) as Prisma.InputJsonValue,
          status: matched ? "RECEIVED" : "FILTERED",
          processedAt: matched ? null : new Date(),
          dedupeKey,
        },
      }),
    () => (dedupeKey ? db.triggerEvent.findUnique({ where: { organizationId_dedupeKey: { organizationId: trigger.organizationId, dedupeKey } } }) : null),
  );
  if (!stored.created) return duplicateOf(stored.row);
  let event = stored.row;
  if (!matched) return { ...deliveryOf(trigger, event), fired: false, duplicate: false };

  try {
    const { campaign } = await createCampaignFromTemplate(db, engine, {
      organizationId: trigger.organizationId,
      templateId: trigger.templateId,
      parameters: asObject(mapInput(input.payload, trigger.parameterMapping as InputMapping | null)),
      source: "event",
      triggerId: trigger.id,
      triggerEventId: event.id,
      dedupeKey: `trigger-event:${event.id}`,
    });
    event = await db.triggerEvent.update({ where: { id: event.id }, data: { campaignId: campaign.id, status: "FIRED", processedAt: new Date() } });
  } catch (error) {
    // A template problem (a parameter the payload did not provide) is recorded on the event for the operator.
    if (!(error instanceof AppError)) throw error;
    event = await db.triggerEvent.update({ where: { id: event.id }, data: { status: "FAILED", error: error.message, processedAt: new Date() } });
    return { ...deliveryOf(trigger, event), fired: false, duplicate: false };
  }
  await db.campaignTrigger.update({ where: { id: trigger.id }, data: { lastTriggeredAt: new Date(), triggerCount: { increment: 1 } } });
  return { ...deliveryOf(trigger, event), fired: true, duplicate: false };
}

function deliveryOf(trigger: CampaignTrigger, event: TriggerEvent) {
  return { campaignTriggerId: trigger.id, triggerEventId: event.id, campaignId: event.campaignId, status: event.status };
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
