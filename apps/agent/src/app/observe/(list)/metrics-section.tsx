"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RunMetricsResponse } from "@switchyard/core/runs/metrics";
import { ErrorState } from "@switchyard/ui/components";
import { useMemo } from "react";
import { toChartPoints } from "@/components/observe/chart-series";
import { MetricCards, MetricCardsSkeleton } from "@/components/observe/metric-cards";
import { RunCharts, RunChartsEmpty, RunChartsSkeleton } from "@/components/observe/run-charts";
import { describeRange } from "@/components/observe/time-range";
import type { RunFilters } from "@/components/runs/run-filters";
import { fetchMetrics, metricsQueryKey } from "./live-api";
import { retryUnlessClientError } from "@/components/api-client";

const LIVE_REFETCH_MS = 5_000;
const IDLE_REFETCH_MS = 15_000;

interface MetricsSectionProps {
  filters: RunFilters;
  /** A run in view is still going: figures change, so poll faster. */
  isLive: boolean;
  initialData?: { metrics: RunMetricsResponse; loadedAt: number };
}

/** Metric cards and charts for the runs the table shows (any status), polled like the table. */
export function MetricsSection({ filters, isLive, initialData }: MetricsSectionProps) {
  const query = useQuery({
    queryKey: metricsQueryKey(filters),
    queryFn: ({ signal }) => fetchMetrics(filters, signal),
    initialData: initialData?.metrics,
    initialDataUpdatedAt: initialData?.loadedAt,
    placeholderData: keepPreviousData,
    refetchInterval: isLive ? LIVE_REFETCH_MS : IDLE_REFETCH_MS,
    retry: retryUnlessClientError,
  });
  const points = useMemo(() => (query.data ? toChartPoints(query.data.series) : []), [query.data]);
  const rangeLabel = describeRange(filters.range);

  if (query.isPending) {
    return (
      <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading metrics">
        <MetricCardsSkeleton />
        <RunChartsSkeleton />
      </div>
    );
  }
  if (query.isError && !query.data) {
    return <ErrorState title="Metrics could not be loaded" message={query.error.message} onRetry={() => void query.refetch()} />;
  }
  const metrics = query.data;
  return (
    <div className={`space-y-3 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`} data-testid="observe-metrics">
      <MetricCards metrics={metrics.totals} rangeLabel={rangeLabel} />
      {metrics.totals.total === 0 ? (
        <RunChartsEmpty rangeLabel={rangeLabel} />
      ) : (
        <RunCharts points={points} bucket={metrics.bucket} kind={filters.kind} rangeLabel={rangeLabel} />
      )}
    </div>
  );
}
