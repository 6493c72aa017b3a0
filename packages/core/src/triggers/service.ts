import { randomBytes } from "node:crypto";
import { Prisma, type AgentTrigger, type EntityType, type RunSource, type TriggerEvent } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { dispatchFire } from "../dispatch.ts";
import { entityColumn, resolveEntity, type EntityRef } from "../entities.ts";
import { AppError, notFound } from "../errors.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { encryptSecret, generateWebhookSecret } from "../secrets.ts";
import { mapInput, matchesFilter, type InputMapping, type TriggerFilter } from "./filters.ts";
import { createOnce } from "../unique.ts";

// The fields every kind of trigger shares, also used by campaign templates' triggers.
export const TriggerName = z.string().trim().min(1).max(120);
export const TriggerDescription = z.string().max(2000);
export const EventName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\w.:/-]+$/, "letters, digits and . _ : / - only");
/** Payload path → the value it must equal (a list: any of them). */
export const TriggerFilterField = z.record(z.string(), z.unknown());
/** Target key → the payload path its value is read from. */
export const PayloadMapping = z.record(z.string(), z.string());

export const CreateTriggerBody = z
  .object({
    type: z.enum(["webhook", "event", "manual"]),
    name: TriggerName,
    description: TriggerDescription.optional(),
    eventName: EventName.optional(),
    filter: TriggerFilterField.nullish(),
    inputMapping: PayloadMapping.nullish(),
    isActive: z.boolean().optional(),
  })
  .refine((body) => body.type !== "event" || body.eventName, { message: "eventName is required for event triggers", path: ["eventName"] });
export type CreateTriggerBody = z.infer<typeof CreateTriggerBody>;

