import { Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";

export const RUN_KINDS = ["agent", "workflow", "network", "campaign", "pulse"] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const RUN_STATUSES = ["QUEUED", "RUNNING", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"] as const;
export const RUN_SOURCES = [
  "api", "manual", "trigger", "webhook", "event", "schedule", "test", "retry",
  "workflow", "network", "campaign", "pulse", "chat", "slack", "voice", "mcp", "demo",
] as const;

export const ListRunsQuery = z.object({
  kind: z.enum(["all", ...RUN_KINDS]).default("all"),
  status: z.enum(RUN_STATUSES).optional(),
  source: z.enum(RUN_SOURCES).optional(),
  triggerId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListRunsQuery = z.input<typeof ListRunsQuery>;

/** The one run shape every surface reads, whatever the run's kind. */
export interface UnifiedRun {
  kind: RunKind;
  id: string;
  name: string;
  status: (typeof RUN_STATUSES)[number];
  source: string;
  startedAt: string;
  completedAt: string | null;
  durationMs: number | null;
  tokens: number;
  costUsd: number;
  triggerId: string | null;
  entity: { id: string; slug: string; name: string };
}

export interface RunListResponse {
  runs: UnifiedRun[];
  nextCursor: string | null;
  counts: { total: number; byKind: Record<RunKind, number>; byStatus: Record<string, number> };
}

/**
 * Each kind contributes one SELECT with the same columns, so the list is a single UNION ALL ordered
 * by (startedAt, id) with keyset pagination: exact across kinds, no merging of pages in memory.
 * Kinds without run tables wired yet simply have no source here.
 */
const KIND_SOURCES: Partial<Record<RunKind, Prisma.Sql>> = {
  agent: Prisma.sql`
    SELECT 'agent' AS kind, r.id, a.name AS name, r.status::text AS status, r.source::text AS source,
           r."startedAt", r."completedAt", r."durationMs", r."totalTokens" AS tokens, r."costUsd",
           r."triggerId", a.id AS "entityId", a.slug AS "entitySlug", a.name AS "entityName", r."organizationId"
      FROM "AgentRun" r JOIN "Agent" a ON a.id = r."agentId"`,
};

interface RunRow {
  kind: RunKind;
  id: string;
  name: string;
  status: UnifiedRun["status"];
  source: string;
  startedAt: Date;
  completedAt: Date | null;
  durationMs: number | null;
  tokens: number;
  costUsd: number;
  triggerId: string | null;
  entityId: string;
  entitySlug: string;
  entityName: string;
}

export async function listRuns(ctx: OrgContext, rawQuery: ListRunsQuery): Promise<RunListResponse> {
  const query = ListRunsQuery.parse(rawQuery);
  const kinds = (query.kind === "all" ? RUN_KINDS : [query.kind]).filter((kind) => KIND_SOURCES[kind]);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;

  const filters: Prisma.Sql[] = [Prisma.sql`u."organizationId" = ${ctx.organizationId}`];
  if (query.status) filters.push(Prisma.sql`u.status = ${query.status}`);
  if (query.source) filters.push(Prisma.sql`u.source = ${query.source}`);
  if (query.triggerId) filters.push(Prisma.sql`u."triggerId" = ${query.triggerId}`);
  const where = Prisma.join(filters, " AND ");

  if (kinds.length === 0) return { runs: [], nextCursor: null, counts: emptyCounts() };
  const union = Prisma.join(kinds.map((kind) => KIND_SOURCES[kind]!), " UNION ALL ");
  const page = cursor
    ? Prisma.sql`AND (u."startedAt", u.id) < (CAST(${cursor.startedAt} AS timestamp(3)), ${cursor.id})`
    : Prisma.empty;

  const [rows, statusCounts] = await Promise.all([
    ctx.db.$queryRaw<RunRow[]>`
      SELECT * FROM (${union}) u WHERE ${where} ${page}
      ORDER BY u."startedAt" DESC, u.id DESC LIMIT ${query.limit + 1}`,
    ctx.db.$queryRaw<{ kind: RunKind; status: string; count: bigint | number }[]>`
      SELECT u.kind, u.status, COUNT(*) AS count FROM (${union}) u WHERE ${where} GROUP BY u.kind, u.status`,
  ]);

  const hasMore = rows.length > query.limit;
  const runs = rows.slice(0, query.limit).map(toUnifiedRun);
  const counts = emptyCounts();
  for (const row of statusCounts) {
    const count = Number(row.count);
    counts.total += count;
    counts.byKind[row.kind] += count;
    counts.byStatus[row.status] = (counts.byStatus[row.status] ?? 0) + count;
  }
  const last = runs.at(-1);
  return { runs, nextCursor: hasMore && last ? encodeCursor(last.startedAt, last.id) : null, counts };
}

function toUnifiedRun(row: RunRow): UnifiedRun {
  return {
    kind: row.kind,
    id: row.id,
    name: row.name,
    status: row.status,
    source: row.source,
    startedAt: row.startedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    tokens: Number(row.tokens),
    costUsd: Number(row.costUsd),
    triggerId: row.triggerId,
    entity: { id: row.entityId, slug: row.entitySlug, name: row.entityName },
  };
}

function emptyCounts(): RunListResponse["counts"] {
  return { total: 0, byKind: { agent: 0, workflow: 0, network: 0, campaign: 0, pulse: 0 }, byStatus: {} };
}

function encodeCursor(startedAt: string, id: string): string {
  return Buffer.from(`${startedAt}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const [startedAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(startedAt ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new AppError("validation_failed", "Invalid cursor");
  // Stored timestamps are UTC without zone; compare as such, independent of the server's TimeZone.
  return { startedAt: at.toISOString().replace("Z", ""), id };
}
