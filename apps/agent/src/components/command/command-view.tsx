"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useNow } from "@/components/use-now";
import {
  type CommandFilters,
  commandFiltersToSearchParams,
  decideReview,
  fetchMetrics,
  fetchReviews,
  metricsQueryKey,
  parseCommandFilters,
  REVIEW_SOURCES,
  REVIEW_STATUSES,
  type ReviewListResponse,
  type ReviewMetrics,
  reviewsQueryKey,
  SOURCE_LABELS,
} from "./api";
import { ReviewCard } from "./review-card";

function Pill({ isActive, onClick, children }: { isActive: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={isActive}
      onClick={onClick}
      className={`h-7 rounded-full px-3 text-xs font-medium capitalize transition-colors ${
        isActive ? "bg-zinc-900 text-white" : "bg-white text-zinc-600 ring-1 ring-inset ring-zinc-200 hover:bg-zinc-50 hover:text-zinc-900"
      }`}
    >
      {children}
    </button>
  );
}

function Metric({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums text-zinc-900">{value}</div>
      {hint && <div className="text-xs text-zinc-500">{hint}</div>}
    </div>
  );
}

function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "—";
  if (minutes < 60) return `${Math.round(minutes)}m`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)}h`;
  return `${Math.round(minutes / 1440)}d`;
}

function MetricsHeader({ metrics }: { metrics: ReviewMetrics }) {
  const trend = metrics.queueTrend;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="review-metrics">
      <Metric
        label="Waiting for you"
        value={String(metrics.pendingCount)}
        hint={REVIEW_SOURCES.filter((s) => metrics.bySource[s] > 0).map((s) => `${metrics.bySource[s]} ${SOURCE_LABELS[s].toLowerCase()}`).join(" · ") || "queue is clear"}
      />
      <Metric label="Avg wait" value={formatMinutes(metrics.avgWaitMinutes)} hint="of pending requests" />
      <Metric label="Approval rate" value={metrics.approvalRate7d === null ? "—" : `${Math.round(metrics.approvalRate7d * 100)}%`} hint="last 7 days" />
      <Metric label="Decided today" value={String(metrics.decisionsToday)} hint={`avg decision ${formatMinutes(metrics.avgDecisionMinutes)}`} />
      <Metric
        label="Queue (24h)"
        value={`${trend.delta > 0 ? "+" : ""}${trend.delta}`}
        hint={`${trend.requested24h} in · ${trend.resolved24h} out · ${trend.direction}`}
      />
    </div>
  );
}

export function CommandView({ initialReviews, initialMetrics, initialFilters, loadedAt }: { initialReviews: ReviewListResponse; initialMetrics: ReviewMetrics; initialFilters: CommandFilters; loadedAt: number }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseCommandFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const isServerView = commandFiltersToSearchParams(filters).toString() === commandFiltersToSearchParams(initialFilters).toString();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const reviews = useQuery({
    queryKey: reviewsQueryKey(filters),
    queryFn: ({ signal }) => fetchReviews(filters, signal),
    initialData: isServerView ? initialReviews : undefined,
    initialDataUpdatedAt: isServerView ? loadedAt : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const metrics = useQuery({ queryKey: metricsQueryKey, queryFn: ({ signal }) => fetchMetrics(signal), initialData: initialMetrics, initialDataUpdatedAt: loadedAt, refetchInterval: 15_000 });

  const decision = useMutation({
    mutationFn: decideReview,
    onMutate: ({ id }) => setErrors(({ [id]: _cleared, ...rest }) => rest),
    onError: (error, { id }) => setErrors((current) => ({ ...current, [id]: error.message })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["reviews"] }),
  });

  function setFilters(next: CommandFilters) {
    const query = commandFiltersToSearchParams(next).toString();
    window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
  }

  const list = reviews.data?.reviews ?? [];

  return (
    <div className="space-y-4">
      <MetricsHeader metrics={metrics.data} />

      <div className="flex flex-wrap items-center gap-4 rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs">
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Source">
          <Pill isActive={!filters.source} onClick={() => setFilters({ ...filters, source: undefined })}>
            All sources
          </Pill>
          {REVIEW_SOURCES.map((source) => (
            <Pill key={source} isActive={filters.source === source} onClick={() => setFilters({ ...filters, source })}>
              {SOURCE_LABELS[source]}
            </Pill>
          ))}
        </div>
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Status">
          {REVIEW_STATUSES.map((status) => (
            <Pill key={status} isActive={filters.status === status} onClick={() => setFilters({ ...filters, status })}>
              {status}
            </Pill>
          ))}
        </div>
        <span className="ml-auto text-xs text-zinc-500">
          Focus a card, then <kbd className="rounded bg-zinc-100 px-1 font-mono">a</kbd> approve · <kbd className="rounded bg-zinc-100 px-1 font-mono">r</kbd> reject
        </span>
      </div>

      {reviews.isError && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700">
          Reviews could not be loaded: {reviews.error.message}{" "}
          <button type="button" className="font-medium underline" onClick={() => reviews.refetch()}>
            Retry
          </button>
        </div>
      )}

      {reviews.isPending ? (
        <div className="space-y-3" aria-busy="true">
          {Array.from({ length: 3 }, (_, index) => (
            <div key={index} className="h-48 animate-pulse rounded-xl border border-zinc-200 bg-white" />
          ))}
        </div>
      ) : list.length === 0 ? (
        <div className="rounded-xl border border-zinc-200 bg-white px-6 py-16 text-center" data-testid="reviews-empty">
          <h2 className="text-sm font-semibold text-zinc-900">{filters.status === "pending" ? "Nothing is waiting for you" : "No reviews match these filters"}</h2>
          <p className="mt-1 text-sm text-zinc-500">Workflow gates, campaign plans, missions, integrations and spending requests show up here.</p>
        </div>
      ) : (
        <div className={`space-y-3 ${reviews.isPlaceholderData ? "opacity-60" : ""}`}>
          {list.map((review) => (
            <ReviewCard
              key={review.id}
              review={review}
              now={now}
              isDeciding={decision.isPending && decision.variables?.id === review.id}
              error={errors[review.id] ?? null}
              onDecide={(choice, notes) => decision.mutate({ id: review.id, decision: choice, notes: notes.trim() || undefined })}
            />
          ))}
        </div>
      )}
    </div>
  );
}
