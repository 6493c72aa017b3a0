import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { fireCampaignTriggers } from "../campaigns/automations.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { EventName, fireTrigger } from "./service.ts";

export const EmitEventBody = z.object({
  eventName: EventName,
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type EmitEventBody = z.infer<typeof EmitEventBody>;

/**
 * An internal event fans out to every active event trigger listening for it, whatever entity type it
 * fires, and to every campaign trigger for it; each gets its own TriggerEvent (filtered ones too, so an operator can see why nothing ran).
 */
export async function emitEvent(ctx: OrgContext, engine: ExecutionEngine, body: EmitEventBody, idempotencyKey: string | null) {
  requireRole(ctx, "OPERATOR");
  const triggers = await ctx.db.agentTrigger.findMany({
    where: { organizationId: ctx.organizationId, type: "event", eventName: body.eventName, isActive: true, isArchived: false },
    orderBy: { createdAt: "asc" },
  });
  const deliveries = [];
  for (const trigger of triggers) {
    const result = await fireTrigger(ctx.db, engine, trigger, {
      source: "event",
      payload: body.payload,
      eventName: body.eventName,
      idempotencyKey,
      headers: null,
    });
    deliveries.push({
      triggerId: trigger.id,
      entityType: trigger.entityType,
      triggerEventId: result.triggerEvent.id,
      status: result.triggerEvent.status,
      fired: result.fired,
      duplicate: result.duplicate,
    });
  }
  const campaignDeliveries = await fireCampaignTriggers(ctx.db, engine, {
    organizationId: ctx.organizationId,
    eventName: body.eventName,
    payload: body.payload,
    idempotencyKey,
  });
  return { eventName: body.eventName, matched: triggers.length + campaignDeliveries.length, deliveries, campaignDeliveries };
}

/** What `emitEvent` returns: one delivery per matching trigger and campaign trigger. */
export const EmitEventResponse = z.object({
  eventName: z.string(),
  matched: z.number().int(),
  deliveries: z.array(
    z.object({
      triggerId: z.string(),
      entityType: z.string(),
      triggerEventId: z.string(),
      status: z.string(),
      fired: z.boolean(),
      duplicate: z.boolean(),
    }),
  ),
  campaignDeliveries: z.array(
    z.object({
      campaignTriggerId: z.string(),
      triggerEventId: z.string(),
      campaignId: z.string().nullable(),
      fired: z.boolean(),
      duplicate: z.boolean(),
      status: z.string(),
    }),
  ),
});
