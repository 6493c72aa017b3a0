import type { getReviewDiff, listReviews, ReviewMetrics } from "@switchyard/core/reviews/service";
import type { Serialized } from "@/components/schedule/automation-view";
import { requestJson } from "@/components/api-client";

export type Review = Serialized<Awaited<ReturnType<typeof listReviews>>["reviews"][number]>;
export interface ReviewListResponse {
  reviews: Review[];
  nextCursor: string | null;
}
export type { ReviewMetrics };

export const REVIEW_SOURCES = ["workflow", "agent", "campaign", "mission", "integration", "financial"] as const;
export type ReviewSourceFilter = (typeof REVIEW_SOURCES)[number];
export const REVIEW_STATUSES = ["pending", "approved", "rejected", "expired", "all"] as const;
export type ReviewStatusFilter = (typeof REVIEW_STATUSES)[number];

export const SOURCE_LABELS: Record<ReviewSourceFilter, string> = {
  workflow: "Workflow",
  agent: "Agent run",
  campaign: "Campaign",
  mission: "Mission",
  integration: "Integration",
  financial: "Financial",
};

export interface CommandFilters {
  source?: ReviewSourceFilter;
  status: ReviewStatusFilter;
}

export function parseCommandFilters(params: URLSearchParams): CommandFilters {
  const source = params.get("source");
  const status = params.get("status");
  return {
    source: (REVIEW_SOURCES as readonly string[]).includes(source ?? "") ? (source as ReviewSourceFilter) : undefined,
    status: (REVIEW_STATUSES as readonly string[]).includes(status ?? "") ? (status as ReviewStatusFilter) : "pending",
  };
}

export function commandFiltersToSearchParams(filters: CommandFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.source) params.set("source", filters.source);
  if (filters.status !== "pending") params.set("status", filters.status);
  return params;
}

export const reviewsQueryKey = (filters: CommandFilters) => ["reviews", filters.source ?? "all", filters.status] as const;
export const metricsQueryKey = ["reviews", "metrics"] as const;

/** Cards per page; older ones load on demand. */
export const REVIEWS_PAGE_SIZE = 25;

export function fetchReviews(filters: CommandFilters, cursor: string | null, signal?: AbortSignal) {
  const params = new URLSearchParams({ source: filters.source ?? "all", status: filters.status, limit: String(REVIEWS_PAGE_SIZE) });
  if (cursor) params.set("cursor", cursor);
  return requestJson<ReviewListResponse>(`/api/reviews?${params}`, { signal });
}

export async function fetchMetrics(signal?: AbortSignal) {
  return (await requestJson<{ metrics: ReviewMetrics }>("/api/reviews/metrics", { signal })).metrics;
}

export type ReviewDiff = Awaited<ReturnType<typeof getReviewDiff>>;

export const reviewDiffQueryKey = (id: string) => ["review-diff", id] as const;

export function fetchReviewDiff(id: string, signal?: AbortSignal) {
  return requestJson<ReviewDiff>(`/api/reviews/${encodeURIComponent(id)}/diff`, { signal });
}

export function decideReview(body: { id: string; decision: "approve" | "reject"; notes?: string }) {
  return requestJson<{ approval: unknown }>("/api/reviews", { method: "POST", body: JSON.stringify(body) });
}

/** The number of steps in a workflow's definition, for "3 of 5 steps". */
export async function fetchWorkflowStepCount(slug: string, signal?: AbortSignal): Promise<number | null> {
  const { workflow } = await requestJson<{ workflow: { definition: { nodes?: unknown[] } | null } }>(`/api/workflows/${encodeURIComponent(slug)}`, { signal });
  return workflow.definition?.nodes?.length ?? null;
}
