import type { RunMetricsResponse } from "@switchyard/core/runs/metrics";
import type { TriggerEventListResponse } from "@switchyard/core/runs/triggers-feed";
import type { RunListResponse } from "@switchyard/core/runs/unified";
import { requestJson } from "@/components/api-client";
import { metricsApiQuery, runFiltersToSearchParams, runsApiQuery, toSearchParams, type RunFilters } from "@/components/runs/run-filters";

// Keys name the filters, not the `from` they map to: a relative range stays one cache entry while
// each refetch reads it afresh from the current time.
export function runsQueryKey(filters: RunFilters, pageSize: number) {
  return ["runs", runFiltersToSearchParams(filters).toString(), pageSize] as const;
}

export function metricsQueryKey(filters: RunFilters) {
  return ["run-metrics", runFiltersToSearchParams({ ...filters, status: undefined }).toString()] as const;
}

export function triggerEventsQueryKey(triggerId: string | undefined, status: string | undefined) {
  return ["trigger-events", triggerId ?? "", status ?? ""] as const;
}

export function fetchRunsPage(filters: RunFilters, cursor: string | null, pageSize: number, signal?: AbortSignal): Promise<RunListResponse> {
  return fetchLive("/api/live/runs", { ...runsApiQuery(filters, Date.now()), cursor: cursor ?? undefined, limit: pageSize }, signal);
}

export function fetchMetrics(filters: RunFilters, signal?: AbortSignal): Promise<RunMetricsResponse> {
  return fetchLive("/api/live/metrics", metricsApiQuery(filters, Date.now()), signal);
}

export function fetchTriggerEvents(
  query: { triggerId?: string; status?: string; cursor: string | null; limit: number },
  signal?: AbortSignal,
): Promise<TriggerEventListResponse> {
  return fetchLive("/api/live/triggers", { ...query, cursor: query.cursor ?? undefined }, signal);
}

function fetchLive<T>(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(`${path}?${toSearchParams(query)}`, { signal });
}
