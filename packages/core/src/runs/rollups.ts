import { Prisma } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import type { RunKind } from "./run-values.ts";
import { KIND_SOURCES, kindSourceFor, kindWhere, toDbTimestamp, type RunFilters } from "./sources.ts";

/**
 * Run figures from the rollup tables (RunStatsHourly, RunStatsTotal), which database triggers keep
 * equal to the finished runs (see the run-rollups migration), plus the few runs the rollups do not
 * hold, read from the run tables: the unfinished ones, and the finished ones in the partial hours at
 * the edges of a range. A million runs cost a few thousand rollup rows instead of a scan of all of them.
 */

export const FINISHED_STATUSES = ["COMPLETED", "FAILED", "CANCELLED"] as const;
export const UNFINISHED_STATUSES = ["QUEUED", "RUNNING", "SUSPENDED"] as const;
const HOUR_MS = 3_600_000;
const sql = Prisma.sql;

const COMPACT_BATCH = 5000;

/**
 * Folds the shards of the hourly rows before the previous hour and of the daily rows before today
 * into one row each (writers spread over shards only while a period is current), in bounded batches.
 * Safe to run from several processes at once. Returns how many rows it folded.
 */
export async function compactRunRollups(query: (text: string, params: unknown[]) => Promise<unknown[]>, now = new Date()): Promise<number> {
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS);
  const day = new Date(Math.floor(now.getTime() / (24 * HOUR_MS)) * 24 * HOUR_MS);
  let folded = 0;
  for (let batch = 0; batch < 20; batch++) {
    const [row] = (await query(`SELECT "switchyard_compact_run_rollups"($1::timestamp(3), $2::timestamp(3), $3) AS n`, [
      toDbTimestamp(hour),
      toDbTimestamp(day),
      COMPACT_BATCH,
    ])) as { n: number | string }[];
    const n = Number(row?.n ?? 0);
    folded += n;
    if (n < COMPACT_BATCH) break;
  }
  return folded;
}

/** One group of runs: a kind, a time bucket (null when not bucketed) and a status. */
export interface RunStatsRow {
  kind: RunKind;
  bucket: Date | null;
  status: string;
  runs: number;
  durationMsSum: number;
  durationCount: number;
  tokens: number;
  costUsd: number;
}

export type StatsBucket = "minute" | "hour" | "day";

/** What the rollups can filter by: anything else (trigger, search, entity) needs the run tables. */
export function isRollupFilter(filters: RunFilters): boolean {
  return !filters.triggerId && !filters.search && !filters.entity && !filters.id;
}

/**
 * The runs matching `filters` (of `kinds`) grouped by kind, bucket and status. From the rollups when
 * the filters allow it and the bucket is an hour or coarser, otherwise (or with `useRollups: false`,
 * the reference the tests compare with) from the run tables.
 */
export async function loadRunStats(
  ctx: OrgContext,
  kinds: readonly RunKind[],
  filters: RunFilters,
  bucket: StatsBucket | null,
  options: { useRollups?: boolean } = {},
): Promise<RunStatsRow[]> {
  if (kinds.length === 0) return [];
  const useRollups = (options.useRollups ?? true) && isRollupFilter(filters) && bucket !== "minute";
  const query = useRollups ? rollupStatsSql(ctx, kinds, filters, bucket) : scanStatsSql(ctx, kinds, filters, bucket);
  type Num = number | string | bigint | null;
  const rows = await ctx.db.$queryRaw<
    { kind: RunKind; bucket: Date | null; status: string; runs: Num; durationMsSum: Num; durationCount: Num; tokens: Num; costUsd: Num }[]
  >`SELECT kind, bucket, status, sum(runs)::float8 AS runs, sum("durationMsSum")::float8 AS "durationMsSum",
      sum("durationCount")::float8 AS "durationCount", sum(tokens)::float8 AS tokens, sum("costUsd")::float8 AS "costUsd"
    FROM (${query}) u GROUP BY 1, 2, 3 HAVING sum(runs) <> 0`;
  return rows.map((row) => ({
    kind: row.kind,
    bucket: row.bucket,
    status: row.status,
    runs: Number(row.runs ?? 0),
    durationMsSum: Number(row.durationMsSum ?? 0),
    durationCount: Number(row.durationCount ?? 0),
    tokens: Number(row.tokens ?? 0),
    costUsd: Number(row.costUsd ?? 0),
  }));
}

/** The whole UTC hours inside [from, to] (either end may be open); null when there is none. */
export function wholeHours(from: Date | undefined, to: Date | undefined): { start: Date | null; end: Date | null } | null {
  const start = from ? new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS) : null;
  // `to` is inclusive: the hour [h, h + 1h) is whole when h + 1h - 1 ms <= to.
  const end = to ? new Date(Math.floor((to.getTime() + 1) / HOUR_MS) * HOUR_MS) : null;
  if (start && end && start.getTime() >= end.getTime()) return null;
  return { start, end };
}

function bucketExpr(bucket: StatsBucket | null, column: Prisma.Sql): Prisma.Sql {
  return bucket ? sql`date_trunc(${Prisma.raw(`'${bucket}'`)}, ${column})` : sql`NULL::timestamp`;
}

const at = (date: Date) => sql`CAST(${toDbTimestamp(date)} AS timestamp(3))`;

