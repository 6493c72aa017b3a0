"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, CardHeader, EmptyState, ErrorState, Skeleton } from "@switchyard/ui/components";
import type { RunListResponse, RunKind } from "@switchyard/core/runs/unified";
import Link from "next/link";
import { requestJson, retryUnlessClientError } from "../api-client";
import { RunsTable } from "../runs/runs-table";

const RECENT_RUNS = 10;

/** The latest runs of one agent, workflow, network or campaign template, refreshed while any is active. */
export function EntityRecentRuns({ kind, slug }: { kind: RunKind; slug: string }) {
  const runs = useQuery({
    queryKey: ["entity-runs", kind, slug],
    queryFn: ({ signal }) =>
      requestJson<RunListResponse>(`/api/live/runs?${new URLSearchParams({ kind, entity: slug, limit: String(RECENT_RUNS) })}`, { signal }),
    retry: retryUnlessClientError,
    refetchInterval: (query) => (query.state.data?.runs.some((run) => ["QUEUED", "RUNNING"].includes(run.status)) ? 3_000 : 15_000),
  });
  const total = runs.data?.counts.total ?? 0;
  return (
    <Card data-testid="entity-recent-runs">
      <CardHeader
        title="Recent runs"
        description={runs.data ? `${total} run${total === 1 ? "" : "s"} in all` : undefined}
        actions={
          <Link href={`/observe?${new URLSearchParams({ kind, search: slug })}`} className="text-xs font-medium text-sky-700 hover:underline">
            All runs in Observe
          </Link>
        }
      />
      {runs.isPending ? (
        <div className="space-y-3 p-4" role="status" aria-label="Loading runs">
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-2/3" />
        </div>
      ) : runs.isError ? (
        <div className="p-4">
          <ErrorState message={runs.error.message} onRetry={() => runs.refetch()} />
        </div>
      ) : runs.data.runs.length === 0 ? (
        <EmptyState title="No runs yet">Runs appear here when a schedule or trigger fires, or when someone starts one.</EmptyState>
      ) : (
        <RunsTable runs={runs.data.runs} />
      )}
    </Card>
  );
}
