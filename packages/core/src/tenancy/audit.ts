import type { Prisma } from "@switchyard/database";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../activity/cursor.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction } from "./audit-actions.ts";

export interface AuditEntry {
  action: AuditAction;
  target: { type: string; id: string; label?: string | null };
  before?: Prisma.InputJsonObject;
  after?: Prisma.InputJsonObject;
}

type AuditWriter = Pick<Prisma.TransactionClient, "auditLog">;

/** Who acted: a request's actor (user or API key), or the command line for scripted installs. */
export interface AuditActor {
  type: "user" | "apiKey" | "cli";
  id: string;
  label: string;
}

/**
 * Records one administrative action. Called inside the transaction that makes the change, so an
 * action is never done without its entry (unlike telemetry, the audit log is not best-effort).
 */
export async function recordAudit(db: AuditWriter, organizationId: string, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      organizationId,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      targetType: entry.target.type,
      targetId: entry.target.id,
      targetLabel: entry.target.label ?? null,
      before: entry.before,
      after: entry.after,
    },
  });
}

export const ListAuditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Actions of one kind of target, e.g. `member` or `api_key`. */
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  actorId: z.string().min(1).max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

/** The organization's audit log, newest first, keyset-paginated on (createdAt, id). */
export async function listAuditLog(ctx: OrgContext, query: ListAuditQuery) {
  requireRole(ctx, "ADMIN");
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const and: Prisma.AuditLogWhereInput[] = [{ organizationId: ctx.organizationId }];
  if (query.action) and.push({ action: query.action });
  if (query.targetType) and.push({ targetType: query.targetType });
  if (query.actorId) and.push({ actorId: query.actorId });
  if (query.from || query.to) and.push({ createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } });
  if (cursor) and.push({ OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] });
  const rows = await ctx.db.auditLog.findMany({ where: { AND: and }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const entries = rows.slice(0, query.limit).map(({ organizationId: _organizationId, ...entry }) => entry);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** An audit log entry as `listAuditLog` returns it. */
export const AuditEntryView = z.object({
  id: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: z.date(),
});
/** What `listAuditLog` returns. */
export const ListAuditResponse = z.object({ entries: z.array(AuditEntryView), nextCursor: z.string().nullable() });
