// A pulse's definition lifecycle: list, read, create, edit, pause/resume and archive, each change
// audited in its own transaction. A pulse fires on its own evaluation cron (Pulse.nextEvalAt, armed
// by the scheduler); it has no AgentSchedules, so archiving simply stops its evaluations.
import { Prisma, type Pulse, type PulseStatus } from "@switchyard/database";
import { z } from "zod";
import { CronExpr } from "../automations/schedules.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { computeNextRunAt, nextOccurrences } from "../cron.ts";
import { changedFields } from "../definitions/changes.ts";
import { Slug, TimeZone, withUniqueSlug } from "../definitions/common.ts";
import { MemberRole, refineDistinctAgents, resolveMemberAgents } from "../definitions/members.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { MAX_CAPACITY, MIN_CAPACITY, ScoringRules, scoringRulesOf } from "./scoring.ts";

const DEFAULT_CAPACITY = 3;
const DEFAULT_WINDOW_HOURS = 168;
/** How many upcoming evaluations a pulse's answer previews. */
const PREVIEWED_EVALUATIONS = 5;

const PulseMemberInput = z.strictObject({
  agent: Slug,
  role: MemberRole,
  /** Runs a day the member's schedule gets; evaluations raise and lower it. Kept as it is when left out of an edit. */
  capacity: z.number().int().min(MIN_CAPACITY).max(MAX_CAPACITY).optional(),
});

const PulseMembers = z.array(PulseMemberInput).min(1, "A pulse needs at least one member").max(50).superRefine(refineDistinctAgents);

const PulseFields = {
  name: z.string().trim().min(1).max(120),
  slug: Slug,
  goal: z.string().trim().min(1, "A pulse needs a goal").max(4000),
  members: PulseMembers,
  /** Null (or left out) scores with the defaults of pulses/scoring.ts. */
  scoringRules: ScoringRules.nullable(),
  evalCronExpr: CronExpr,
  evalTimezone: TimeZone,
  evalWindowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
};

export const CreatePulseBody = z.strictObject({
  ...PulseFields,
  scoringRules: PulseFields.scoringRules.default(null),
  evalTimezone: PulseFields.evalTimezone.default("UTC"),
  evalWindowHours: PulseFields.evalWindowHours.default(DEFAULT_WINDOW_HOURS),
});
export type CreatePulseInput = z.output<typeof CreatePulseBody>;

/** Definition fields need admin; `status` alone (pause or resume) needs operator. */
export const UpdatePulseBody = z
  .strictObject({ ...PulseFields, status: z.enum(["ACTIVE", "PAUSED"]) })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change");
export type UpdatePulseInput = z.output<typeof UpdatePulseBody>;

type MemberInput = z.output<typeof PulseMemberInput>;

const MEMBER_AGENT = { id: true, slug: true, name: true, isActive: true, archivedAt: true } as const;

export async function listPulses(ctx: OrgContext) {
  const pulses = await ctx.db.pulse.findMany({
    where: { organizationId: ctx.organizationId },
    include: { members: { include: { agent: { select: { slug: true, name: true } } }, orderBy: { joinedAt: "asc" } } },
    orderBy: [{ isArchived: "asc" }, { name: "asc" }],
  });
  return pulses.map((pulse) => ({
    ...summaryOf(pulse),
    members: pulse.members.map((member) => ({ slug: member.agent.slug, name: member.agent.name, capacity: member.capacity })),
  }));
}

export async function getPulse(ctx: OrgContext, slug: string, now: Date = new Date()) {
  const pulse = await ctx.db.pulse.findUnique({
    where: { organizationId_slug: { organizationId: ctx.organizationId, slug } },
    include: { members: { include: { agent: { select: MEMBER_AGENT } }, orderBy: { joinedAt: "asc" } } },
  });
  if (!pulse) throw notFound(`Pulse "${slug}"`);
  return {
    ...summaryOf(pulse),
    evalWindowHours: pulse.evalWindowHours,
    scoringRules: scoringRulesOf(pulse.scoringRules),
    hasCustomScoringRules: pulse.scoringRules !== null,
    nextEvaluations: isEvaluating(pulse) ? nextOccurrences(pulse.evalCronExpr, pulse.evalTimezone, now, PREVIEWED_EVALUATIONS) : [],
    createdAt: pulse.createdAt,
    updatedAt: pulse.updatedAt,
    members: pulse.members.map((member) => ({
      id: member.id,
      role: member.role,
      capacity: member.capacity,
      scheduleId: member.scheduleId,
      joinedAt: member.joinedAt,
      agent: member.agent,
    })),
  };
}

