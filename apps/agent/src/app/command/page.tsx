import type { Metadata } from "next";
import { getReviewMetrics, listReviews } from "@switchyard/core/reviews/service";
import { requireSession } from "@/components/require-session";
import { commandFiltersToSearchParams, parseCommandFilters, type ReviewListResponse, type ReviewMetrics } from "@/components/command/api";
import { CommandView } from "@/components/command/command-view";

export const metadata: Metadata = { title: "Command" };

export default async function CommandPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const filters = parseCommandFilters(new URLSearchParams(Object.entries(raw).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : []))));
  const query = commandFiltersToSearchParams(filters).toString();
  const ctx = await requireSession(query ? `/command?${query}` : "/command");
  const [reviews, metrics] = await Promise.all([listReviews(ctx, { source: filters.source ?? "all", status: filters.status, limit: 100 }), getReviewMetrics(ctx)]);

  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Command</h1>
        <p className="mt-1 text-sm text-zinc-500">Everything waiting for a human decision: workflow gates, campaign plans, missions, integrations and spending.</p>
      </div>
      <CommandView
        initialReviews={JSON.parse(JSON.stringify(reviews)) as ReviewListResponse}
        initialMetrics={metrics as ReviewMetrics}
        initialFilters={filters}
        loadedAt={Date.now()}
      />
    </>
  );
}
