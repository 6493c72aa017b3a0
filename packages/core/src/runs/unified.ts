import { Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { RUN_KINDS, RUN_SOURCES, RUN_STATUSES, type RunKind, type UnifiedRunStatus } from "./run-values.ts";

export { RUN_KINDS, RUN_SOURCES, RUN_STATUSES, type RunKind, type UnifiedRunStatus } from "./run-values.ts";

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

/**
 * How each kind maps onto the unified columns. Every kind contributes one SELECT with the same
 * columns, so a list is a single UNION ALL ordered by (startedAt, id): exact across kinds, no merging
 * of pages in memory. Filters go into each branch so every branch can use its
 * (organizationId, startedAt, id) index.
 */
interface KindSource {
  from: Prisma.Sql;
  /** The run table alone, for counts that need no entity column. */
  table: Prisma.Sql;
  /** The enum columns themselves: comparing them uncast lets the planner use their statistics and indexes. */
  statusColumn: Prisma.Sql;
  sourceColumn: Prisma.Sql;
  id: Prisma.Sql;
  name: Prisma.Sql;
  status: Prisma.Sql;
  source: Prisma.Sql;
  startedAt: Prisma.Sql;
  completedAt: Prisma.Sql;
  durationMs: Prisma.Sql;
  tokens: Prisma.Sql;
  costUsd: Prisma.Sql;
  triggerId: Prisma.Sql;
  organizationId: Prisma.Sql;
  entityId: Prisma.Sql;
  entitySlug: Prisma.Sql;
  entityName: Prisma.Sql;
}

const sql = Prisma.sql;

function runColumns(
  table: string,
): Pick<
  KindSource,
  "table" | "statusColumn" | "sourceColumn" | "id" | "status" | "source" | "startedAt" | "completedAt" | "durationMs" | "tokens" | "costUsd" | "organizationId"
> {
  const col = (name: string) => Prisma.raw(`r."${name}"`);
  return {
    table: Prisma.raw(`"${table}" r`),
    statusColumn: col("status"),
    sourceColumn: col("source"),
    id: col("id"),
    status: sql`${col("status")}::text`,
    source: sql`${col("source")}::text`,
    startedAt: col("startedAt"),
    completedAt: col("completedAt"),
    durationMs: col("durationMs"),
    tokens: col("totalTokens"),
    costUsd: col("costUsd"),
    organizationId: col("organizationId"),
  };
}

export const KIND_SOURCES: Record<RunKind, KindSource> = {
  agent: {
    ...runColumns("AgentRun"),
    from: sql`"AgentRun" r JOIN "Agent" e ON e.id = r."agentId"`,
    // The column cannot hold null; the run's metadata says when its cost is unknown rather than $0.
    costUsd: sql`CASE WHEN r.metadata->>'costUnknown' = 'true' THEN NULL ELSE r."costUsd" END`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
  workflow: {
    ...runColumns("WorkflowRun"),
    from: sql`"WorkflowRun" r JOIN "Workflow" e ON e.id = r."workflowId"`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
  network: {
    ...runColumns("NetworkRun"),
    from: sql`"NetworkRun" r JOIN "Network" e ON e.id = r."networkId"`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
  // A campaign is its own run; its entity is the template it came from, or itself without one.
  // Like an agent run's triggerId (trigger or schedule), it names the CampaignTrigger or CampaignSchedule.
  campaign: {
    ...runColumns("Campaign"),
    from: sql`"Campaign" r LEFT JOIN "CampaignTemplate" e ON e.id = r."templateId"`,
    name: sql`r.name`,
    triggerId: sql`COALESCE(r."triggerId", r."scheduleId")`,
    entityId: sql`COALESCE(e.id, r.id)`,
    entitySlug: sql`COALESCE(e.slug, r.id)`,
    entityName: sql`COALESCE(e.name, r.name)`,
  },
  pulse: {
    ...runColumns("PulseEvaluation"),
    from: sql`"PulseEvaluation" r JOIN "Pulse" e ON e.id = r."pulseId"`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
};

export interface RunFilters {
  status?: UnifiedRunStatus;
  source?: string;
  triggerId?: string;
  from?: Date;
  to?: Date;
  search?: string;
  entity?: string;
  id?: string;
}

/** The run table alone unless a filter needs the entity (search and entity match its name and slug): the join costs a pass over every run. */
export function kindSourceFor(kind: RunKind, filters: RunFilters): Prisma.Sql {
  const s = KIND_SOURCES[kind];
  return filters.search || filters.entity ? s.from : s.table;
}

/** The WHERE of one kind's branch: organization first, always. */
export function kindWhere(ctx: OrgContext, kind: RunKind, filters: RunFilters): Prisma.Sql {
  const s = KIND_SOURCES[kind];
  const parts: Prisma.Sql[] = [sql`${s.organizationId} = ${ctx.organizationId}`];
  if (filters.id) parts.push(sql`${s.id} = ${filters.id}`);
  // Values are validated against the enums by the query schema before they get here.
  if (filters.status) parts.push(sql`${s.statusColumn} = CAST(${filters.status} AS "RunStatus")`);
  if (filters.source) parts.push(sql`${s.sourceColumn} = CAST(${filters.source} AS "RunSource")`);
  if (filters.triggerId) parts.push(sql`${s.triggerId} = ${filters.triggerId}`);
  if (filters.from) parts.push(sql`${s.startedAt} >= CAST(${toDbTimestamp(filters.from)} AS timestamp(3))`);
  if (filters.to) parts.push(sql`${s.startedAt} <= CAST(${toDbTimestamp(filters.to)} AS timestamp(3))`);
  if (filters.entity) parts.push(sql`${s.entitySlug} = ${filters.entity}`);
  if (filters.search) {
    const pattern = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(${s.name} ILIKE ${pattern} OR ${s.entitySlug} ILIKE ${pattern} OR ${s.entityName} ILIKE ${pattern} OR ${s.id} = ${filters.search})`);
  }
  return Prisma.join(parts, " AND ");
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
  const countBranches = RUN_KINDS.map((kind) => {
    const s = KIND_SOURCES[kind];
    return sql`(SELECT ${kind}::text AS kind, ${s.statusColumn}::text AS status, COUNT(*) AS count
      FROM ${kindSourceFor(kind, filters)} WHERE ${kindWhere(ctx, kind, filters)} GROUP BY ${s.statusColumn})`;
  });

  const [rows, statusCounts] = await Promise.all([
    ctx.db.$queryRaw<RunRow[]>`
      SELECT * FROM (${Prisma.join(pageBranches, " UNION ALL ")}) u
      ORDER BY u."startedAt" DESC, u.id DESC LIMIT ${take}`,
    ctx.db.$queryRaw<{ kind: RunKind; status: string; count: bigint | number }[]>`${Prisma.join(countBranches, " UNION ALL ")}`,
  ]);

  const hasMore = rows.length > query.limit;
  const runs = rows.slice(0, query.limit).map(toUnifiedRun);
  const counts = emptyCounts();
  for (const row of statusCounts) {
    const count = Number(row.count);
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

/** Stored timestamps are UTC without zone; compare as such, independent of the server's TimeZone. */
export function toDbTimestamp(at: Date): string {
  return at.toISOString().replace("Z", "");
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
