import type { Metadata } from "next";
import { hasRole } from "@switchyard/core/context";
import { getReviewMetrics, listReviews } from "@switchyard/core/reviews/service";
import { requireSession } from "@/components/require-session";
import { commandFiltersToSearchParams, parseCommandFilters, REVIEWS_PAGE_SIZE, type ReviewListResponse, type ReviewMetrics } from "@/components/command/api";
import { CommandView } from "@/components/command/command-view";
import { PageHeader } from "./page-header";

export const metadata: Metadata = { title: "Command" };

export default async function CommandPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const filters = parseCommandFilters(new URLSearchParams(Object.entries(raw).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : []))));
  const query = commandFiltersToSearchParams(filters).toString();
  const ctx = await requireSession(query ? `/command?${query}` : "/command");
  const [reviews, metrics] = await Promise.all([
    listReviews(ctx, { source: filters.source ?? "all", status: filters.status, limit: REVIEWS_PAGE_SIZE }),
    getReviewMetrics(ctx),
  ]);

  return (
    <>
      <PageHeader />
      <CommandView
        initialReviews={JSON.parse(JSON.stringify(reviews)) as ReviewListResponse}
        initialMetrics={metrics as ReviewMetrics}
        initialFilters={filters}
        loadedAt={Date.now()}
        canOperate={hasRole(ctx.actor, "OPERATOR")}
      />
    </>
  );
}
