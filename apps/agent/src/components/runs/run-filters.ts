import { rangeBucket, rangeStart, TIME_RANGES, type TimeRange } from "../observe/time-range";

/**
 * The /observe filters as they live in the URL. Server page and client table read them through the
 * same parser, so a shared link renders the same view on first paint and on every refetch.
 * The value lists come from core's run-values module, which imports nothing server-side.
 */

import { RUN_KINDS, RUN_SOURCES, RUN_STATUSES, type RunKind, type RunSource, type UnifiedRunStatus } from "@switchyard/core/runs/run-values";

export { RUN_KINDS, RUN_SOURCES, RUN_STATUSES };
export type RunKindValue = RunKind;
export type RunStatusValue = UnifiedRunStatus;
export type RunSourceValue = RunSource;

export interface RunFilters {
  kind?: RunKindValue;
  status?: RunStatusValue;
  source?: RunSourceValue;
  /** Absent means all time. */
  range?: TimeRange;
  search?: string;
  triggerId?: string;
}

export const FILTER_KEYS = ["kind", "status", "source", "range", "search", "triggerId"] as const satisfies readonly (keyof RunFilters)[];
/** The runs API's own limit on a search term. */
export const MAX_SEARCH_LENGTH = 200;

export const ACTIVE_STATUSES: readonly RunStatusValue[] = ["QUEUED", "RUNNING"];

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(params: SearchParamsLike, key: string): string | undefined {
  const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Unknown or malformed values are dropped rather than failing the page: a stale link still opens. */
export function parseRunFilters(params: SearchParamsLike): RunFilters {
  const filters: RunFilters = {};
  const kind = oneOf(RUN_KINDS, readParam(params, "kind"));
  const status = oneOf(RUN_STATUSES, readParam(params, "status")?.toUpperCase());
  const source = oneOf(RUN_SOURCES, readParam(params, "source")?.toLowerCase());
  const range = oneOf(TIME_RANGES, readParam(params, "range")?.toLowerCase());
  const search = readParam(params, "search");
  const triggerId = readParam(params, "triggerId");
  if (kind) filters.kind = kind;
  if (status) filters.status = status;
  if (source) filters.source = source;
  // "all" is the default; leaving it out keeps one URL per view.
  if (range && range !== "all") filters.range = range;
  if (search) filters.search = search.slice(0, MAX_SEARCH_LENGTH);
  if (triggerId && triggerId.length <= 64) filters.triggerId = triggerId;
  return filters;
}

/** Canonical query string (fixed key order) so equal filters give equal URLs and cache keys. */
export function runFiltersToSearchParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The /api/live/runs query for these filters at `now`: the time range becomes a `from`. */
export function runsApiQuery(filters: RunFilters, now: number) {
  return {
    kind: filters.kind,
    status: filters.status,
    source: filters.source,
    from: rangeStart(filters.range, now),
    search: filters.search,
    triggerId: filters.triggerId,
  };
}

/**
 * The /api/live/metrics query: the same runs as the table except for the status filter, since the
 * figures break runs down by status themselves.
 */
export function metricsApiQuery(filters: RunFilters, now: number) {
  return {
    kind: filters.kind ?? ("all" as const),
    from: rangeStart(filters.range, now),
    bucket: rangeBucket(filters.range),
    source: filters.source,
    search: filters.search,
    triggerId: filters.triggerId,
  };
}

/** URL parameters from a query object, leaving out what is unset. */
export function toSearchParams(query: Record<string, string | number | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params;
}

export function hasAnyFilter(filters: RunFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}

export function isActiveStatus(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}