/** Groups of one run table, as the rollup rows are shaped. */
function tableGroup(ctx: OrgContext, kind: RunKind, bucket: StatsBucket | null, conditions: Prisma.Sql[], filters: RunFilters): Prisma.Sql {
  const s = KIND_SOURCES[kind];
  const where = [kindWhere(ctx, kind, { source: filters.source }), ...conditions];
  return sql`(SELECT ${kind}::text AS kind, ${bucketExpr(bucket, s.startedAt)} AS bucket, ${s.statusColumn}::text AS status,
      count(*) AS runs, COALESCE(sum(${s.durationMs}), 0) AS "durationMsSum", count(${s.durationMs}) AS "durationCount",
      COALESCE(sum(${s.tokens}), 0) AS tokens, COALESCE(sum(${s.costUsd}), 0) AS "costUsd"
    FROM ${s.table} WHERE ${Prisma.join(where, " AND ")} GROUP BY 2, 3)`;
}

function statusList(statuses: readonly string[], only: string | undefined): Prisma.Sql | null {
  const wanted = only ? statuses.filter((status) => status === only) : statuses;
  if (wanted.length === 0) return null;
  return sql`(${Prisma.join(wanted.map((status) => sql`CAST(${status} AS "RunStatus")`))})`;
}

function rollupStatsSql(ctx: OrgContext, kinds: readonly RunKind[], filters: RunFilters, bucket: StatsBucket | null): Prisma.Sql {
  const { from, to, source, status } = filters;
  const branches: Prisma.Sql[] = [];
  const finished = statusList(FINISHED_STATUSES, status);
  const unfinished = statusList(UNFINISHED_STATUSES, status);
  const kindList = Prisma.join(kinds.map((kind) => sql`${kind}`));
  const rollupWhere = (extra: Prisma.Sql[]) =>
    Prisma.join(
      [
        sql`"organizationId" = ${ctx.organizationId}`,
        sql`kind IN (${kindList})`,
        ...(source ? [sql`source = CAST(${source} AS "RunSource")`] : []),
        ...(finished ? [sql`status IN ${finished}`] : []),
        ...extra,
      ],
      " AND ",
    );
  const rollupColumns = sql`status::text AS status, runs, "durationMsSum", "durationCount", tokens, "costUsd"`;

  if (finished) {
    const hours = wholeHours(from, to);
    if (!from && !to && !bucket) {
      branches.push(sql`(SELECT kind, NULL::timestamp AS bucket, ${rollupColumns} FROM "RunStatsTotal" WHERE ${rollupWhere([])})`);
    } else if (hours) {
      const range = [...(hours.start ? [sql`hour >= ${at(hours.start)}`] : []), ...(hours.end ? [sql`hour < ${at(hours.end)}`] : [])];
      branches.push(sql`(SELECT kind, ${bucketExpr(bucket, sql`hour`)} AS bucket, ${rollupColumns} FROM "RunStatsHourly" WHERE ${rollupWhere(range)})`);
    }
    // The finished runs the hourly rows do not cover: the partial hours at the ends (or all of a range within one hour).
    const edges: [Date | undefined, Date | undefined, boolean][] = hours
      ? [
          ...(from && hours.start && from < hours.start ? [[from, hours.start, false] as [Date, Date, boolean]] : []),
          ...(to && hours.end && hours.end <= to ? [[hours.end, to, true] as [Date, Date, boolean]] : []),
        ]
      : [[from, to, true]];
    for (const kind of kinds) {
      const s = KIND_SOURCES[kind];
      for (const [edgeFrom, edgeTo, isEndInclusive] of edges) {
        const range = [
          ...(edgeFrom ? [sql`${s.startedAt} >= ${at(edgeFrom)}`] : []),
          ...(edgeTo ? [isEndInclusive ? sql`${s.startedAt} <= ${at(edgeTo)}` : sql`${s.startedAt} < ${at(edgeTo)}`] : []),
        ];
        branches.push(tableGroup(ctx, kind, bucket, [sql`${s.statusColumn} IN ${finished}`, ...range], filters));
      }
    }
  }
  // Unfinished runs are few (and indexed by status): always read live.
  if (unfinished) {
    for (const kind of kinds) {
      const s = KIND_SOURCES[kind];
      const range = [...(from ? [sql`${s.startedAt} >= ${at(from)}`] : []), ...(to ? [sql`${s.startedAt} <= ${at(to)}`] : [])];
      branches.push(tableGroup(ctx, kind, bucket, [sql`${s.statusColumn} IN ${unfinished}`, ...range], filters));
    }
  }
  if (branches.length === 0) return emptyStats();
  return Prisma.join(branches, " UNION ALL ");
}

/** Every matching run, grouped: for the filters the rollups do not carry. */
function scanStatsSql(ctx: OrgContext, kinds: readonly RunKind[], filters: RunFilters, bucket: StatsBucket | null): Prisma.Sql {
  return Prisma.join(
    kinds.map((kind) => {
      const s = KIND_SOURCES[kind];
      return sql`(SELECT ${kind}::text AS kind, ${bucketExpr(bucket, s.startedAt)} AS bucket, ${s.statusColumn}::text AS status,
          count(*) AS runs, COALESCE(sum(${s.durationMs}), 0) AS "durationMsSum", count(${s.durationMs}) AS "durationCount",
          COALESCE(sum(${s.tokens}), 0) AS tokens, COALESCE(sum(${s.costUsd}), 0) AS "costUsd"
        FROM ${kindSourceFor(kind, filters)} WHERE ${kindWhere(ctx, kind, filters)} GROUP BY 2, 3)`;
    }),
    " UNION ALL ",
  );
}

function emptyStats(): Prisma.Sql {
  return sql`(SELECT NULL::text AS kind, NULL::timestamp AS bucket, NULL::text AS status, 0::bigint AS runs, 0::bigint AS "durationMsSum",
      0::bigint AS "durationCount", 0::bigint AS tokens, 0::float8 AS "costUsd" WHERE false)`;
}
