import { Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { RUN_KINDS, RUN_SOURCES, RUN_STATUSES, type RunKind, type UnifiedRunStatus } from "./run-values.ts";
import { loadRunStats } from "./rollups.ts";
import { KIND_SOURCES, kindWhere, toDbTimestamp, type RunFilters } from "./sources.ts";

export { RUN_KINDS, RUN_SOURCES, RUN_STATUSES, type RunKind, type UnifiedRunStatus } from "./run-values.ts";
export { KIND_SOURCES, kindSourceFor, kindWhere, toDbTimestamp, type RunFilters } from "./sources.ts";

const sql = Prisma.sql;

/** An ISO date or date-time (UTC unless it names a zone). Kept a string so re-parsing is harmless. */
export const IsoDateParam = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), "Expected an ISO date or date-time");

export const ListRunsQuery = z
  .object({
    kind: z.enum(["all", ...RUN_KINDS]).default("all"),
    status: z.enum(RUN_STATUSES).optional(),
    source: z.enum(RUN_SOURCES).optional(),
    triggerId: z.string().min(1).max(64).optional(),
    from: IsoDateParam.optional(),
    to: IsoDateParam.optional(),
    search: z.string().trim().min(1).max(200).optional(),
    entity: z.string().trim().min(1).max(120).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), { message: "from must not be after to", path: ["from"] });
export type ListRunsQuery = z.input<typeof ListRunsQuery>;

/** The one run shape every surface reads, whatever the run's kind. */
export interface UnifiedRun {
  kind: RunKind;
  id: string;
  name: string;
  status: UnifiedRunStatus;
  source: string;
  startedAt: string;
  completedAt: string | null;
  durationMs: number | null;
  tokens: number;
  /** Null when it is unknown: an agent run on a model the price table does not know (its metadata says `costUnknown`). */
  costUsd: number | null;
  triggerId: string | null;
  entity: { id: string; slug: string; name: string };
}

export interface RunListResponse {
  runs: UnifiedRun[];
  nextCursor: string | null;
  /**
   * `total` and `byStatus` count the runs that match every filter; `byKind` ignores the kind filter
   * (a facet), so kind pills can show every kind's count beside a list narrowed to one.
   */
  counts: { total: number; byKind: Record<RunKind, number>; byStatus: Record<string, number> };
}

function kindSelect(kind: RunKind, where: Prisma.Sql, tail: Prisma.Sql = Prisma.empty): Prisma.Sql {
  const s = KIND_SOURCES[kind];
  return sql`(SELECT ${kind}::text AS kind, ${s.id} AS id, ${s.name} AS name, ${s.status} AS status, ${s.source} AS source,
      ${s.startedAt} AS "startedAt", ${s.completedAt} AS "completedAt", ${s.durationMs} AS "durationMs",
      ${s.tokens} AS tokens, ${s.costUsd} AS "costUsd", ${s.triggerId} AS "triggerId",
      ${s.entityId} AS "entityId", ${s.entitySlug} AS "entitySlug", ${s.entityName} AS "entityName"
    FROM ${s.from} WHERE ${where} ${tail})`;
}

interface RunRow {
  kind: RunKind;
  id: string;
  name: string;
  status: UnifiedRunStatus;
  source: string;
  startedAt: Date;
  completedAt: Date | null;
  durationMs: number | null;
  tokens: number | bigint;
  costUsd: number | null;
  triggerId: string | null;
  entityId: string;
  entitySlug: string;
  entityName: string;
}

export async function listRuns(ctx: OrgContext, rawQuery: ListRunsQuery): Promise<RunListResponse> {
  const query = ListRunsQuery.parse(rawQuery);
  const kinds = query.kind === "all" ? RUN_KINDS : [query.kind];
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const filters: RunFilters = {
    status: query.status,
    source: query.source,
    triggerId: query.triggerId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    search: query.search,
    entity: query.entity,
  };

  // Each branch is ordered and limited on its own index; the outer ORDER BY merges at most
  // kinds × (limit + 1) rows, so a deep page costs what the first one does.
  const take = query.limit + 1;
  const pageBranches = kinds.map((kind) => {
    const s = KIND_SOURCES[kind];
    const where = kindWhere(ctx, kind, filters);
    const after = cursor ? sql`AND (${s.startedAt}, ${s.id}) < (CAST(${cursor.startedAt} AS timestamp(3)), ${cursor.id})` : Prisma.empty;
    return kindSelect(kind, sql`${where} ${after}`, sql`ORDER BY ${s.startedAt} DESC, ${s.id} DESC LIMIT ${take}`);
  });
  // Counts come from the run rollups (a few thousand rows for a million runs) whenever the filters allow.
  const [rows, statusCounts] = await Promise.all([
    ctx.db.$queryRaw<RunRow[]>`
      SELECT * FROM (${Prisma.join(pageBranches, " UNION ALL ")}) u
      ORDER BY u."startedAt" DESC, u.id DESC LIMIT ${take}`,
    loadRunStats(ctx, RUN_KINDS, filters, null),
  ]);

  const hasMore = rows.length > query.limit;
  const runs = rows.slice(0, query.limit).map(toUnifiedRun);
  const counts = emptyCounts();
  for (const row of statusCounts) {
    const count = row.runs;
    counts.byKind[row.kind] += count;
    if (!kinds.includes(row.kind)) continue;
    counts.total += count;
    counts.byStatus[row.status] = (counts.byStatus[row.status] ?? 0) + count;
  }
  const last = runs.at(-1);
  return { runs, nextCursor: hasMore && last ? encodeCursor(last.startedAt, last.id) : null, counts };
}

/** One run in the unified shape, or 404 when it is not this organization's. */
export async function getUnifiedRun(ctx: OrgContext, kind: RunKind, id: string): Promise<UnifiedRun> {
  const rows = await ctx.db.$queryRaw<RunRow[]>`${kindSelect(kind, kindWhere(ctx, kind, { id }))}`;
  if (rows.length === 0) throw notFound("Run");
  return toUnifiedRun(rows[0]);
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
    costUsd: row.costUsd === null ? null : Number(row.costUsd),
    triggerId: row.triggerId,
    entity: { id: row.entityId, slug: row.entitySlug, name: row.entityName },
  };
}

function emptyCounts(): RunListResponse["counts"] {
  return { total: 0, byKind: { agent: 0, workflow: 0, network: 0, campaign: 0, pulse: 0 }, byStatus: {} };
}

export function encodeCursor(startedAt: string, id: string): string {
  return Buffer.from(`${startedAt}|${id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { startedAt: string; id: string } {
  const [startedAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(startedAt ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new AppError("validation_failed", "Invalid cursor");
  return { startedAt: toDbTimestamp(at), id };
}

const EntityRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });
/** `UnifiedRun` as a schema (its dates are already ISO strings). */
export const UnifiedRunSchema = z.object({
  kind: z.enum(RUN_KINDS),
  id: z.string(),
  name: z.string(),
  status: z.enum(RUN_STATUSES),
  source: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  tokens: z.number(),
  costUsd: z.number().nullable(),
  triggerId: z.string().nullable(),
  entity: EntityRef,
});
/** `RunListResponse` as a schema. */
export const RunListResponseSchema = z.object({
  runs: z.array(UnifiedRunSchema),
  nextCursor: z.string().nullable(),
  counts: z.object({ total: z.number().int(), byKind: z.record(z.enum(RUN_KINDS), z.number().int()), byStatus: z.record(z.string(), z.number().int()) }),
});
