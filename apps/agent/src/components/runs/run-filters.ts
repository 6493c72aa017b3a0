/**
 * The /observe filters as they live in the URL. Server page and client table read them through the
 * same parser, so a shared link renders the same view on first paint and on every refetch.
 * Values mirror the RunStatus / RunSource enums; they are listed here because client code must not
 * import the database package.
 */

export const RUN_STATUSES = ["QUEUED", "RUNNING", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"] as const;
export type RunStatusValue = (typeof RUN_STATUSES)[number];

export const RUN_KINDS = ["agent", "workflow", "network", "campaign", "pulse"] as const;
export type RunKindValue = (typeof RUN_KINDS)[number];

export const RUN_SOURCES = [
  "api",
  "manual",
  "trigger",
  "webhook",
  "event",
  "schedule",
  "test",
  "retry",
  "workflow",
  "network",
  "campaign",
  "pulse",
  "chat",
  "slack",
  "voice",
  "mcp",
  "demo",
] as const;
export type RunSourceValue = (typeof RUN_SOURCES)[number];

export interface RunFilters {
  kind?: RunKindValue;
  status?: RunStatusValue;
  source?: RunSourceValue;
  triggerId?: string;
}

export const FILTER_KEYS = ["kind", "status", "source", "triggerId"] as const satisfies readonly (keyof RunFilters)[];

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
  const triggerId = readParam(params, "triggerId");
  if (kind) filters.kind = kind;
  if (status) filters.status = status;
  if (source) filters.source = source;
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

export function hasAnyFilter(filters: RunFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}

export function isActiveStatus(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}
