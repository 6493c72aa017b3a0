// Schedules of every primitive through one implementation: AgentSchedule rows for agents, workflows
// and networks (by entityType) and CampaignSchedule rows for campaign templates, whose `parameters`
// are the schedule's input. Both tables have the same timing and health columns, so everything here
// reads and writes a schedule as one normalized shape and only the storage adapters differ.
import type { AgentSchedule, CampaignSchedule, Prisma } from "@switchyard/database";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../activity/cursor.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { computeNextRunAt, cronProblem, nextOccurrences } from "../cron.ts";
import { resolveIntent, resolveParameters } from "../campaigns/planner.ts";
import { Slug, TimeZone } from "../definitions/common.ts";
import { entityColumn } from "../entities.ts";
import { AppError, notFound } from "../errors.ts";
import { evaluateHealthPolicy, type HealthScheduleKind } from "../health/policy.ts";
import { type AuditEntry, recordAudit } from "../tenancy/audit.ts";
import { zoneOffsetMs } from "./cron-count.ts";

export const SCHEDULE_ENTITY_TYPES = ["agent", "workflow", "network", "campaign"] as const;
export type ScheduleEntityType = (typeof SCHEDULE_ENTITY_TYPES)[number];

/** How many occurrences a schedule's answer and the preview list. */
export const NEXT_RUNS = 5;
export const MAX_BULK_IDS = 500;
/** Conditional edits retried after losing to a concurrent write (a scheduler tick, another edit). */
const MAX_EDIT_ATTEMPTS = 5;

// ── Input ───────────────────────────────────────────────────────────────────────────────────────

/** A health policy as the schedule and automation APIs take it. */
export const HealthPolicyInput = z.strictObject({
  enabled: z.boolean(),
  threshold: z.number().int().min(1).max(100),
  window: z.number().int().min(1).max(1000),
  action: z.enum(["disable", "reduce_frequency", "alert"]),
});
export type HealthPolicyInput = z.infer<typeof HealthPolicyInput>;

/** A five-field cron expression (see `cronProblem`), whitespace normalized. */
export const CronExpr = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .superRefine((expr, ctx) => {
    if (expr === "") return; // said by min(1)
    const problem = cronProblem(expr);
    if (problem) ctx.addIssue({ code: "custom", message: `Invalid cron expression: ${problem}` });
  })
  .transform((expr) => expr.split(/\s+/).join(" "));

const ScheduleName = z.string().trim().min(1).max(120);
const Description = z.string().trim().max(2000).nullable();
const Input = z.record(z.string(), z.unknown());

export const ScheduleEntityInput = z.strictObject({ type: z.enum(SCHEDULE_ENTITY_TYPES), slug: Slug });

export const CreateScheduleBody = z.strictObject({
  entity: ScheduleEntityInput,
  name: ScheduleName,
  description: Description.optional(),
  cronExpr: CronExpr,
  timezone: TimeZone.default("UTC"),
  /** The run's input; for a campaign template, the template parameters. */
  input: Input.default({}),
  isActive: z.boolean().default(true),
  healthPolicy: HealthPolicyInput.optional(),
});
export type CreateScheduleBody = z.infer<typeof CreateScheduleBody>;

