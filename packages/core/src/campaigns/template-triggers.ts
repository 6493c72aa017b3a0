// The event triggers of campaign templates (CampaignTrigger rows): a matching event creates a
// campaign from the template with parameters mapped from the payload (automations.ts fires them).
// Same fields, rules and roles as the execution triggers of agents, workflows and networks.
import { Prisma, type CampaignTrigger, type CampaignTemplate } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { EventName, PayloadMapping, TriggerDescription, TriggerFilterField, TriggerName } from "../triggers/service.ts";
import { assertNotArchived, findTemplate } from "./templates.ts";

/** `type` may be sent as the generic trigger endpoints take it; a template is started by events only. */
const EventType = z.literal("event", { error: "Campaign templates have event triggers only" });

export const CreateTemplateTriggerBody = z.strictObject({
  type: EventType.optional(),
  name: TriggerName,
  description: TriggerDescription.optional(),
  eventName: EventName,
  filter: TriggerFilterField.nullish(),
  /** Template parameter → the payload path its value is read from. */
  parameterMapping: PayloadMapping.nullish(),
  isActive: z.boolean().optional(),
});
export type CreateTemplateTriggerBody = z.infer<typeof CreateTemplateTriggerBody>;

export const UpdateTemplateTriggerBody = z
  .strictObject({
    name: TriggerName,
    description: TriggerDescription.nullable(),
    eventName: EventName,
    filter: TriggerFilterField.nullable(),
    parameterMapping: PayloadMapping.nullable(),
    isActive: z.boolean(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: "Nothing to update" });
export type UpdateTemplateTriggerBody = z.infer<typeof UpdateTemplateTriggerBody>;

export const TemplateTriggerView = z.object({
  id: z.string(),
  type: z.literal("event"),
  template: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  name: z.string(),
  description: z.string().nullable(),
  eventName: z.string(),
  filter: z.unknown(),
  parameterMapping: z.unknown(),
  isActive: z.boolean(),
  isArchived: z.boolean(),
  lastTriggeredAt: z.date().nullable(),
  triggerCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TemplateTriggerView = z.infer<typeof TemplateTriggerView>;
export const TemplateTriggerResponse = z.object({ trigger: TemplateTriggerView });
export const TemplateTriggerListResponse = z.object({ triggers: z.array(TemplateTriggerView) });

function toView(trigger: CampaignTrigger, template: CampaignTemplate): TemplateTriggerView {
  return {
    id: trigger.id,
    type: "event",
    template: { id: template.id, slug: template.slug, name: template.name },
    name: trigger.name,
    description: trigger.description,
    eventName: trigger.eventName,
    filter: trigger.filter,
    parameterMapping: trigger.parameterMapping,
    isActive: trigger.isActive,
    isArchived: trigger.isArchived,
    lastTriggeredAt: trigger.lastTriggeredAt,
    triggerCount: trigger.triggerCount,
    createdAt: trigger.createdAt,
    updatedAt: trigger.updatedAt,
  };
}

export async function listTemplateTriggers(ctx: OrgContext, slug: string): Promise<TemplateTriggerView[]> {
  const template = await findTemplate(ctx, slug);
  const triggers = await ctx.db.campaignTrigger.findMany({
    where: { organizationId: ctx.organizationId, templateId: template.id, isArchived: false },
    orderBy: { createdAt: "desc" },
  });
  return triggers.map((trigger) => toView(trigger, template));
}

export async function createTemplateTrigger(ctx: OrgContext, slug: string, body: CreateTemplateTriggerBody): Promise<TemplateTriggerView> {
  requireRole(ctx, "OPERATOR");
  const template = await findTemplate(ctx, slug);
  assertNotArchived(template);
  assertMapsDeclaredParameters(template, body.parameterMapping);
  const trigger = await ctx.db.campaignTrigger.create({
    data: {
      organizationId: ctx.organizationId,
      templateId: template.id,
      name: body.name,
      description: body.description ?? null,
      eventName: body.eventName,
      filter: (body.filter ?? undefined) as Prisma.InputJsonValue | undefined,
      parameterMapping: body.parameterMapping ?? undefined,
      isActive: body.isActive ?? true,
    },
  });
  return toView(trigger, template);
}

async function findTrigger(ctx: OrgContext, slug: string, triggerId: string) {
  const template = await findTemplate(ctx, slug);
  const trigger = await ctx.db.campaignTrigger.findFirst({
    where: { id: triggerId, organizationId: ctx.organizationId, templateId: template.id, isArchived: false },
  });
  if (!trigger) throw notFound("Trigger");
  return { trigger, template };
}

export async function getTemplateTrigger(ctx: OrgContext, slug: string, triggerId: string): Promise<TemplateTriggerView> {
  const { trigger, template } = await findTrigger(ctx, slug, triggerId);
  return toView(trigger, template);
}

export async function updateTemplateTrigger(ctx: OrgContext, slug: string, triggerId: string, body: UpdateTemplateTriggerBody): Promise<TemplateTriggerView> {
  requireRole(ctx, "OPERATOR");
  const { trigger, template } = await findTrigger(ctx, slug, triggerId);
  assertNotArchived(template);
  assertMapsDeclaredParameters(template, body.parameterMapping);
  const updated = await ctx.db.campaignTrigger.update({
    where: { id: trigger.id },
    data: {
      ...body,
      filter: body.filter === null ? Prisma.DbNull : (body.filter as Prisma.InputJsonValue | undefined),
      parameterMapping: body.parameterMapping === null ? Prisma.DbNull : body.parameterMapping,
    },
  });
  return toView(updated, template);
}

export async function deleteTemplateTrigger(ctx: OrgContext, slug: string, triggerId: string): Promise<void> {
  requireRole(ctx, "OPERATOR");
  const { trigger } = await findTrigger(ctx, slug, triggerId);
  // Archived rather than deleted: its TriggerEvents and the campaigns' triggerId keep their meaning.
  await ctx.db.campaignTrigger.update({ where: { id: trigger.id }, data: { isActive: false, isArchived: true, archivedAt: new Date() } });
}

/** A mapping into a parameter the template does not declare would fill nothing: a 400 instead of a silent no-op. */
function assertMapsDeclaredParameters(template: CampaignTemplate, mapping: Record<string, string> | null | undefined): void {
  if (!mapping) return;
  const declared = template.parameters !== null && typeof template.parameters === "object" ? template.parameters : {};
  const unknown = Object.keys(mapping).filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length === 0) return;
  throw new AppError(
    "validation_failed",
    `parameterMapping names parameters the template does not declare: ${unknown.join(", ")}`,
    unknown.map((name) => ({ path: `parameterMapping.${name}`, message: `"${name}" is not a parameter of template "${template.slug}"` })),
  );
}
