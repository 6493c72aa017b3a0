"use client";

import { keepPreviousData, useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import type { RunMetricsResponse } from "@switchyard/core/runs/metrics";
import type { RunListResponse } from "@switchyard/core/runs/unified";
import { FilterPills, LoadMoreButton, PausedUpdatesBanner, type PillOption } from "@switchyard/ui/components";
import { useMemo, useState } from "react";
import { BulkRunActions, type BulkTarget } from "@/components/runs/bulk-run-actions";
import { KIND_STYLE } from "@/components/runs/kind-style";
import { LiveIndicator } from "@/components/observe/live-indicator";
import { observeHref } from "@/components/observe/observe-url";
import { TIME_RANGE_SPECS, TIME_RANGES, type TimeRange } from "@/components/observe/time-range";
import { runKey, RunsTable, type RunSelection } from "@/components/runs/runs-table";
import { formatCount } from "@/components/runs/format";
import { hasAnyFilter, isActiveStatus, RUN_KINDS, type RunFilters, type RunKindValue } from "@/components/runs/run-filters";
import { fetchRunsPage, runsQueryKey } from "./live-api";
import { retryUnlessClientError } from "@/components/api-client";
import { MetricsSection } from "./metrics-section";
import { RunFilterBar } from "./run-filter-bar";
import { RunsEmptyState, RunsErrorState } from "./runs-states";

const ACTIVE_REFETCH_MS = 2_000;
const IDLE_REFETCH_MS = 15_000;

type RunPages = InfiniteData<RunListResponse, unknown>;
type KindPill = RunKindValue | "all";

function hasActiveRun(data: RunPages | undefined): boolean {
  return data?.pages.some((page) => page.runs.some((run) => isActiveStatus(run.status))) ?? false;
}

interface RunsExplorerProps {
  filters: RunFilters;
  onChangeFilters: (next: RunFilters) => void;
  /** What the server loaded for exactly these filters, and when. */
  initialData?: { runs: RunListResponse; metrics: RunMetricsResponse; loadedAt: number };
  pageSize: number;
  /** Operators get checkboxes and the bulk cancel / retry toolbar. */
  canOperate: boolean;
}

export function RunsExplorer({ filters, onChangeFilters: changeFilters, initialData, pageSize, canOperate }: RunsExplorerProps) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [isAllMatching, setAllMatching] = useState(false);
  const [notice, setNotice] = useState<{ message: string; isPartial: boolean } | null>(null);
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  // A selection belongs to the filter it was made under.
  const onChangeFilters = (next: RunFilters) => {
    clearSelection();
    changeFilters(next);
  };
  const query = useInfiniteQuery({
    queryKey: runsQueryKey(filters, pageSize),
    queryFn: ({ pageParam, signal }) => fetchRunsPage(filters, pageParam, pageSize, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    initialData: initialData ? { pages: [initialData.runs], pageParams: [null] } : undefined,
    initialDataUpdatedAt: initialData?.loadedAt,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (hasActiveRun(q.state.data) ? ACTIVE_REFETCH_MS : IDLE_REFETCH_MS),
    retry: retryUnlessClientError,
  });
  const isLive = hasActiveRun(query.data);
  const counts = query.data?.pages[0]?.counts;
  // byKind ignores the kind filter, so every pill keeps its count when one kind is selected.
  const allKindsTotal = counts ? RUN_KINDS.reduce((sum, kind) => sum + counts.byKind[kind], 0) : undefined;

  const runs = useMemo(() => query.data?.pages.flatMap((page) => page.runs) ?? [], [query.data]);
  const isShowingStaleFilter = query.isPlaceholderData;
  const kindOptions: PillOption<KindPill>[] = [
    { value: "all", label: "All", count: allKindsTotal },
    ...RUN_KINDS.map((kind) => ({
      value: kind,
      label: (
        <>
          <span className={`size-2 rounded-sm ${KIND_STYLE[kind].dot}`} aria-hidden />
          {KIND_STYLE[kind].label}
        </>
      ),
      count: counts?.byKind[kind],
    })),
  ];
  const selection: RunSelection | undefined = canOperate
    ? {
        selected,
        onSelect: (keys, isSelected) => {
          setAllMatching(false);
          setSelected((current) => {
            const next = new Set(current);
            for (const key of keys) isSelected ? next.add(key) : next.delete(key);
            return next;
          });
        },
      }
    : undefined;
  const bulkTarget: BulkTarget = isAllMatching
    ? { allMatching: true }
    : { runs: runs.filter((run) => selected.has(runKey(run))).map(({ kind, id }) => ({ kind, id })) };
  const rangeOptions: PillOption<TimeRange>[] = TIME_RANGES.map((range) => ({ value: range, label: TIME_RANGE_SPECS[range].label }));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <FilterPills
          label="Kind"
          value={filters.kind ?? "all"}
          options={kindOptions}
          onChange={(kind) => onChangeFilters({ ...filters, kind: kind === "all" ? undefined : kind })}
        />
        <div className="flex items-center gap-2">
          <span className="text-xs font-medium text-zinc-500">Started</span>
          <FilterPills
            label="Time range"
            value={filters.range ?? "all"}
            options={rangeOptions}
            onChange={(range) => onChangeFilters({ ...filters, range: range === "all" ? undefined : range })}
          />
        </div>
      </div>

      <MetricsSection
        filters={filters}
        isLive={isLive}
        initialData={initialData ? { metrics: initialData.metrics, loadedAt: initialData.loadedAt } : undefined}
      />

      <section className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs" aria-label="Runs">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3">
          <RunFilterBar filters={filters} onChange={onChangeFilters} />
          <LiveIndicator isLive={isLive} isFetching={query.isFetching} updatedAt={query.dataUpdatedAt} />
        </div>

        {notice && (
          <div
            role={notice.isPartial ? "alert" : "status"}
            data-testid="run-bulk-notice"
            className={`flex items-start justify-between gap-3 border-b px-4 py-2 text-sm ${notice.isPartial ? "border-amber-300 bg-amber-50 text-amber-900" : "border-zinc-200 bg-white text-zinc-700"}`}
          >
            <span>{notice.message}</span>
            <button type="button" className="text-xs text-zinc-500 hover:text-zinc-900" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </div>
        )}

        {(isAllMatching || selected.size > 0) && (
          <BulkRunActions
            target={bulkTarget}
            selectedCount={"runs" in bulkTarget ? bulkTarget.runs.length : 0}
            matchingCount={counts?.total}
            filters={filters}
            onSelectAllMatching={() => setAllMatching(true)}
            onClear={clearSelection}
            onDone={(message, isPartial) => {
              clearSelection();
              setNotice({ message, isPartial });
            }}
          />
        )}

        {query.isError && query.data && <PausedUpdatesBanner message={query.error.message} onRetry={() => void query.refetch()} className="border-b" />}

        {query.isPending ? (
          <div className="px-4 py-16 text-center text-sm text-zinc-500">Loading runs…</div>
        ) : query.isError && !query.data ? (
          <RunsErrorState
            error={query.error}
            onRetry={() => void query.refetch()}
            signInHref={`/sign-in?next=${encodeURIComponent(observeHref({ tab: "runs", filters }))}`}
          />
        ) : runs.length === 0 ? (
          <RunsEmptyState isFiltered={hasAnyFilter(filters)} onClearFilters={() => onChangeFilters({})} />
        ) : (
          <div className={isShowingStaleFilter ? "opacity-60 transition-opacity" : "transition-opacity"}>
            <RunsTable runs={runs} selection={selection} />
          </div>
        )}

        {runs.length > 0 && (
          <div className="flex items-center justify-between gap-3 border-t border-zinc-200 bg-zinc-50/60 px-4 py-3 text-sm text-zinc-500">
            <span>
              Showing {formatCount(runs.length)}
              {counts ? ` of ${formatCount(counts.total)}` : ""} runs
            </span>
            <LoadMoreButton query={query} />
          </div>
        )}
      </section>
    </div>
  );
}
