"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { EmptyState, ErrorState, FilterPills, LoadMoreButton, MetricCard, Placeholders, Skeleton } from "@switchyard/ui/components";
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
  type ReviewSourceFilter,
  type ReviewStatusFilter,
  type ReviewMetrics,
  reviewsQueryKey,
  SOURCE_LABELS,
} from "./api";
import { NEEDS_OPERATOR, ReviewCard } from "./review-card";

const STATUS_LABELS: Record<ReviewStatusFilter, string> = { pending: "Pending", approved: "Approved", rejected: "Rejected", expired: "Expired", all: "All" };

function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "—";
  if (minutes < 60) return `${Math.round(minutes)}m`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)}h`;
  return `${Math.round(minutes / 1440)}d`;
}

function MetricsHeader({ metrics }: { metrics: ReviewMetrics }) {
  const trend = metrics.queueTrend;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-6" data-testid="review-metrics">
      <MetricCard
        className="col-span-2"
        label="Waiting for you"
        value={String(metrics.pendingCount)}
        hint={
          REVIEW_SOURCES.filter((s) => metrics.bySource[s] > 0)
            .map((s) => `${metrics.bySource[s]} ${SOURCE_LABELS[s].toLowerCase()}`)
            .join(" · ") || "queue is clear"
        }
      />
      <MetricCard label="Avg wait" value={formatMinutes(metrics.avgWaitMinutes)} hint="of pending requests" />
      <MetricCard label="Approval rate" value={metrics.approvalRate7d === null ? "—" : `${Math.round(metrics.approvalRate7d * 100)}%`} hint="last 7 days" />
      <MetricCard label="Decided today" value={String(metrics.decisionsToday)} hint={`avg decision ${formatMinutes(metrics.avgDecisionMinutes)}`} />
      <MetricCard
        label="Queue (24h)"
        value={`${trend.delta > 0 ? "+" : ""}${trend.delta}`}
        hint={`${trend.requested24h} in · ${trend.resolved24h} out · ${trend.direction}`}
      />
    </div>
  );
}

interface CommandViewProps {
  initialReviews: ReviewListResponse;
  initialMetrics: ReviewMetrics;
  initialFilters: CommandFilters;
  loadedAt: number;
  /** OPERATOR or above: may approve and reject (the API checks again). */
  canOperate: boolean;
}

export function CommandView({ initialReviews, initialMetrics, initialFilters, loadedAt, canOperate }: CommandViewProps) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseCommandFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const isServerView = commandFiltersToSearchParams(filters).toString() === commandFiltersToSearchParams(initialFilters).toString();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const reviews = useInfiniteQuery({
    queryKey: reviewsQueryKey(filters),
    queryFn: ({ pageParam, signal }) => fetchReviews(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: isServerView ? { pages: [initialReviews], pageParams: [null] } : undefined,
    initialDataUpdatedAt: isServerView ? loadedAt : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const metrics = useQuery({
    queryKey: metricsQueryKey,
    queryFn: ({ signal }) => fetchMetrics(signal),
    initialData: initialMetrics,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: 15_000,
  });

  const [lastDecision, setLastDecision] = useState<{ title: string; decision: "approve" | "reject" } | null>(null);
  const decision = useMutation({
    mutationFn: decideReview,
    onMutate: ({ id }) => setErrors(({ [id]: _cleared, ...rest }) => rest),
    onSuccess: (_result, { id, decision: choice }) =>
      setLastDecision({ title: list.find((review) => review.id === id)?.title ?? "the review", decision: choice }),
    onError: (error, { id }) => setErrors((current) => ({ ...current, [id]: error.message })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["reviews"] }),
  });

  function setFilters(next: CommandFilters) {
    const query = commandFiltersToSearchParams(next).toString();
    window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
  }

  // Once each: a decision elsewhere shifts page boundaries between two page loads.
  const list = [...new Map((reviews.data?.pages.flatMap((page) => page.reviews) ?? []).map((review) => [review.id, review])).values()];

  return (
    <div className="space-y-4">
      <MetricsHeader metrics={metrics.data} />

      <div className="flex flex-wrap items-center gap-x-6 gap-y-3 rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs">
        <FilterPills<ReviewSourceFilter | "all">
          label="Source"
          value={filters.source ?? "all"}
          options={[
            { value: "all", label: "All sources" },
            ...REVIEW_SOURCES.map((source) => ({
              value: source,
              label: SOURCE_LABELS[source],
              count: filters.status === "pending" ? metrics.data.bySource[source] : undefined,
            })),
          ]}
          onChange={(value) => setFilters({ ...filters, source: value === "all" ? undefined : value })}
        />
        <FilterPills<ReviewStatusFilter>
          label="Status"
          value={filters.status}
          options={REVIEW_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
          onChange={(status) => setFilters({ ...filters, status })}
        />
        {canOperate ? (
          <span className="ml-auto text-xs text-zinc-500">
            Focus a card, then <kbd className="rounded bg-zinc-100 px-1 font-mono">a</kbd> approve · <kbd className="rounded bg-zinc-100 px-1 font-mono">r</kbd>{" "}
            reject
          </span>
        ) : (
          <span className="ml-auto text-xs text-zinc-500">{NEEDS_OPERATOR}</span>
        )}
      </div>

      {lastDecision && (
        <div
          role="status"
          className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white px-4 py-2 text-sm text-zinc-700 shadow-xs"
          data-testid="decision-notice"
        >
          <span>
            {lastDecision.decision === "approve" ? "Approved" : "Rejected"} “{lastDecision.title}”.
          </span>
          <button
            type="button"
            className="font-medium text-zinc-900 underline underline-offset-2"
            onClick={() => setFilters({ ...filters, status: lastDecision.decision === "approve" ? "approved" : "rejected" })}
          >
            See decided reviews
          </button>
        </div>
      )}

      {reviews.isError && !reviews.isFetchNextPageError && (
        <ErrorState title="Reviews could not be loaded" message={reviews.error.message} onRetry={() => void reviews.refetch()} />
      )}

      {reviews.isPending ? (
        <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading reviews">
          <Placeholders count={3}>{() => <Skeleton className="h-48 rounded-xl" />}</Placeholders>
        </div>
      ) : list.length === 0 ? (
        <div className="rounded-xl border border-zinc-200 bg-white" data-testid="reviews-empty">
          <EmptyState title={filters.status === "pending" ? "Nothing is waiting for you" : "No reviews match these filters"}>
            Workflow gates, runs of agents that need approval, campaign plans, missions, integrations and spending requests show up here.
          </EmptyState>
        </div>
      ) : (
        <div className={`space-y-3 ${reviews.isPlaceholderData ? "opacity-60" : ""}`}>
          {list.map((review) => (
            <ReviewCard
              key={review.id}
              review={review}
              now={now}
              canDecide={canOperate}
              isDeciding={decision.isPending && decision.variables?.id === review.id}
              error={errors[review.id] ?? null}
              onDecide={(choice, notes) => decision.mutate({ id: review.id, decision: choice, notes: notes.trim() || undefined })}
            />
          ))}
          <div className="flex justify-center empty:hidden">
            <LoadMoreButton query={reviews} label="Load older reviews" data-testid="reviews-load-more" />
          </div>
        </div>
      )}
    </div>
  );
}
