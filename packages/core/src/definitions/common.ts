// What every primitive's definition lifecycle shares: slugs, JSON Schema fields, time zones, and the
// archive rule (an entity with active schedules is archived only when the caller pauses them too).
import Ajv from "ajv";
import type { EntityType, Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { isUniqueViolation } from "../unique.ts";

export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,119}$/, "lowercase letters, digits and -, starting with a letter or digit (at most 120)");

/** An IANA time zone name, checked against the runtime's own list (plus UTC, which it may omit). */
export const TimeZone = z.string().refine((zone) => zone === "UTC" || Intl.supportedValuesOf("timeZone").includes(zone) || isKnownZone(zone), {
  message: "Unknown IANA time zone",
});

function isKnownZone(zone: string): boolean {
  // Aliases such as "US/Eastern" are valid IANA names that supportedValuesOf leaves out.
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/");
  } catch {
    return false;
  }
}

/** A JSON Schema field: an object that ajv compiles; the problem names ajv's complaint. */
export const JsonSchemaField = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  try {
    new Ajv({ allErrors: true, validateFormats: false }).compile(schema);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `Not a valid JSON Schema: ${(error as Error).message}` });
  }
});

/** The archive query option: `?cascade=pause` pauses the entity's active schedules as it archives it. */
export const ArchiveQuery = z.strictObject({ cascade: z.literal("pause").optional() });

/** Who made a change, for the `createdById` of versions (API keys have no user). */
export function authorId(ctx: OrgContext): string | null {
  return ctx.actor.type === "user" ? ctx.actor.id : null;
}

/** The schedules an entity owns: AgentSchedule rows for agents, workflows and networks, CampaignSchedule for templates. */
export type ScheduleOwner = { entityType: EntityType; id: string } | { entityType: "campaign"; id: string };

/**
 * Refuses to archive an entity whose schedules are still active (409 naming them), unless `cascade`
 * is "pause", in which case they are paused in the same transaction. Returns the paused ids.
 */
export async function pauseSchedulesForArchive(tx: Prisma.TransactionClient, ctx: OrgContext, owner: ScheduleOwner, cascade?: "pause"): Promise<string[]> {
  const where = { organizationId: ctx.organizationId, isActive: true, isArchived: false };
  const active =
    owner.entityType === "campaign"
      ? await tx.campaignSchedule.findMany({ where: { ...where, templateId: owner.id }, select: { id: true, name: true } })
      : await tx.agentSchedule.findMany({ where: { ...where, [`${owner.entityType}Id`]: owner.id }, select: { id: true, name: true } });
  if (active.length === 0) return [];
  if (cascade !== "pause") {
    throw new AppError(
      "conflict",
      `Active schedules would keep firing: ${active.map((schedule) => `"${schedule.name}"`).join(", ")}. Pause them first, or archive with ?cascade=pause`,
      { schedules: active },
    );
  }
  const ids = active.map((schedule) => schedule.id);
  const data = { isActive: false, nextRunAt: null };
  if (owner.entityType === "campaign") await tx.campaignSchedule.updateMany({ where: { id: { in: ids } }, data });
  else await tx.agentSchedule.updateMany({ where: { id: { in: ids } }, data });
  return ids;
}

/** Runs `write`, turning a unique violation on the slug into a 409 that names it. */
export async function withUniqueSlug<T>(label: string, slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A ${label} with slug "${slug}" already exists`, [{ path: "slug", message: "already taken" }]);
    throw error;
  }
}