export const UpdateTriggerBody = z
  .object({
    name: TriggerName,
    description: TriggerDescription.nullable(),
    eventName: EventName,
    filter: TriggerFilterField.nullable(),
    inputMapping: PayloadMapping.nullable(),
    isActive: z.boolean(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: "Nothing to update" });
export type UpdateTriggerBody = z.infer<typeof UpdateTriggerBody>;

/** The public shape of a trigger: never the secret. */
export function toTriggerView(trigger: AgentTrigger, entity: EntityRef) {
  return {
    id: trigger.id,
    entityType: trigger.entityType,
    entity: { id: entity.id, slug: entity.slug, name: entity.name },
    name: trigger.name,
    description: trigger.description,
    type: trigger.type,
    eventName: trigger.eventName,
    webhookPath: trigger.webhookPath,
    filter: trigger.filter,
    inputMapping: trigger.inputMapping,
    isActive: trigger.isActive,
    isArchived: trigger.isArchived,
    lastTriggeredAt: trigger.lastTriggeredAt,
    triggerCount: trigger.triggerCount,
    createdAt: trigger.createdAt,
    updatedAt: trigger.updatedAt,
  };
}
export type TriggerView = ReturnType<typeof toTriggerView>;

export async function listTriggers(ctx: OrgContext, entityType: EntityType, slug: string): Promise<TriggerView[]> {
  const entity = await resolveEntity(ctx, entityType, slug);
  const triggers = await ctx.db.agentTrigger.findMany({
    where: { organizationId: ctx.organizationId, entityType, [entityColumn(entityType)]: entity.id, isArchived: false },
    orderBy: { createdAt: "desc" },
  });
  return triggers.map((trigger) => toTriggerView(trigger, entity));
}

export async function createTrigger(ctx: OrgContext, entityType: EntityType, slug: string, body: CreateTriggerBody) {
  requireRole(ctx, "OPERATOR");
  const entity = await resolveEntity(ctx, entityType, slug);
  const secret = body.type === "webhook" ? generateWebhookSecret() : null;
  const trigger = await ctx.db.agentTrigger.create({
    data: {
      organizationId: ctx.organizationId,
      entityType,
      [entityColumn(entityType)]: entity.id,
      name: body.name,
      description: body.description ?? null,
      type: body.type,
      eventName: body.eventName ?? null,
      webhookPath: body.type === "webhook" ? `${entity.slug}-${randomBytes(8).toString("hex")}` : null,
      secretEncrypted: secret ? encryptSecret(secret) : null,
      filter: (body.filter ?? undefined) as Prisma.InputJsonValue | undefined,
      inputMapping: (body.inputMapping ?? undefined) as Prisma.InputJsonValue | undefined,
      isActive: body.isActive ?? true,
    },
  });
  // The webhook secret is returned this once; only its ciphertext is stored.
  return { trigger: toTriggerView(trigger, entity), secret };
}

async function findTrigger(ctx: OrgContext, entityType: EntityType, slug: string, triggerId: string) {
  const entity = await resolveEntity(ctx, entityType, slug);
  const trigger = await ctx.db.agentTrigger.findFirst({
    where: { id: triggerId, organizationId: ctx.organizationId, entityType, [entityColumn(entityType)]: entity.id, isArchived: false },
  });
  if (!trigger) throw notFound("Trigger");
  return { trigger, entity };
}

export async function getTrigger(ctx: OrgContext, entityType: EntityType, slug: string, triggerId: string) {
  const { trigger, entity } = await findTrigger(ctx, entityType, slug, triggerId);
  return toTriggerView(trigger, entity);
}

export async function updateTrigger(ctx: OrgContext, entityType: EntityType, slug: string, triggerId: string, body: UpdateTriggerBody) {
  requireRole(ctx, "OPERATOR");
  const { trigger, entity } = await findTrigger(ctx, entityType, slug, triggerId);
  if (body.eventName !== undefined && trigger.type !== "event") {
    throw new AppError("validation_failed", "Only event triggers have an eventName");
  }
  const updated = await ctx.db.agentTrigger.update({
    where: { id: trigger.id },
    data: {
      ...body,
      // A JSON column is cleared with DbNull: `{ set: null }` would be stored as that object.
      filter: body.filter === null ? Prisma.DbNull : (body.filter as Prisma.InputJsonValue | undefined),
      inputMapping: body.inputMapping === null ? Prisma.DbNull : (body.inputMapping as Prisma.InputJsonValue | undefined),
    },
  });
  return toTriggerView(updated, entity);
}

export async function deleteTrigger(ctx: OrgContext, entityType: EntityType, slug: string, triggerId: string): Promise<void> {
  requireRole(ctx, "OPERATOR");
  const { trigger } = await findTrigger(ctx, entityType, slug, triggerId);
  // Archived rather than deleted: its TriggerEvents and the runs' triggerId keep their meaning.
  await ctx.db.agentTrigger.update({ where: { id: trigger.id }, data: { isActive: false, isArchived: true, archivedAt: new Date(), webhookPath: null } });
}

export const FireTriggerBody = z.object({ payload: z.unknown().optional() }).default({});

/** Test fire (source `test`) and manual execute (source `manual`) of a trigger, whatever its type. */
export async function fireTriggerManually(
  ctx: OrgContext,
  engine: ExecutionEngine,
  entityType: EntityType,
  slug: string,
  triggerId: string,
  source: "test" | "manual",
  payload: unknown,
) {
  requireRole(ctx, "OPERATOR");
  const { trigger } = await findTrigger(ctx, entityType, slug, triggerId);
  if (!trigger.isActive && source === "manual") throw new AppError("inactive", "Trigger is inactive");
  return fireTrigger(ctx.db, engine, trigger, { source, payload: payload ?? {}, idempotencyKey: null, headers: null, skipFilter: source === "test" });
}

export interface FireOptions {
  source: RunSource;
  payload: unknown;
  /** Client-supplied Idempotency-Key: a repeat returns the first TriggerEvent and fires nothing. */
  idempotencyKey: string | null;
  headers: Record<string, string> | null;
  eventName?: string;
  /** Test fires bypass the filter so an operator can always see the trigger work. */
  skipFilter?: boolean;
}

export interface FireResult {
  triggerEvent: TriggerEvent;
  duplicate: boolean;
  fired: boolean;
}

/**
 * The one way a trigger fires, for webhooks, the event API, test and manual execute: store the
 * TriggerEvent first (nothing accepted is lost), apply filter and input mapping, then dispatch
 * through the dispatch table with the TriggerEvent id as the run's dedupe key.
 */
export async function fireTrigger(db: OrgContext["db"], engine: ExecutionEngine, trigger: AgentTrigger, options: FireOptions): Promise<FireResult> {
  const dedupeKey = options.idempotencyKey ? `${trigger.id}:${options.idempotencyKey}` : null;
  if (dedupeKey) {
    const existing = await db.triggerEvent.findUnique({
      where: { organizationId_dedupeKey: { organizationId: trigger.organizationId, dedupeKey } },
    });
    if (existing) return { triggerEvent: existing, duplicate: true, fired: false };
  }
  const entityId = trigger[entityColumn(trigger.entityType)];
  if (!entityId) throw new AppError("conflict", "Trigger has no target entity");

  const matched = options.skipFilter || matchesFilter(options.payload, trigger.filter as TriggerFilter | null);
  // A concurrent redelivery with the same Idempotency-Key may win the unique key.
  const { row: triggerEvent, created } = await createOnce(
    () =>
      db.triggerEvent.create({
        data: {
          organizationId: trigger.organizationId,
          triggerId: trigger.id,
          entityType: trigger.entityType,
          [entityColumn(trigger.entityType)]: entityId,
          source: options.source,
          eventName: options.eventName ?? trigger.eventName,
          payload: (options.payload ?? {}) as Prisma.InputJsonValue,
          headers: options.headers ?? undefined,
          status: matched ? "RECEIVED" : "FILTERED",
          processedAt: matched ? null : new Date(),
          dedupeKey,
        },
      }),
    () => (dedupeKey ? db.triggerEvent.findUnique({ where: { organizationId_dedupeKey: { organizationId: trigger.organizationId, dedupeKey } } }) : null),
  );
  if (!created) return { triggerEvent, duplicate: true, fired: false };
  if (!matched) return { triggerEvent, duplicate: false, fired: false };

  await dispatchFire(engine, trigger.entityType, {
    organizationId: trigger.organizationId,
    entityId,
    source: options.source as never,
    input: mapInput(options.payload, trigger.inputMapping as InputMapping | null),
    triggerId: trigger.id,
    triggerEventId: triggerEvent.id,
    dedupeKey: `trigger-event:${triggerEvent.id}`,
  });
  // Conditional: a fast worker may already have marked the event FIRED.
  await db.triggerEvent.updateMany({ where: { id: triggerEvent.id, status: "RECEIVED" }, data: { status: "DISPATCHED" } });
  await countFire(db, trigger.id, new Date());
  return { triggerEvent, duplicate: false, fired: true };
}

interface FireCount {
  fires: number;
  lastAt: Date;
  waiters: { resolve(): void; reject(error: unknown): void }[];
}
const fireCounts = new WeakMap<object, Map<string, { writing: boolean; next: FireCount | null }>>();

/**
 * Adds one fire to the trigger's count and last-fired time, and resolves once that is stored. A busy
 * webhook's deliveries all update one row, which would queue them behind each other's row lock; so
 * while one update is in flight, the fires that arrive meanwhile are added by the next one, together.
 */
function countFire(db: OrgContext["db"], triggerId: string, at: Date): Promise<void> {
  let triggers = fireCounts.get(db);
  if (!triggers) {
    triggers = new Map();
    fireCounts.set(db, triggers);
  }
  let pending = triggers.get(triggerId);
  if (!pending) {
    pending = { writing: false, next: null };
    triggers.set(triggerId, pending);
  }
  return new Promise<void>((resolve, reject) => {
    pending.next ??= { fires: 0, lastAt: at, waiters: [] };
    pending.next.fires += 1;
    if (at > pending.next.lastAt) pending.next.lastAt = at;
    pending.next.waiters.push({ resolve, reject });
    if (!pending.writing) void writeFireCounts(db, triggerId, pending, triggers);
  });
}

async function writeFireCounts(
  db: OrgContext["db"],
  triggerId: string,
  state: { writing: boolean; next: FireCount | null },
  triggers: Map<string, unknown>,
): Promise<void> {
  state.writing = true;
  while (state.next) {
    const batch = state.next;
    state.next = null;
    try {
      await db.agentTrigger.updateMany({ where: { id: triggerId }, data: { lastTriggeredAt: batch.lastAt, triggerCount: { increment: batch.fires } } });
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    }
  }
  state.writing = false;
  triggers.delete(triggerId);
}

/** `TriggerView` as a schema: a trigger as the API shows it, never its secret. */
export const TriggerViewSchema = z.object({
  id: z.string(),
  entityType: z.string(),
  entity: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(["webhook", "event", "manual"]),
  eventName: z.string().nullable(),
  webhookPath: z.string().nullable(),
  filter: z.unknown(),
  inputMapping: z.unknown(),
  isActive: z.boolean(),
  isArchived: z.boolean(),
  lastTriggeredAt: z.date().nullable(),
  triggerCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
/** What `createTrigger` returns: a webhook trigger's secret is shown this once. */
export const CreateTriggerResponse = z.object({ trigger: TriggerViewSchema, secret: z.string().nullable() });
/** The TriggerEvent a fire stored, as the fire routes answer it. */
export const FiredTriggerEvent = z.object({ triggerEventId: z.string(), status: z.string() });
