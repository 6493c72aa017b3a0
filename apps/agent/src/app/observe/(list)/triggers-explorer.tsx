"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { TriggerEventListResponse } from "@switchyard/core/runs/triggers-feed";
import { Button, EmptyState, FilterPills, LoadMoreButton, PausedUpdatesBanner, type PillOption } from "@switchyard/ui/components";
import { useMemo } from "react";
import { LiveIndicator } from "@/components/observe/live-indicator";
import { observeHref, TRIGGER_EVENT_STATUSES, type ObserveView, type TriggerEventStatusValue } from "@/components/observe/observe-url";
import { TriggerEventsTable } from "@/components/observe/trigger-events-table";
import { eventStatusStyle } from "@/components/observe/trigger-events";
import { formatCount } from "@/components/runs/format";
import { fetchTriggerEvents, triggerEventsQueryKey } from "./live-api";
import { retryUnlessClientError } from "@/components/api-client";
import { TriggerChip } from "./run-filter-bar";
import { RunsErrorState } from "./runs-states";

const REFETCH_MS = 10_000;

interface TriggersExplorerProps {
  view: ObserveView;
  onNavigate: (next: ObserveView) => void;
  initialData?: { events: TriggerEventListResponse; loadedAt: number };
  pageSize: number;
}

/** Every delivery to a trigger, newest first, with the runs it started. Shares the runs tab's trigger filter. */
export function TriggersExplorer({ view, onNavigate, initialData, pageSize }: TriggersExplorerProps) {
  const triggerId = view.filters.triggerId;
  const query = useInfiniteQuery({
    queryKey: triggerEventsQueryKey(triggerId, view.eventStatus),
    queryFn: ({ pageParam, signal }) => fetchTriggerEvents({ triggerId, status: view.eventStatus, cursor: pageParam, limit: pageSize }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    initialData: initialData ? { pages: [initialData.events], pageParams: [null] } : undefined,
    initialDataUpdatedAt: initialData?.loadedAt,
    placeholderData: keepPreviousData,
    refetchInterval: REFETCH_MS,
    retry: retryUnlessClientError,
  });
  const events = useMemo(() => query.data?.pages.flatMap((page) => page.events) ?? [], [query.data]);

  const statusOptions: PillOption<TriggerEventStatusValue | "all">[] = [
    { value: "all", label: "All" },
    ...TRIGGER_EVENT_STATUSES.map((status) => ({ value: status, label: eventStatusStyle(status).label })),
  ];
  const runsOfTrigger = (id: string): ObserveView => ({ tab: "runs", filters: { triggerId: id } });
  const isFiltered = Boolean(triggerId || view.eventStatus);

  return (
    <section className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs" aria-label="Trigger events">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <FilterPills
            label="Event status"
            value={view.eventStatus ?? "all"}
            options={statusOptions}
            onChange={(status) => onNavigate({ ...view, eventStatus: status === "all" ? undefined : status })}
          />
          {triggerId && <TriggerChip triggerId={triggerId} onRemove={() => onNavigate({ ...view, filters: { ...view.filters, triggerId: undefined } })} />}
        </div>
        <LiveIndicator isLive={false} isFetching={query.isFetching} updatedAt={query.dataUpdatedAt} />
      </div>

      {query.isError && query.data && <PausedUpdatesBanner message={query.error.message} onRetry={() => void query.refetch()} className="border-b" />}

      {query.isPending ? (
        <div className="px-4 py-16 text-center text-sm text-zinc-500">Loading trigger events…</div>
      ) : query.isError && !query.data ? (
        <RunsErrorState error={query.error} onRetry={() => void query.refetch()} signInHref={`/sign-in?next=${encodeURIComponent(observeHref(view))}`} />
      ) : events.length === 0 ? (
        <EmptyState
          title={isFiltered ? "No trigger events match these filters" : "No trigger events yet"}
          action={
            isFiltered && (
              <Button variant="secondary" onClick={() => onNavigate({ ...view, eventStatus: undefined, filters: { ...view.filters, triggerId: undefined } })}>
                Clear filters
              </Button>
            )
          }
        >
          Every webhook delivery, internal event and manual fire of a trigger lands here with the runs it started.
        </EmptyState>
      ) : (
        <div className={query.isPlaceholderData ? "opacity-60 transition-opacity" : "transition-opacity"}>
          <TriggerEventsTable
            events={events}
            runsOfTriggerHref={(id) => observeHref(runsOfTrigger(id))}
            onShowRunsOfTrigger={(id) => onNavigate(runsOfTrigger(id))}
          />
        </div>
      )}

      {events.length > 0 && (
        <div className="flex items-center justify-between gap-3 border-t border-zinc-200 bg-zinc-50/60 px-4 py-3 text-sm text-zinc-500">
          <span>
            Showing {formatCount(events.length)} {events.length === 1 ? "event" : "events"}
            {query.hasNextPage ? "" : ", all loaded"}
          </span>
          <LoadMoreButton query={query} />
        </div>
      )}
    </section>
  );
}
