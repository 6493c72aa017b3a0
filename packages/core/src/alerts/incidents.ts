import type { Prisma, PrismaClient } from "@switchyard/database";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../activity/cursor.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import type { RunKind } from "../runs/run-values.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { createOnce } from "../unique.ts";
import { createDeliveries, deliverSoon, MAX_DELIVERY_ATTEMPTS, type DeliveryOptions } from "./delivery.ts";
import { ALERT_CHANNEL_KINDS, ALERT_RULE_KINDS, DELIVERY_STATUSES, INCIDENT_STATUSES } from "./kinds.ts";

/**
 * An incident is one occurrence of a rule's condition, found by its key: the condition's own key
 * (`run:<kind>:<id>`, `approval:<id>`, `queue`, `breaker:<name>`, `rate:<kind>:<entity id>`) while it is
 * open. Resolving renames the key to `<key>@<resolved at>`, so the same condition can open a new
 * incident later while (ruleId, key) stays unique and an open condition is never opened twice. A run's
 * key is the exception: a run fails once, so its resolved incident keeps the key, and a finish
 * announced again finds it instead of opening another.
 */
export interface IncidentRule {
  id: string;
  organizationId: string;
  channelIds: string[];
}

export interface OpenIncidentInput {
  key: string;
  title: string;
  context: Prisma.InputJsonObject;
}

/**
 * Opens the rule's incident for `key` unless it is open already, and hands its deliveries (one per
 * active channel of the rule) to an immediate attempt. Returns whether it was opened now.
 */