function summaryOf(pulse: Pulse) {
  return {
    id: pulse.id,
    slug: pulse.slug,
    name: pulse.name,
    goal: pulse.goal,
    status: pulse.status,
    evalCronExpr: pulse.evalCronExpr,
    evalTimezone: pulse.evalTimezone,
    lastEvaluatedAt: pulse.lastEvaluatedAt,
    nextEvalAt: pulse.nextEvalAt,
    isArchived: pulse.isArchived,
    archivedAt: pulse.archivedAt,
  };
}

function isEvaluating(pulse: Pick<Pulse, "status" | "isArchived">): boolean {
  return pulse.status === "ACTIVE" && !pulse.isArchived;
}

/** The member rows of `members`; a capacity left out stays undecided (kept on edit, the default on create). */
async function resolveMembers(ctx: OrgContext, members: MemberInput[]) {
  const agentIds = await resolveMemberAgents(ctx, members);
  return members.map((member, index) => ({ agentId: agentIds[index], role: member.role, capacity: member.capacity }));
}

async function snapshotOf(tx: Prisma.TransactionClient, pulseId: string): Promise<Prisma.InputJsonObject> {
  const pulse = await tx.pulse.findUniqueOrThrow({
    where: { id: pulseId },
    include: { members: { include: { agent: { select: { slug: true } } }, orderBy: { joinedAt: "asc" } } },
  });
  return {
    name: pulse.name,
    slug: pulse.slug,
    goal: pulse.goal,
    status: pulse.status,
    evalCronExpr: pulse.evalCronExpr,
    evalTimezone: pulse.evalTimezone,
    evalWindowHours: pulse.evalWindowHours,
    scoringRules: pulse.scoringRules as Prisma.InputJsonValue | null,
    members: pulse.members.map((member) => ({ agent: member.agent.slug, role: member.role, capacity: member.capacity })),
  };
}

/** Creates an active pulse (admin or higher) with its first evaluation armed; a taken slug is a 409. */
export async function createPulse(ctx: OrgContext, input: CreatePulseInput, now: Date = new Date()) {
  requireRole(ctx, "ADMIN");
  const members = await resolveMembers(ctx, input.members);
  await withUniqueSlug("pulse", input.slug, () =>
    ctx.db.$transaction(async (tx) => {
      const pulse = await tx.pulse.create({
        data: {
          organizationId: ctx.organizationId,
          slug: input.slug,
          name: input.name,
          goal: input.goal,
          scoringRules: input.scoringRules ?? undefined,
          evalCronExpr: input.evalCronExpr,
          evalTimezone: input.evalTimezone,
          evalWindowHours: input.evalWindowHours,
          nextEvalAt: computeNextRunAt(input.evalCronExpr, input.evalTimezone, now),
          members: { create: members.map((member) => ({ ...member, capacity: member.capacity ?? DEFAULT_CAPACITY })) },
        },
      });
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "pulse.created",
        target: { type: "pulse", id: pulse.id, label: pulse.name },
        after: await snapshotOf(tx, pulse.id),
      });
    }),
  );
  return getPulse(ctx, input.slug, now);
}

async function findPulse(ctx: OrgContext, slug: string) {
  const pulse = await ctx.db.pulse.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } } });
  if (!pulse) throw notFound(`Pulse "${slug}"`);
  return pulse;
}

/**
 * The next slot after an edit. A new cron or zone re-arms the evaluation from `now` in the same
 * UPDATE that stores it: a scheduler tick that read the old row claims by compare-and-set on the old
 * slot and cron, so it can neither fire the old slot after the edit nor keep the new one from arming.
 * Pausing clears the slot; resuming arms it from now (a paused pulse does not catch up).
 */
function nextSlotAfter(pulse: Pulse, patch: UpdatePulseInput, now: Date): { nextEvalAt?: Date | null } {
  const status: PulseStatus = patch.status ?? pulse.status;
  if (status !== "ACTIVE") return status === pulse.status ? {} : { nextEvalAt: null };
  const cronExpr = patch.evalCronExpr ?? pulse.evalCronExpr;
  const timezone = patch.evalTimezone ?? pulse.evalTimezone;
  const isRescheduled = cronExpr !== pulse.evalCronExpr || timezone !== pulse.evalTimezone || pulse.status !== "ACTIVE";
  return isRescheduled ? { nextEvalAt: computeNextRunAt(cronExpr, timezone, now) } : {};
}

/**
 * Edits a pulse. Definition fields need admin; pausing or resuming alone (`status`) needs operator.
 * Members, when sent, replace the current ones: a member that stays keeps its row (its schedule link
 * and, unless given a new one, its capacity).
 */