/** The entity is fixed once created: a schedule for something else is a new schedule. */
export const UpdateScheduleBody = z
  .strictObject({
    name: ScheduleName,
    description: Description,
    cronExpr: CronExpr,
    timezone: TimeZone,
    input: Input,
    isActive: z.boolean(),
    healthPolicy: HealthPolicyInput,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, "Nothing to change");
export type UpdateScheduleBody = z.infer<typeof UpdateScheduleBody>;

export const ListSchedulesQuery = z.strictObject({
  entityType: z.enum(SCHEDULE_ENTITY_TYPES).optional(),
  entitySlug: Slug.optional(),
  active: z.stringbool().optional(),
  includeArchived: z.stringbool().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListSchedulesQuery = z.infer<typeof ListSchedulesQuery>;

export const PreviewScheduleQuery = z.strictObject({ cronExpr: CronExpr, timezone: TimeZone.default("UTC") });
export type PreviewScheduleQuery = z.infer<typeof PreviewScheduleQuery>;

export const BulkScheduleBody = z.strictObject({
  ids: z.array(z.string().min(1).max(100)).min(1).max(MAX_BULK_IDS),
  action: z.enum(["pause", "resume"]),
});
export type BulkScheduleBody = z.infer<typeof BulkScheduleBody>;

// ── Storage: both tables as one shape ──────────────────────────────────────────────────────────

type Table = "agentSchedule" | "campaignSchedule";
type Db = Prisma.TransactionClient;
type EntityView = { type: ScheduleEntityType; id: string; slug: string; name: string };

/** A schedule of either table, normalized; `input` is a campaign schedule's `parameters`. */
interface StoredSchedule {
  table: Table;
  id: string;
  entityType: ScheduleEntityType;
  /** Null only when the entity row is gone (a schedule whose target was deleted outright). */
  entity: EntityView | null;
  /** A campaign template's intent and declared parameters, to check the input against. */
  template: { intent: string; parameters: Prisma.JsonValue } | null;
  name: string;
  description: string | null;
  cronExpr: string;
  timezone: string;
  input: Record<string, unknown>;
  isActive: boolean;
  isArchived: boolean;
  archivedAt: Date | null;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  runCount: number;
  healthPolicyEnabled: boolean;
  healthThreshold: number;
  healthWindow: number;
  healthAction: string;
  healthTriggeredAt: Date | null;
  fromDefinition: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const REF = { select: { id: true, slug: true, name: true } } as const;
const AGENT_SCHEDULE_INCLUDE = { agent: REF, workflow: REF, network: REF } as const;
const CAMPAIGN_SCHEDULE_INCLUDE = { template: { select: { id: true, slug: true, name: true, intent: true, parameters: true } } } as const;

type Ref = { id: string; slug: string; name: string } | null;
type AgentScheduleRow = AgentSchedule & { agent: Ref; workflow: Ref; network: Ref };
type CampaignScheduleRow = CampaignSchedule & { template: { id: string; slug: string; name: string; intent: string; parameters: Prisma.JsonValue } };

function asObject(value: Prisma.JsonValue | null): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function fromAgentSchedule({ agent, workflow, network, input, entityType, ...row }: AgentScheduleRow): StoredSchedule {
  const ref = { agent, workflow, network }[entityType];
  return {
    ...row,
    table: "agentSchedule",
    entityType,
    entity: ref ? { type: entityType, ...ref } : null,
    template: null,
    input: asObject(input),
  };
}

function fromCampaignSchedule({ template, parameters, ...row }: CampaignScheduleRow): StoredSchedule {
  return {
    ...row,
    table: "campaignSchedule",
    entityType: "campaign",
    entity: { type: "campaign", id: template.id, slug: template.slug, name: template.name },
    template: { intent: template.intent, parameters: template.parameters },
    input: asObject(parameters),
    fromDefinition: false,
  };
}

/** A schedule of the caller's organization, from whichever table holds its id. */
async function findStored(ctx: OrgContext, id: string): Promise<StoredSchedule | null> {
  const where = { id, organizationId: ctx.organizationId };
  const agentSchedule = await ctx.db.agentSchedule.findFirst({ where, include: AGENT_SCHEDULE_INCLUDE });
  if (agentSchedule) return fromAgentSchedule(agentSchedule);
  const campaignSchedule = await ctx.db.campaignSchedule.findFirst({ where, include: CAMPAIGN_SCHEDULE_INCLUDE });
  return campaignSchedule ? fromCampaignSchedule(campaignSchedule) : null;
}

/** The columns both tables share, as one write. */
interface ScheduleWrite {
  name?: string;
  description?: string | null;
  cronExpr?: string;
  timezone?: string;
  input?: Record<string, unknown>;
  isActive?: boolean;
  isArchived?: boolean;
  archivedAt?: Date | null;
  nextRunAt?: Date | null;
  originalCronExpr?: null;
  healthPolicyEnabled?: boolean;
  healthThreshold?: number;
  healthWindow?: number;
  healthAction?: HealthPolicyInput["action"];
  healthTriggeredAt?: null;
}

function columnsOf(table: Table, { input, ...write }: ScheduleWrite) {
  if (input === undefined) return write;
  const json = input as Prisma.InputJsonObject;
  return table === "campaignSchedule" ? { ...write, parameters: json } : { ...write, input: json };
}

/**
 * Writes `write` only if the row still holds the timing it was read with: the slot, the cron and
 * zone it came from, and whether it is active. The scheduler claims a slot the same way (a
 * compare-and-set on nextRunAt with the cron, scheduler.ts), so an edit and an overlapping tick
 * serialize on the row: whichever commits first wins, and the other sees no match and re-reads.
 */
async function compareAndSet(db: Db, organizationId: string, current: StoredSchedule, write: ScheduleWrite): Promise<boolean> {
  const where = {
    id: current.id,
    organizationId,
    isArchived: false,
    isActive: current.isActive,
    cronExpr: current.cronExpr,
    timezone: current.timezone,
    nextRunAt: current.nextRunAt,
  };
  const data = columnsOf(current.table, write);
  const { count } =
    current.table === "agentSchedule"
      ? await db.agentSchedule.updateMany({ where, data: data as Prisma.AgentScheduleUpdateManyMutationInput })
      : await db.campaignSchedule.updateMany({ where, data: data as Prisma.CampaignScheduleUpdateManyMutationInput });
  return count === 1;
}

function healthColumns(policy: HealthPolicyInput): ScheduleWrite {
  // A reconfigured policy is re-armed.
  return {
    healthPolicyEnabled: policy.enabled,
    healthThreshold: policy.threshold,
    healthWindow: policy.window,
    healthAction: policy.action,
    healthTriggeredAt: null,
  };
}

// ── Output ──────────────────────────────────────────────────────────────────────────────────────

/** An instant as ISO 8601 with the zone's offset at that instant: "2026-03-29T09:00:00+02:00". */
export function isoInZone(at: Date, timezone: string): string {
  const offsetMs = zoneOffsetMs(timezone, at.getTime());
  const wall = new Date(at.getTime() + offsetMs).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const sign = offsetMs < 0 ? "-" : "+";
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The next five occurrences after `from`, read in `timezone`; a 400 naming the field when the cron cannot run. */
export function previewSchedule(query: PreviewScheduleQuery, from: Date = new Date()) {
  let nextRuns: string[];
  try {
    nextRuns = nextOccurrences(query.cronExpr, query.timezone, from, NEXT_RUNS).map((at) => isoInZone(at, query.timezone));
  } catch (error) {
    throw new AppError("validation_failed", "Invalid request", [{ path: "cronExpr", message: (error as Error).message }]);
  }
  return { cronExpr: query.cronExpr, timezone: query.timezone, nextRuns };
}

function toView(schedule: StoredSchedule, now: Date) {
  let nextRuns: string[] = [];
  try {
    nextRuns = nextOccurrences(schedule.cronExpr, schedule.timezone, now, NEXT_RUNS).map((at) => isoInZone(at, schedule.timezone));
  } catch {
    // A cron stored before crons were validated: the schedule is listed, with nothing to come.
  }
  return {
    id: schedule.id,
    /** The id /schedule and /api/live/automations know it by. */
    automationId: `${schedule.entityType}-schedule:${schedule.id}`,
    entity: schedule.entity,
    name: schedule.name,
    description: schedule.description,
    cronExpr: schedule.cronExpr,
    timezone: schedule.timezone,
    input: schedule.input,
    isActive: schedule.isActive,
    isArchived: schedule.isArchived,
    archivedAt: schedule.archivedAt,
    /** The slot the scheduler fires next (null while paused). */
    nextRunAt: schedule.nextRunAt,
    lastRunAt: schedule.lastRunAt,
    runCount: schedule.runCount,
    /** The cron's next five occurrences from now, ISO with the schedule zone's offset. */
    nextRuns,
    healthPolicy: {
      enabled: schedule.healthPolicyEnabled,
      threshold: schedule.healthThreshold,
      window: schedule.healthWindow,
      action: schedule.healthAction,
      triggeredAt: schedule.healthTriggeredAt,
    },
    /** Made by a workflow definition's `trigger:` block; saving that workflow rewrites it. */
    fromDefinition: schedule.fromDefinition,
    createdAt: schedule.createdAt,
    updatedAt: schedule.updatedAt,
  };
}
export type ScheduleView = ReturnType<typeof toView>;

const Entity = z.object({ type: z.enum(SCHEDULE_ENTITY_TYPES), id: z.string(), slug: z.string(), name: z.string() });
const IsoInZone = z.iso.datetime({ offset: true });

/** `ScheduleView` as a schema. */
export const ScheduleViewSchema = z.object({
  id: z.string(),
  automationId: z.string(),
  entity: Entity.nullable(),
  name: z.string(),
  description: z.string().nullable(),
  cronExpr: z.string(),
  timezone: z.string(),
  input: z.record(z.string(), z.unknown()),
  isActive: z.boolean(),
  isArchived: z.boolean(),
  archivedAt: z.date().nullable(),
  nextRunAt: z.date().nullable(),
  lastRunAt: z.date().nullable(),
  runCount: z.number().int(),
  nextRuns: z.array(IsoInZone),
  healthPolicy: z.object({ enabled: z.boolean(), threshold: z.number(), window: z.number(), action: z.string(), triggeredAt: z.date().nullable() }),
  fromDefinition: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const ListSchedulesResponse = z.object({ schedules: z.array(ScheduleViewSchema), nextCursor: z.string().nullable() });
export const PreviewScheduleResponse = z.object({ cronExpr: z.string(), timezone: z.string(), nextRuns: z.array(IsoInZone) });
export const DeleteScheduleResponse = z.object({ deleted: z.literal(true), schedule: ScheduleViewSchema });
export const BulkScheduleResponse = z.object({
  action: z.enum(["pause", "resume"]),
  results: z.array(
    z.object({
      id: z.string(),
      status: z.enum(["paused", "resumed", "unchanged", "not_found", "failed"]),
      nextRunAt: z.date().nullable().optional(),
      message: z.string().optional(),
    }),
  ),
  summary: z.object({
    requested: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    notFound: z.number().int(),
    failed: z.number().int(),
  }),
});

// ── Reads ───────────────────────────────────────────────────────────────────────────────────────

export async function getSchedule(ctx: OrgContext, id: string, now: Date = new Date()): Promise<ScheduleView> {
  const schedule = await findStored(ctx, id);
  if (!schedule) throw notFound("Schedule");
  return toView(schedule, now);
}

/**
 * The organization's schedules of every primitive, newest first, keyset-paginated on (createdAt, id)
 * across both tables: each gives at most `limit + 1` rows past the cursor, and the merge keeps the first.
 */
export async function listSchedules(ctx: OrgContext, query: ListSchedulesQuery, now: Date = new Date()) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const common = {
    organizationId: ctx.organizationId,
    ...(query.includeArchived ? {} : { isArchived: false }),
    ...(query.active === undefined ? {} : { isActive: query.active }),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const take = query.limit + 1;
  const type = query.entityType;
  const slug = query.entitySlug;

  const rows: StoredSchedule[] = [];
  if (type !== "campaign") {
    const bySlug = slug
      ? type
        ? { [type]: { slug } }
        : { OR: (["agent", "workflow", "network"] as const).map((entityType) => ({ entityType, [entityType]: { slug } })) }
      : {};
    const where: Prisma.AgentScheduleWhereInput = { AND: [common, type ? { entityType: type } : {}, bySlug] };
    const found = await ctx.db.agentSchedule.findMany({ where, include: AGENT_SCHEDULE_INCLUDE, orderBy, take });
    rows.push(...found.map(fromAgentSchedule));
  }
  if (type === undefined || type === "campaign") {
    const where: Prisma.CampaignScheduleWhereInput = { AND: [common, slug ? { template: { slug } } : {}] };
    const found = await ctx.db.campaignSchedule.findMany({ where, include: CAMPAIGN_SCHEDULE_INCLUDE, orderBy, take });
    rows.push(...found.map(fromCampaignSchedule));
  }
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    schedules: page.map((schedule) => toView(schedule, now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

// ── Writes ──────────────────────────────────────────────────────────────────────────────────────

const LABEL: Record<ScheduleEntityType, string> = { agent: "Agent", workflow: "Workflow", network: "Network", campaign: "Campaign template" };

type Target = EntityView & { template: StoredSchedule["template"] };

/** The entity a new schedule fires: 404 (naming entity.slug) when the organization has none, 409 when archived. */
async function resolveTarget(ctx: OrgContext, ref: z.infer<typeof ScheduleEntityInput>): Promise<Target> {
  const where = { organizationId_slug: { organizationId: ctx.organizationId, slug: ref.slug } };
  const select = { id: true, slug: true, name: true, archivedAt: true } as const;
  let template: Target["template"] = null;
  let found: { id: string; slug: string; name: string; archivedAt: Date | null } | null;
  if (ref.type === "campaign") {
    const row = await ctx.db.campaignTemplate.findUnique({ where, select: { ...select, intent: true, parameters: true } });
    if (row) template = { intent: row.intent, parameters: row.parameters };
    found = row;
  } else if (ref.type === "agent") found = await ctx.db.agent.findUnique({ where, select });
  else if (ref.type === "workflow") found = await ctx.db.workflow.findUnique({ where, select });
  else found = await ctx.db.network.findUnique({ where, select });

  const label = `${LABEL[ref.type]} "${ref.slug}"`;
  if (!found) throw new AppError("not_found", `${label} not found`, [{ path: "entity.slug", message: `No ${LABEL[ref.type].toLowerCase()} with this slug` }]);
  if (found.archivedAt) throw new AppError("conflict", `${label} is archived`, [{ path: "entity.slug", message: "Archived" }]);
  return { type: ref.type, id: found.id, slug: found.slug, name: found.name, template };
}

/** A campaign schedule must fill every `{{ placeholder }}` of its template's intent (defaults count). */
function assertParametersResolve(template: StoredSchedule["template"], input: Record<string, unknown>): void {
  if (!template) return;
  const { missing } = resolveIntent(template.intent, resolveParameters(template.parameters, input));
  if (missing.length > 0) {
    throw new AppError(
      "validation_failed",
      `Missing template parameters: ${missing.join(", ")}`,
      missing.map((name) => ({ path: `input.${name}`, message: "The template's intent needs this parameter" })),
    );
  }
}

/** What the audit log keeps of a schedule's definition. */
function snapshot(schedule: Pick<StoredSchedule, "name" | "cronExpr" | "timezone" | "isActive"> & Partial<StoredSchedule>): Prisma.InputJsonObject {
  const fields: Record<string, unknown> = {
    name: schedule.name,
    description: schedule.description,
    cronExpr: schedule.cronExpr,
    timezone: schedule.timezone,
    input: schedule.input,
    isActive: schedule.isActive,
    entity: schedule.entity ? `${schedule.entity.type}:${schedule.entity.slug}` : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Prisma.InputJsonObject;
}

const auditTarget = (schedule: { id: string; name: string }) => ({ type: "schedule", id: schedule.id, label: schedule.name });

/** Creates a schedule (admin or higher), with its first slot already computed, and records it. */
export async function createSchedule(ctx: OrgContext, body: CreateScheduleBody, now: Date = new Date()): Promise<ScheduleView> {
  requireRole(ctx, "ADMIN");
  const target = await resolveTarget(ctx, body.entity);
  assertParametersResolve(target.template, body.input);
  const columns = {
    organizationId: ctx.organizationId,
    name: body.name,
    description: body.description ?? null,
    cronExpr: body.cronExpr,
    timezone: body.timezone,
    isActive: body.isActive,
    nextRunAt: body.isActive ? computeNextRunAt(body.cronExpr, body.timezone, now) : null,
    ...(body.healthPolicy ? healthColumns(body.healthPolicy) : {}),
  };
  const input = body.input as Prisma.InputJsonObject;
  const id = await ctx.db.$transaction(async (tx) => {
    const row =
      target.type === "campaign"
        ? await tx.campaignSchedule.create({ data: { ...columns, templateId: target.id, parameters: input } })
        : await tx.agentSchedule.create({ data: { ...columns, entityType: target.type, [entityColumn(target.type)]: target.id, input } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "schedule.created",
      target: auditTarget(row),
      after: snapshot({ ...body, entity: target }),
    });
    return row.id;
  });
  return getSchedule(ctx, id, now);
}

/** The write an edit makes, and the audit entries it owes, from the row as it was read. */
function planEdit(current: StoredSchedule, patch: UpdateScheduleBody, now: Date): { write: ScheduleWrite; audit: AuditEntry[] } {
  const write: ScheduleWrite = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of ["name", "description", "cronExpr", "timezone", "input"] as const) {
    const value = patch[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) continue;
    Object.assign(write, { [key]: value });
    before[key] = current[key];
    after[key] = value;
  }
  if (write.cronExpr !== undefined) write.originalCronExpr = null; // a chosen cron replaces one a health policy halved
  if (patch.healthPolicy) {
    Object.assign(write, healthColumns(patch.healthPolicy));
    before.healthPolicy = {
      enabled: current.healthPolicyEnabled,
      threshold: current.healthThreshold,
      window: current.healthWindow,
      action: current.healthAction,
    };
    after.healthPolicy = patch.healthPolicy;
  }

  const isActive = patch.isActive ?? current.isActive;
  const toggled = isActive !== current.isActive;
  const timingChanged = write.cronExpr !== undefined || write.timezone !== undefined;
  // The next slot follows the cron as it will be, from now; a paused schedule has none.
  if (!isActive) {
    if (current.nextRunAt !== null) write.nextRunAt = null;
  } else if (timingChanged || toggled) {
    write.nextRunAt = computeNextRunAt(write.cronExpr ?? current.cronExpr, write.timezone ?? current.timezone, now);
  }
  if (toggled) {
    write.isActive = isActive;
    // Resuming re-arms a health policy that had disabled it.
    if (isActive) write.healthTriggeredAt = null;
  }

  const audit: AuditEntry[] = [];
  const target = auditTarget({ id: current.id, name: write.name ?? current.name });
  if (Object.keys(after).length > 0) {
    audit.push({ action: "schedule.updated", target, before: before as Prisma.InputJsonObject, after: after as Prisma.InputJsonObject });
  }
  if (toggled) {
    audit.push({
      action: isActive ? "schedule.resumed" : "schedule.paused",
      target,
      before: { isActive: current.isActive },
      after: { isActive, nextRunAt: write.nextRunAt?.toISOString() ?? null },
    });
  }
  return { write, audit };
}

/**
 * Edits a schedule. Pausing or resuming alone needs the operator role; anything else admin or higher.
 * A new cron or time zone recomputes nextRunAt in the same conditional UPDATE (see `compareAndSet`):
 * a scheduler tick overlapping the edit either claimed the old slot before it (the edit then re-reads
 * and plans from the claimed row) or finds the slot gone; it never fires the old slot after the edit,
 * and the new first slot is never skipped. Archived schedules are not found.
 */
export async function updateSchedule(ctx: OrgContext, id: string, patch: UpdateScheduleBody, now: Date = new Date()): Promise<ScheduleView> {
  const togglesOnly = Object.keys(patch).every((key) => key === "isActive");
  requireRole(ctx, togglesOnly ? "OPERATOR" : "ADMIN");
  for (let attempt = 0; attempt < MAX_EDIT_ATTEMPTS; attempt++) {
    const current = await findStored(ctx, id);
    if (!current || current.isArchived) throw notFound("Schedule");
    if (patch.input) assertParametersResolve(current.template, patch.input);
    const { write, audit } = planEdit(current, patch, now);
    if (Object.keys(write).length === 0) return toView(current, now);

    const applied = await ctx.db.$transaction(async (tx) => {
      if (!(await compareAndSet(tx, ctx.organizationId, current, write))) return false;
      for (const entry of audit) await recordAudit(tx, ctx.organizationId, ctx.actor, entry);
      return true;
    });
    if (!applied) continue;
    // As on /schedule: a saved policy the schedule already breaks applies now, not after its next run.
    if (patch.healthPolicy?.enabled) {
      const kind = `${current.entityType}-schedule` satisfies HealthScheduleKind;
      await evaluateHealthPolicy(ctx.db, { kind, scheduleId: id, organizationId: ctx.organizationId }, now);
    }
    return getSchedule(ctx, id, now);
  }
  throw new AppError("conflict", "The schedule kept changing while it was being edited; try again");
}

/**
 * Deletes a schedule (admin or higher) by archiving it: it stops firing and leaves the lists, while
 * the runs and campaigns it started keep referring to it (their triggerId / scheduleId).
 */
export async function deleteSchedule(ctx: OrgContext, id: string, now: Date = new Date()) {
  requireRole(ctx, "ADMIN");
  const current = await findStored(ctx, id);
  if (!current || current.isArchived) throw notFound("Schedule");
  const data = { isActive: false, isArchived: true, archivedAt: now, nextRunAt: null };
  const where = { id, organizationId: ctx.organizationId, isArchived: false };
  await ctx.db.$transaction(async (tx) => {
    const { count } =
      current.table === "agentSchedule" ? await tx.agentSchedule.updateMany({ where, data }) : await tx.campaignSchedule.updateMany({ where, data });
    if (count === 0) throw notFound("Schedule");
    await recordAudit(tx, ctx.organizationId, ctx.actor, { action: "schedule.deleted", target: auditTarget(current), before: snapshot(current) });
  });
  return { deleted: true as const, schedule: await getSchedule(ctx, id, now) };
}

type BulkResult = z.infer<typeof BulkScheduleResponse>["results"][number];

/**
 * Pauses or resumes many schedules of either table (operator or higher) in one transaction. Every id
 * gets a result: one the organization does not have (another tenant's included) or has archived is
 * `not_found`, never silently skipped. Resuming gives each schedule its next slot from now.
 */
export async function bulkUpdateSchedules(ctx: OrgContext, body: BulkScheduleBody, now: Date = new Date()) {
  requireRole(ctx, "OPERATOR");
  const ids = [...new Set(body.ids)];
  const pausing = body.action === "pause";
  const outcome = new Map<string, BulkResult>();

  await ctx.db.$transaction(
    async (tx) => {
      const where = { id: { in: ids }, organizationId: ctx.organizationId, isArchived: false };
      const select = { id: true, name: true, cronExpr: true, timezone: true, isActive: true } as const;
      const found = [
        ...(await tx.agentSchedule.findMany({ where, select })).map((row) => ({ ...row, table: "agentSchedule" as const })),
        ...(await tx.campaignSchedule.findMany({ where, select })).map((row) => ({ ...row, table: "campaignSchedule" as const })),
      ];
      for (const row of found) outcome.set(row.id, { id: row.id, status: "unchanged" });

      // One UPDATE per table and slot: pausing clears every slot, resuming computes one per (cron, zone).
      const groups = new Map<string, { table: Table; ids: string[]; data: { isActive: boolean; nextRunAt: Date | null; healthTriggeredAt?: null } }>();
      for (const row of found.filter((r) => r.isActive === pausing)) {
        let data: { isActive: boolean; nextRunAt: Date | null; healthTriggeredAt?: null } = { isActive: false, nextRunAt: null };
        if (!pausing) {
          try {
            data = { isActive: true, nextRunAt: computeNextRunAt(row.cronExpr, row.timezone, now), healthTriggeredAt: null };
          } catch (error) {
            outcome.set(row.id, { id: row.id, status: "failed", message: (error as Error).message });
            continue;
          }
        }
        const key = `${row.table}\u0000${data.nextRunAt?.toISOString() ?? ""}`;
        const group = groups.get(key) ?? { table: row.table, ids: [], data };
        group.ids.push(row.id);
        groups.set(key, group);
      }

      const names = new Map(found.map((row) => [row.id, row.name]));
      for (const group of groups.values()) {
        // Conditional on the state read, so a concurrent toggle is reported as unchanged rather than done twice.
        const condition = { id: { in: group.ids }, organizationId: ctx.organizationId, isArchived: false, isActive: pausing };
        const changed =
          group.table === "agentSchedule"
            ? await tx.agentSchedule.updateManyAndReturn({ where: condition, data: group.data, select: { id: true } })
            : await tx.campaignSchedule.updateManyAndReturn({ where: condition, data: group.data, select: { id: true } });
        for (const { id } of changed) {
          outcome.set(id, { id, status: pausing ? "paused" : "resumed", nextRunAt: group.data.nextRunAt ?? null });
          await recordAudit(tx, ctx.organizationId, ctx.actor, {
            action: pausing ? "schedule.paused" : "schedule.resumed",
            target: auditTarget({ id, name: names.get(id) ?? id }),
            before: { isActive: !pausing },
            after: { isActive: !pausing, nextRunAt: group.data.nextRunAt?.toISOString() ?? null, bulk: true },
          });
        }
      }
    },
    // Up to 500 rows and their audit entries: more than the default 5 s on a small embedded database.
    { timeout: 60_000 },
  );

  const results = ids.map((id) => outcome.get(id) ?? { id, status: "not_found" as const });
  const count = (status: BulkResult["status"]) => results.filter((result) => result.status === status).length;
  return {
    action: body.action,
    results,
    summary: {
      requested: ids.length,
      changed: count(pausing ? "paused" : "resumed"),
      unchanged: count("unchanged"),
      notFound: count("not_found"),
      failed: count("failed"),
    },
  };
}