export async function openIncident(
  db: PrismaClient,
  rule: IncidentRule,
  input: OpenIncidentInput,
  now: Date,
  options: DeliveryOptions = {},
): Promise<{ id: string; created: boolean }> {
  const existing = await db.alertIncident.findUnique({ where: { ruleId_key: { ruleId: rule.id, key: input.key } }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const { row, created } = await createOnce(
    () =>
      db.alertIncident.create({
        data: { organizationId: rule.organizationId, ruleId: rule.id, key: input.key, title: input.title.slice(0, 500), context: input.context, openedAt: now },
        select: { id: true },
      }),
    () => db.alertIncident.findUnique({ where: { ruleId_key: { ruleId: rule.id, key: input.key } }, select: { id: true } }),
  );
  if (created) deliverSoon(db, await createDeliveries(db, { id: row.id, organizationId: rule.organizationId }, rule.channelIds, now), now, options);
  return { id: row.id, created };
}

const RUN_KEY_PREFIX = "run:";
/** The key an incident keeps once resolved (see above). */
const resolvedKey = (key: string, now: Date) => (key.startsWith(RUN_KEY_PREFIX) ? key : `${key}@${now.toISOString()}`);

/** The key of a failed run's incident. */
export const runIncidentKey = (kind: RunKind, runId: string) => `${RUN_KEY_PREFIX}${kind}:${runId}`;

/** Resolves the rule's open incident for `key`, if there is one; returns whether one was resolved. */
export async function resolveIncident(db: PrismaClient, ruleId: string, key: string, now: Date): Promise<boolean> {
  const { count } = await db.alertIncident.updateMany({
    where: { ruleId, key, status: "open" },
    data: { status: "resolved", resolvedAt: now, key: resolvedKey(key, now) },
  });
  return count > 0;
}

/**
 * Resolves the open failed-run incidents of these rules for one entity (a later run of it completed).
 * One statement on the organization's open incidents (the (organizationId, status, openedAt) index);
 * run keys stay as they are, so no per-row rename is needed. Returns how many were resolved.
 */
export async function resolveEntityRunIncidents(
  db: PrismaClient,
  input: { organizationId: string; ruleIds: string[]; kind: RunKind; entityId: string },
  now: Date,
): Promise<number> {
  if (input.ruleIds.length === 0) return 0;
  const { count } = await db.alertIncident.updateMany({
    where: {
      organizationId: input.organizationId,
      status: "open",
      ruleId: { in: input.ruleIds },
      key: { startsWith: `${RUN_KEY_PREFIX}${input.kind}:` },
      context: { path: ["entity", "id"], equals: input.entityId },
    },
    data: { status: "resolved", resolvedAt: now },
  });
  return count;
}

/** The keys of a rule's open incidents, for the sweeps that resolve whatever no longer holds. */
export async function openIncidentKeys(db: PrismaClient, ruleId: string): Promise<{ id: string; key: string; context: Prisma.JsonValue }[]> {
  return db.alertIncident.findMany({ where: { ruleId, status: "open" }, select: { id: true, key: true, context: true } });
}

export const ListAlertIncidentsQuery = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  ruleId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListAlertIncidentsQuery = z.input<typeof ListAlertIncidentsQuery>;

export const AlertDeliveryView = z.object({
  id: z.string(),
  channel: z.object({ id: z.string(), name: z.string(), kind: z.enum(ALERT_CHANNEL_KINDS) }),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: z.date().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  updatedAt: z.date(),
});

export const AlertIncidentView = z.object({
  id: z.string(),
  rule: z.object({ id: z.string(), name: z.string(), kind: z.enum(ALERT_RULE_KINDS) }),
  key: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  title: z.string(),
  context: z.unknown(),
  openedAt: z.date(),
  resolvedAt: z.date().nullable(),
  deliveries: z.array(AlertDeliveryView),
});
export type AlertIncidentView = z.infer<typeof AlertIncidentView>;

export const AlertIncidentList = z.object({ incidents: z.array(AlertIncidentView), nextCursor: z.string().nullable() });

/** The organization's incidents, newest first, keyset-paginated on (openedAt, id), each with its deliveries' last result. */
export async function listAlertIncidents(ctx: OrgContext, query: ListAlertIncidentsQuery): Promise<z.infer<typeof AlertIncidentList>> {
  requireRole(ctx, "OPERATOR");
  const { status, ruleId, cursor, limit } = ListAlertIncidentsQuery.parse(query);
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await ctx.db.alertIncident.findMany({
    where: {
      organizationId: ctx.organizationId,
      ...(status ? { status } : {}),
      ...(ruleId ? { ruleId } : {}),
      ...(after ? { OR: [{ openedAt: { lt: after.at } }, { openedAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ openedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: INCIDENT_VIEW_INCLUDE,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    incidents: page.map(toIncidentView),
    nextCursor: rows.length > limit && last ? encodeCursor(last.openedAt, last.id) : null,
  };
}

/**
 * An operator closes an open incident by hand (ADMIN, audited once): for a failed run, say, that needs
 * no rerun. Idempotent: an incident resolved already is answered as it is. A condition that still holds
 * opens a new incident when it is next checked.
 */
export async function resolveAlertIncident(ctx: OrgContext, id: string, now: Date = new Date()): Promise<AlertIncidentView> {
  requireRole(ctx, "ADMIN");
  const incident = await ctx.db.alertIncident.findFirst({
    where: { id, organizationId: ctx.organizationId },
    select: { key: true, status: true, title: true },
  });
  if (!incident) throw notFound("Alert incident");
  if (incident.status === "open") {
    await ctx.db.$transaction(async (tx) => {
      // Conditional: of two concurrent resolves (or a resolve and a sweep) one changes the row and is audited.
      const { count } = await tx.alertIncident.updateMany({
        where: { id, organizationId: ctx.organizationId, status: "open" },
        data: { status: "resolved", resolvedAt: now, key: resolvedKey(incident.key, now) },
      });
      if (count === 0) return;
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "alert_incident.resolved",
        target: { type: "alert_incident", id, label: incident.title.slice(0, 200) },
        before: { status: "open" },
        after: { status: "resolved", resolvedAt: now.toISOString() },
      });
    });
  }
  return toIncidentView(await ctx.db.alertIncident.findFirstOrThrow({ where: { id, organizationId: ctx.organizationId }, include: INCIDENT_VIEW_INCLUDE }));
}

const INCIDENT_VIEW_INCLUDE = {
  rule: { select: { id: true, name: true, kind: true } },
  deliveries: { orderBy: { createdAt: "asc" }, include: { channel: { select: { id: true, name: true, kind: true } } } },
} satisfies Prisma.AlertIncidentInclude;

function toIncidentView(incident: Prisma.AlertIncidentGetPayload<{ include: typeof INCIDENT_VIEW_INCLUDE }>): AlertIncidentView {
  return {
    id: incident.id,
    rule: { ...incident.rule, kind: incident.rule.kind as (typeof ALERT_RULE_KINDS)[number] },
    key: incident.key,
    status: incident.status as (typeof INCIDENT_STATUSES)[number],
    title: incident.title,
    context: incident.context,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    deliveries: incident.deliveries.map((delivery) => ({
      id: delivery.id,
      channel: { ...delivery.channel, kind: delivery.channel.kind as (typeof ALERT_CHANNEL_KINDS)[number] },
      status: delivery.status as (typeof DELIVERY_STATUSES)[number],
      attempts: delivery.attempts,
      maxAttempts: MAX_DELIVERY_ATTEMPTS,
      nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt : null,
      lastStatusCode: delivery.lastStatusCode,
      lastError: delivery.lastError,
      deliveredAt: delivery.deliveredAt,
      updatedAt: delivery.updatedAt,
    })),
  };
}
