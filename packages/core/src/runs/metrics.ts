import { Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { loadRunStats } from "./rollups.ts";
import { IsoDateParam, KIND_SOURCES, RUN_KINDS, RUN_SOURCES, kindSourceFor, kindWhere, type RunFilters, type RunKind } from "./unified.ts";

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
type Bucket = keyof typeof BUCKET_MS;
/** Enough for a day and a half by minute, 90 days by hour or five years by day; beyond that a chart is unreadable anyway. */
const MAX_BUCKETS = 2_200;
/** The window when there is no run to start from. */
const EMPTY_WINDOW_BUCKETS: Record<Bucket, number> = { minute: 60, hour: 24, day: 30 };

export const RunMetricsQuery = z
  .object({
    kind: z.enum(["all", ...RUN_KINDS]).default("all"),
    from: IsoDateParam.optional(),
    to: IsoDateParam.optional(),
    bucket: z.enum(["minute", "hour", "day"]).default("hour"),
    // The runs table's filters other than status: the figures break runs down by status themselves.
    source: z.enum(RUN_SOURCES).optional(),
    triggerId: z.string().min(1).max(64).optional(),
    search: z.string().trim().min(1).max(200).optional(),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), { message: "from must not be after to", path: ["from"] });
export type RunMetricsQuery = z.input<typeof RunMetricsQuery>;

export interface KindMetrics {
  total: number;
  completed: number;
  failed: number;
  running: number;
  suspended: number;
  avgDurationMs: number | null;
  totalTokens: number;
  totalCostUsd: number;
}

export interface MetricsBucket {
  bucket: string;
  total: number;
  completed: number;
  failed: number;
  costUsd: number;
  byKind: Record<RunKind, { count: number; costUsd: number }>;
}

export interface RunMetricsResponse {
  from: string;
  to: string;
  bucket: Bucket;
  totals: KindMetrics;
  byKind: Record<RunKind, KindMetrics>;
  series: MetricsBucket[];
}

/**
 * Per-kind run metrics and a time series for charts over [from, to]. Without `from` the range starts
 * at the first matching run (so "all time" needs no guess), at most MAX_BUCKETS buckets back.
 * Hourly and daily figures add up the run rollups (./rollups.ts) plus the few runs they do not hold;
 * by minute, or narrowed by trigger or search, the matching runs are aggregated in SQL. No run is loaded.
 */
export async function getRunMetrics(ctx: OrgContext, rawQuery: RunMetricsQuery): Promise<RunMetricsResponse> {
  const query = RunMetricsQuery.parse(rawQuery);
  const step = BUCKET_MS[query.bucket];
  const kinds = query.kind === "all" ? RUN_KINDS : [query.kind];
  const to = query.to ? new Date(query.to) : new Date();
  const filters: RunFilters = { source: query.source, triggerId: query.triggerId, search: query.search, to };
  const from = query.from ? new Date(query.from) : await firstRunStart(ctx, kinds, filters, to, query.bucket);
  if ((to.getTime() - from.getTime()) / step > MAX_BUCKETS) {
    throw new AppError("validation_failed", `The range holds more than ${MAX_BUCKETS} ${query.bucket} buckets; narrow it or use a larger bucket`);
  }
  filters.from = from;
  const rows = await loadRunStats(ctx, kinds, filters, query.bucket);

  const byKind = Object.fromEntries(RUN_KINDS.map((kind) => [kind, emptyMetrics()])) as Record<RunKind, KindMetrics>;
  const durations = Object.fromEntries(RUN_KINDS.map((kind) => [kind, { sum: 0, count: 0 }])) as Record<RunKind, { sum: number; count: number }>;
  // Every bucket in the range is present (zeros included) so charts need no gap filling.
  const buckets = new Map<number, MetricsBucket>();
  const first = truncate(from, query.bucket);
  for (let at = first; at <= to.getTime(); at += step) buckets.set(at, emptyBucket(at));
  for (const row of rows) {
    const metrics = byKind[row.kind];
    metrics.total += row.runs;
    if (row.status === "COMPLETED") metrics.completed += row.runs;
    if (row.status === "FAILED") metrics.failed += row.runs;
    if (row.status === "RUNNING") metrics.running += row.runs;
    if (row.status === "SUSPENDED") metrics.suspended += row.runs;
    metrics.totalTokens += row.tokens;
    metrics.totalCostUsd += row.costUsd;
    durations[row.kind].sum += row.durationMsSum;
    durations[row.kind].count += row.durationCount;

    const at = row.bucket!.getTime();
    const bucket = buckets.get(at) ?? buckets.set(at, emptyBucket(at)).get(at)!;
    bucket.byKind[row.kind].count += row.runs;
    bucket.byKind[row.kind].costUsd += row.costUsd;
    bucket.total += row.runs;
    if (row.status === "COMPLETED") bucket.completed += row.runs;
    if (row.status === "FAILED") bucket.failed += row.runs;
    bucket.costUsd += row.costUsd;
  }

  const totals = emptyMetrics();
  let durationSum = 0;
  let durationCount = 0;
  for (const kind of RUN_KINDS) {
    const metrics = byKind[kind];
    const duration = durations[kind];
    metrics.avgDurationMs = duration.count > 0 ? Math.round(duration.sum / duration.count) : null;
    for (const key of ["total", "completed", "failed", "running", "suspended", "totalTokens", "totalCostUsd"] as const) totals[key] += metrics[key];
    metrics.totalCostUsd = roundCost(metrics.totalCostUsd);
    durationSum += duration.sum;
    durationCount += duration.count;
  }
  totals.totalCostUsd = roundCost(totals.totalCostUsd);
  totals.avgDurationMs = durationCount > 0 ? Math.round(durationSum / durationCount) : null;
  const series = [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
  for (const bucket of series) {
    bucket.costUsd = roundCost(bucket.costUsd);
    for (const kind of RUN_KINDS) bucket.byKind[kind].costUsd = roundCost(bucket.byKind[kind].costUsd);
  }
  return { from: from.toISOString(), to: to.toISOString(), bucket: query.bucket, totals, byKind, series };
}

/** Where an open range starts: the first matching run, kept within MAX_BUCKETS of `to`. */
async function firstRunStart(ctx: OrgContext, kinds: readonly RunKind[], filters: RunFilters, to: Date, bucket: Bucket): Promise<Date> {
  const step = BUCKET_MS[bucket];
  const branches = kinds.map((kind) => {
    const s = KIND_SOURCES[kind];
    return Prisma.sql`(SELECT MIN(${s.startedAt}) AS first FROM ${kindSourceFor(kind, filters)} WHERE ${kindWhere(ctx, kind, filters)})`;
  });
  const rows = await ctx.db.$queryRaw<{ first: Date | null }[]>`SELECT MIN(first) AS first FROM (${Prisma.join(branches, " UNION ALL ")}) f`;
  const first = rows[0]?.first;
  if (!first) return new Date(to.getTime() - EMPTY_WINDOW_BUCKETS[bucket] * step);
  return new Date(Math.max(truncate(first, bucket), to.getTime() - MAX_BUCKETS * step));
}

function truncate(at: Date, bucket: Bucket): number {
  const copy = new Date(at);
  copy.setUTCSeconds(0, 0);
  if (bucket !== "minute") copy.setUTCMinutes(0);
  if (bucket === "day") copy.setUTCHours(0);
  return copy.getTime();
}

function emptyMetrics(): KindMetrics {
  return { total: 0, completed: 0, failed: 0, running: 0, suspended: 0, avgDurationMs: null, totalTokens: 0, totalCostUsd: 0 };
}

function emptyBucket(at: number): MetricsBucket {
  const byKind = Object.fromEntries(RUN_KINDS.map((kind) => [kind, { count: 0, costUsd: 0 }])) as MetricsBucket["byKind"];
  return { bucket: new Date(at).toISOString(), total: 0, completed: 0, failed: 0, costUsd: 0, byKind };
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

const KindMetricsSchema = z.object({
  total: z.number(),
  completed: z.number(),
  failed: z.number(),
  running: z.number(),
  suspended: z.number(),
  avgDurationMs: z.number().nullable(),
  totalTokens: z.number(),
  totalCostUsd: z.number(),
});
/** `RunMetricsResponse` as a schema. */
export const RunMetricsResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(["minute", "hour", "day"]),
  totals: KindMetricsSchema,
  byKind: z.record(z.enum(RUN_KINDS), KindMetricsSchema),
  series: z.array(
    z.object({
      bucket: z.string(),
      total: z.number(),
      completed: z.number(),
      failed: z.number(),
      costUsd: z.number(),
      byKind: z.record(z.enum(RUN_KINDS), z.object({ count: z.number(), costUsd: z.number() })),
    }),
  ),
});
