"use client";

import { keepPreviousData, useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import type { RunListResponse } from "@switchyard/core/runs/unified";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { RunsTable } from "@/components/runs/runs-table";
import { hasAnyFilter, isActiveStatus, parseRunFilters, runFiltersToSearchParams, type RunFilters } from "@/components/runs/run-filters";
import { useNow } from "@/components/use-now";
import { RunCounts } from "./run-counts";
import { RunFilterBar } from "./run-filter-bar";
import { RunsEmptyState, RunsErrorState } from "./runs-states";
import { fetchRunsPage, RunsApiError, runsQueryKey } from "./runs-api";

const ACTIVE_REFETCH_MS = 2_000;
const IDLE_REFETCH_MS = 15_000;

type RunPages = InfiniteData<RunListResponse, unknown>;

function hasActiveRun(data: RunPages | undefined): boolean {
  return data?.pages.some((page) => page.runs.some((run) => isActiveStatus(run.status))) ?? false;
}

interface RunsExplorerProps {
  initialData: RunListResponse;
  initialFilters: RunFilters;
  /** When the server loaded `initialData`, so TanStack Query knows how fresh it is. */
  loadedAt: number;
  pageSize: number;
}

export function RunsExplorer({ initialData, initialFilters, loadedAt, pageSize }: RunsExplorerProps) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The URL is the single source of truth for filters, so any view can be shared as a link.
  const filters = useMemo(() => parseRunFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const filterQuery = runFiltersToSearchParams(filters).toString();
  const isServerRenderedView = filterQuery === runFiltersToSearchParams(initialFilters).toString();

  const query = useInfiniteQuery({
    queryKey: runsQueryKey(filters, pageSize),
    queryFn: ({ pageParam, signal }) => fetchRunsPage(filters, pageParam, pageSize, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    initialData: isServerRenderedView ? { pages: [initialData], pageParams: [null] } : undefined,
    initialDataUpdatedAt: isServerRenderedView ? loadedAt : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (hasActiveRun(q.state.data) ? ACTIVE_REFETCH_MS : IDLE_REFETCH_MS),
    retry: (failureCount, error) => !(error instanceof RunsApiError && error.isClientError) && failureCount < 2,
  });

  function setFilters(next: RunFilters) {
    const nextQuery = runFiltersToSearchParams(next).toString();
    window.history.pushState(null, "", nextQuery ? `${pathname}?${nextQuery}` : pathname);
  }

  const runs = useMemo(() => query.data?.pages.flatMap((page) => page.runs) ?? [], [query.data]);
  const counts = query.data?.pages[0]?.counts;
  const isLive = hasActiveRun(query.data);
  const isShowingStaleFilter = query.isPlaceholderData;

  return (
    <div className="space-y-4">
      {counts && <RunCounts counts={counts} activeStatus={filters.status} onSelectStatus={(status) => setFilters({ ...filters, status })} />}

      <section className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3">
          <RunFilterBar filters={filters} onChange={setFilters} />
          <LiveIndicator isLive={isLive} isFetching={query.isFetching} updatedAt={query.dataUpdatedAt} />
        </div>

        {query.isError && query.data && (
          <div role="alert" className="flex items-center justify-between gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            <span>Live updates paused: {query.error.message}</span>
            <button type="button" onClick={() => query.refetch()} className="font-medium underline underline-offset-2">
              Retry
            </button>
          </div>
        )}

        {query.isPending ? (
          <div className="px-4 py-16 text-center text-sm text-zinc-500">Loading runs…</div>
        ) : query.isError && !query.data ? (
          <RunsErrorState error={query.error} onRetry={() => query.refetch()} signInHref={`/sign-in?next=${encodeURIComponent(`${pathname}${filterQuery ? `?${filterQuery}` : ""}`)}`} />
        ) : runs.length === 0 ? (
          <RunsEmptyState isFiltered={hasAnyFilter(filters)} onClearFilters={() => setFilters({})} />
        ) : (
          <div className={isShowingStaleFilter ? "opacity-60 transition-opacity" : "transition-opacity"}>
            <RunsTable runs={runs} />
          </div>
        )}

        {runs.length > 0 && (
          <div className="flex items-center justify-between gap-3 border-t border-zinc-200 bg-zinc-50/60 px-4 py-3 text-sm text-zinc-500">
            <span>
              Showing {runs.length.toLocaleString("en-US")}
              {counts ? ` of ${counts.total.toLocaleString("en-US")}` : ""} runs
            </span>
            {query.hasNextPage && (
              <button
                type="button"
                onClick={() => query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
                className="rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs transition-colors hover:bg-zinc-50 disabled:opacity-60"
              >
                {query.isFetchingNextPage ? "Loading…" : "Load more"}
              </button>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function LiveIndicator({ isLive, isFetching, updatedAt }: { isLive: boolean; isFetching: boolean; updatedAt: number }) {
  const now = useNow(1_000);
  const seconds = updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1_000)) : null;
  return (
    <div className="flex items-center gap-2 text-xs text-zinc-500" aria-live="polite">
      <span className="relative flex size-2" aria-hidden>
        {isLive && <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" />}
        <span className={`relative inline-flex size-2 rounded-full ${isLive ? "bg-emerald-500" : "bg-zinc-300"}`} />
      </span>
      <span suppressHydrationWarning>
        {isFetching ? "Refreshing…" : seconds === null ? "" : seconds < 2 ? "Updated just now" : `Updated ${seconds}s ago`}
        {isLive ? " · live" : ""}
      </span>
    </div>
  );
}