export async function updatePulse(ctx: OrgContext, slug: string, patch: UpdatePulseInput, now: Date = new Date()) {
  const { status, ...definition } = patch;
  requireRole(ctx, Object.keys(definition).length > 0 ? "ADMIN" : "OPERATOR");
  const pulse = await findPulse(ctx, slug);
  if (pulse.isArchived) throw new AppError("inactive", `Pulse "${slug}" is archived and cannot be edited`);
  const members = definition.members ? await resolveMembers(ctx, definition.members) : null;
  const newSlug = definition.slug ?? slug;
  await withUniqueSlug("pulse", newSlug, () =>
    ctx.db.$transaction(async (tx) => {
      const before = await snapshotOf(tx, pulse.id);
      await tx.pulse.update({
        where: { id: pulse.id },
        data: {
          name: definition.name,
          slug: definition.slug,
          goal: definition.goal,
          scoringRules: definition.scoringRules === null ? Prisma.DbNull : definition.scoringRules,
          evalCronExpr: definition.evalCronExpr,
          evalTimezone: definition.evalTimezone,
          evalWindowHours: definition.evalWindowHours,
          status,
          ...nextSlotAfter(pulse, patch, now),
        },
      });
      if (members) await replaceMembers(tx, pulse.id, members);
      const change = changedFields(before, await snapshotOf(tx, pulse.id));
      if (Object.keys(change.after).length === 0) return;
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "pulse.updated",
        target: { type: "pulse", id: pulse.id, label: definition.name ?? pulse.name },
        ...change,
      });
    }),
  );
  return getPulse(ctx, newSlug, now);
}

async function replaceMembers(tx: Prisma.TransactionClient, pulseId: string, members: Awaited<ReturnType<typeof resolveMembers>>) {
  const current = await tx.pulseMember.findMany({ where: { pulseId } });
  const kept = new Set(members.map((member) => member.agentId));
  await tx.pulseMember.deleteMany({ where: { pulseId, agentId: { notIn: [...kept] } } });
  for (const member of members) {
    const existing = current.find((row) => row.agentId === member.agentId);
    if (existing) {
      await tx.pulseMember.update({ where: { id: existing.id }, data: { role: member.role, capacity: member.capacity } });
    } else {
      await tx.pulseMember.create({ data: { pulseId, agentId: member.agentId, role: member.role, capacity: member.capacity ?? DEFAULT_CAPACITY } });
    }
  }
}

/** Archives a pulse (admin or higher): no further evaluations; it and its evaluations stay readable. Archiving twice is a no-op. */
export async function archivePulse(ctx: OrgContext, slug: string, now: Date = new Date()) {
  requireRole(ctx, "ADMIN");
  const pulse = await findPulse(ctx, slug);
  if (!pulse.isArchived) {
    await ctx.db.$transaction(async (tx) => {
      await tx.pulse.update({ where: { id: pulse.id }, data: { isArchived: true, archivedAt: now, status: "ARCHIVED", nextEvalAt: null } });
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "pulse.archived",
        target: { type: "pulse", id: pulse.id, label: pulse.name },
        before: { status: pulse.status, nextEvalAt: pulse.nextEvalAt?.toISOString() ?? null },
        after: { status: "ARCHIVED", archivedAt: now.toISOString() },
      });
    });
  }
  return getPulse(ctx, slug, now);
}

const PulseSummaryFields = {
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  goal: z.string(),
  status: z.enum(["ACTIVE", "PAUSED", "ARCHIVED"]),
  evalCronExpr: z.string(),
  evalTimezone: z.string(),
  lastEvaluatedAt: z.date().nullable(),
  nextEvalAt: z.date().nullable(),
  isArchived: z.boolean(),
  archivedAt: z.date().nullable(),
};

/** A pulse as `listPulses` returns it. */
export const PulseSummary = z.object({
  ...PulseSummaryFields,
  members: z.array(z.object({ slug: z.string(), name: z.string(), capacity: z.number().int() })),
});

/** A pulse with its members and effective scoring rules, as `getPulse` returns it. */
export const PulseDetail = z.object({
  ...PulseSummaryFields,
  evalWindowHours: z.number().int(),
  scoringRules: ScoringRules,
  hasCustomScoringRules: z.boolean(),
  /** The next evaluations on the current cron; none while paused or archived. */
  nextEvaluations: z.array(z.date()),
  createdAt: z.date(),
  updatedAt: z.date(),
  members: z.array(
    z.object({
      id: z.string(),
      role: z.string().nullable(),
      capacity: z.number().int(),
      scheduleId: z.string().nullable(),
      joinedAt: z.date(),
      agent: z.object({ id: z.string(), slug: z.string(), name: z.string(), isActive: z.boolean(), archivedAt: z.date().nullable() }),
    }),
  ),
});
