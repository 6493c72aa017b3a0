"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getSeverity, getSeverityStyles, type SeverityLevel } from "@switchyard/ui/severity";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { formatCost, formatDuration, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { useNow } from "@/components/use-now";
import {
  fetchFeed,
  fetchGroups,
  fetchHealth,
  godmodeKeys,
  HEALTH_LIMIT,
  type ActivityEventRow,
  type ActivityGroup,
  type ActivityListResponse,
  type GroupedActivityResponse,
} from "./api";
import { ChainInspector } from "./chain-inspector";
import {
  TYPE_FILTERS,
  chainRefOfEvent,
  eventTypeConfig,
  godmodeFiltersToSearchParams,
  parseChainRef,
  parseGodmodeFilters,
  summarizeHealth,
  typesForFilter,
  type ChainRef,
  type GodmodeFilters,
} from "./event-config";

const FEED_POLL_MS = 3_000;
const GROUPS_POLL_MS = 10_000;
const HEALTH_POLL_MS = 30_000;

const SEVERITY_LABELS: Record<SeverityLevel, string> = { healthy: "Healthy", degrading: "Degrading", unstable: "Unstable", failing: "Failing" };
const SEVERITY_BAR: Record<SeverityLevel, string> = { healthy: "bg-green-500", degrading: "bg-yellow-500", unstable: "bg-orange-500", failing: "bg-red-500" };

function Pill({ isActive, onClick, children }: { isActive: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={isActive}
      onClick={onClick}
      className={`h-7 whitespace-nowrap rounded-full px-3 text-xs font-medium transition-colors ${
        isActive ? "bg-zinc-900 text-white" : "bg-white text-zinc-600 ring-1 ring-inset ring-zinc-200 hover:bg-zinc-50 hover:text-zinc-900"
      }`}
    >
      {children}
    </button>
  );
}

export interface GodmodeInitialData {
  feed: ActivityListResponse;
  groups: GroupedActivityResponse;
  health: ActivityListResponse;
  /** The filter the initial feed and groups were loaded with. */
  types: string | undefined;
  q: string | undefined;
}

export function GodmodeView({ initialData, loadedAt }: { initialData: GodmodeInitialData; loadedAt: number }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseGodmodeFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [isPaused, setIsPaused] = useState(false);
  const [search, setSearch] = useState(filters.q ?? "");
  const now = useNow(5_000);

  const types = typesForFilter(filters.type);
  const isInitialFilter = types === initialData.types && filters.q === initialData.q;

  const feed = useQuery({
    queryKey: godmodeKeys.feed(types, filters.q),
    queryFn: ({ signal }) => fetchFeed(types, filters.q, signal),
    initialData: isInitialFilter ? initialData.feed : undefined,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: isPaused ? false : FEED_POLL_MS,
    placeholderData: keepPreviousData,
  });
  const groups = useQuery({
    queryKey: godmodeKeys.groups(types, filters.q),
    queryFn: ({ signal }) => fetchGroups(types, filters.q, signal),
    initialData: isInitialFilter ? initialData.groups : undefined,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: isPaused ? false : GROUPS_POLL_MS,
    placeholderData: keepPreviousData,
  });
  const health = useQuery({
    queryKey: godmodeKeys.health,
    queryFn: ({ signal }) => fetchHealth(signal),
    initialData: initialData.health,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: HEALTH_POLL_MS,
  });

  const setFilters = useCallback(
    (next: GodmodeFilters, replace = false) => {
      const query = godmodeFiltersToSearchParams(next).toString();
      const url = query ? `${pathname}?${query}` : pathname;
      if (replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );

  const openChain = (ref: ChainRef) => setFilters({ ...filters, chain: `${ref.kind}:${ref.id}` });
  const closeChain = useCallback(() => setFilters({ ...filters, chain: undefined }), [filters, setFilters]);
  const chainRef = filters.chain ? parseChainRef(filters.chain) : null;

  return (
    <div className="space-y-4">
      <HealthBar events={health.data?.events ?? []} isCapped={Boolean(health.data?.nextCursor)} isError={health.isError} />

      <div className="flex flex-wrap items-center gap-3">
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Event type">
          <Pill isActive={!filters.type} onClick={() => setFilters({ ...filters, type: undefined })}>
            All
          </Pill>
          {TYPE_FILTERS.map((filter) => (
            <Pill key={filter.id} isActive={filters.type === filter.id} onClick={() => setFilters({ ...filters, type: filter.id })}>
              {filter.label}
            </Pill>
          ))}
        </div>
        <form
          role="search"
          className="ml-auto"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters({ ...filters, q: search.trim() || undefined });
          }}
        >
          <label htmlFor="activity-search" className="sr-only">
            Search activity
          </label>
          <input
            id="activity-search"
            type="search"
            value={search}
            placeholder="Search titles and descriptions"
            onChange={(event) => {
              setSearch(event.target.value);
              setFilters({ ...filters, q: event.target.value.trim() || undefined }, true);
            }}
            className="h-8 w-64 rounded-md border border-zinc-200 bg-white px-3 text-sm shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10"
          />
        </form>
      </div>

      <div className="grid gap-4 xl:grid-cols-5">
        <section aria-labelledby="feed-title" className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs xl:col-span-3">
          <header className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3">
            <div className="flex items-center gap-2">
              <h2 id="feed-title" className="text-sm font-semibold text-zinc-900">
                Live activity
              </h2>
              <LiveIndicator isPaused={isPaused} isFetching={feed.isFetching} />
            </div>
            <div className="flex items-center gap-3">
              <span className="text-xs text-zinc-500" title={feed.dataUpdatedAt ? formatExactTime(new Date(feed.dataUpdatedAt).toISOString()) : undefined}>
                {feed.dataUpdatedAt ? `Updated ${formatRelativeTime(new Date(feed.dataUpdatedAt).toISOString(), now)}` : ""}
              </span>
              <button
                type="button"
                onClick={() => setIsPaused((paused) => !paused)}
                aria-pressed={isPaused}
                data-testid="feed-pause"
                className="rounded-md border border-zinc-200 px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
              >
                {isPaused ? "▶ Resume" : "⏸ Pause"}
              </button>
            </div>
          </header>
          <FeedBody query={feed} now={now} onOpen={openChain} isFiltered={Boolean(filters.type || filters.q)} />
        </section>

        <section aria-labelledby="groups-title" className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs xl:col-span-2">
          <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-3">
            <h2 id="groups-title" className="text-sm font-semibold text-zinc-900">
              Execution trees
            </h2>
            <span className="text-xs text-zinc-500">Campaigns, networks and workflows</span>
          </header>
          <GroupsBody query={groups} now={now} onOpen={openChain} />
        </section>
      </div>

      {chainRef && <ChainInspector key={filters.chain} chainRef={chainRef} onClose={closeChain} />}
    </div>
  );
}

function LiveIndicator({ isPaused, isFetching }: { isPaused: boolean; isFetching: boolean }) {
  if (isPaused) return <span className="rounded-full bg-amber-100 px-2 py-0.5 text-[11px] font-medium text-amber-800">Paused</span>;
  return (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-2 py-0.5 text-[11px] font-medium text-emerald-700" aria-live="polite">
      <span className="relative flex size-1.5" aria-hidden>
        <span className={`absolute inline-flex size-full rounded-full bg-emerald-500 opacity-75 ${isFetching ? "animate-ping" : ""}`} />
        <span className="relative inline-flex size-1.5 rounded-full bg-emerald-500" />
      </span>
      Live
    </span>
  );
}

function HealthBar({ events, isCapped, isError }: { events: ActivityEventRow[]; isCapped: boolean; isError: boolean }) {
  const summary = summarizeHealth(events);
  const severity = getSeverity(summary.successRate, summary.total);
  const styles = getSeverityStyles(severity);
  const rate = summary.total === 0 ? null : summary.successRate;
  return (
    <section aria-label="System health" data-severity={severity} className={`rounded-xl border border-l-4 border-zinc-200 bg-white p-4 shadow-xs ${styles.border}`}>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <div>
          <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">System health · last 24 h</div>
          <div className="mt-0.5 flex items-center gap-2">
            <span className={`text-2xl font-semibold tabular-nums ${styles.text}`}>{rate === null ? "—" : `${rate.toFixed(rate >= 99.95 || rate === 0 ? 0 : 1)}%`}</span>
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${styles.badge}`}>{SEVERITY_LABELS[severity]}</span>
          </div>
        </div>
        <div className="min-w-48 flex-1">
          <div className="flex h-2.5 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={`${summary.succeeded} succeeded, ${summary.failed} failed`}>
            {summary.total > 0 && (
              <>
                <div className={SEVERITY_BAR[severity]} style={{ width: `${summary.successRate}%` }} />
                <div className="bg-red-300" style={{ width: `${100 - summary.successRate}%` }} />
              </>
            )}
          </div>
          <div className="mt-1.5 flex gap-4 text-xs text-zinc-500">
            <span>
              <span className="font-medium text-zinc-900">{summary.succeeded}</span> succeeded
            </span>
            <span>
              <span className="font-medium text-zinc-900">{summary.failed}</span> failed
            </span>
            {summary.total === 0 && <span>Nothing finished in the last 24 hours.</span>}
            {isCapped && <span title={`Computed from the latest ${HEALTH_LIMIT} outcomes`}>latest {HEALTH_LIMIT} outcomes</span>}
            {isError && <span className="text-red-600">Health could not be refreshed.</span>}
          </div>
        </div>
      </div>
    </section>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
}

function ErrorNotice({ message, retry }: { message: string; retry: () => unknown }) {
  return (
    <div role="alert" className="m-4 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {message}
      <button type="button" onClick={() => void retry()} className="ml-2 font-medium underline">
        Retry
      </button>
    </div>
  );
}

function SkeletonRows({ count }: { count: number }) {
  return (
    <div aria-busy="true" aria-label="Loading" className="divide-y divide-zinc-100">
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="flex items-center gap-3 px-4 py-3">
          <div className="size-7 animate-pulse rounded-md bg-zinc-100" />
          <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100" />
          <div className="h-3 w-14 animate-pulse rounded bg-zinc-100" />
        </div>
      ))}
    </div>
  );
}

function FeedBody({ query, now, onOpen, isFiltered }: { query: QueryLike<ActivityListResponse>; now: number; onOpen: (ref: ChainRef) => void; isFiltered: boolean }) {
  if (query.isPending) return <SkeletonRows count={8} />;
  if (query.isError && !query.data) return <ErrorNotice message={`The activity feed could not be loaded: ${query.error?.message ?? "unknown error"}`} retry={query.refetch} />;
  const events = query.data?.events ?? [];
  return (
    <>
      {query.isError && <ErrorNotice message="The feed stopped refreshing; showing the last events received." retry={query.refetch} />}
      {events.length === 0 ? (
        <div className="px-4 py-12 text-center">
          <p className="text-sm font-medium text-zinc-900">{isFiltered ? "No activity matches these filters" : "No activity yet"}</p>
          <p className="mt-1 text-sm text-zinc-500">{isFiltered ? "Try another type or clear the search." : "Runs, workflows, campaigns and triggers appear here as they happen."}</p>
        </div>
      ) : (
        <ol className="max-h-[70vh] divide-y divide-zinc-100 overflow-y-auto" aria-label="Activity events" data-testid="activity-feed">
          {events.map((event) => (
            <FeedRow key={event.id} event={event} now={now} onOpen={onOpen} />
          ))}
        </ol>
      )}
    </>
  );
}

function FeedRow({ event, now, onOpen }: { event: ActivityEventRow; now: number; onOpen: (ref: ChainRef) => void }) {
  const config = eventTypeConfig(event.type);
  const ref = chainRefOfEvent(event);
  const body = (
    <>
      <span className={`grid size-7 shrink-0 place-items-center rounded-md text-xs font-semibold ${config.chip}`} aria-hidden>
        {config.icon}
      </span>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          <span className="truncate text-sm font-medium text-zinc-900">{event.title}</span>
        </span>
        <span className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-zinc-500">
          <span className="font-medium text-zinc-600">{config.label}</span>
          {event.agentSlug && <span className="font-mono">{event.agentSlug}</span>}
          {event.durationMs !== null && <span>{formatDuration(event.durationMs)}</span>}
          {event.costUsd ? <span>{formatCost(event.costUsd)}</span> : null}
          {event.description && <span className="truncate">{event.description}</span>}
        </span>
      </span>
      <time dateTime={event.createdAt} title={formatExactTime(event.createdAt)} className="shrink-0 text-xs tabular-nums text-zinc-500">
        {formatRelativeTime(event.createdAt, now)}
      </time>
    </>
  );
  return (
    <li data-event-type={event.type} className={`border-l-2 ${config.accent}`}>
      {ref ? (
        <button type="button" onClick={() => onOpen(ref)} className="flex w-full items-center gap-3 px-4 py-2.5 text-left hover:bg-zinc-50" title="Open its execution tree">
          {body}
        </button>
      ) : (
        <div className="flex items-center gap-3 px-4 py-2.5">{body}</div>
      )}
    </li>
  );
}

const GROUP_LABELS: Record<ActivityGroup["type"], string> = { campaign: "Campaign", network: "Network", workflow: "Workflow" };

function GroupsBody({ query, now, onOpen }: { query: QueryLike<GroupedActivityResponse>; now: number; onOpen: (ref: ChainRef) => void }) {
  if (query.isPending) return <SkeletonRows count={5} />;
  if (query.isError && !query.data) return <ErrorNotice message={`Execution trees could not be loaded: ${query.error?.message ?? "unknown error"}`} retry={query.refetch} />;
  const groups = query.data?.groups ?? [];
  if (groups.length === 0) {
    return (
      <div className="px-4 py-12 text-center">
        <p className="text-sm font-medium text-zinc-900">No execution trees</p>
        <p className="mt-1 text-sm text-zinc-500">Campaigns, network runs and workflow runs group their events here.</p>
      </div>
    );
  }
  return (
    <ul className="max-h-[70vh] divide-y divide-zinc-100 overflow-y-auto" data-testid="execution-groups">
      {groups.map((group) => (
        <GroupRow key={`${group.type}:${group.key}`} group={group} now={now} onOpen={onOpen} />
      ))}
    </ul>
  );
}

function GroupRow({ group, now, onOpen }: { group: ActivityGroup; now: number; onOpen: (ref: ChainRef) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const { stats } = group;
  const finished = stats.completed + stats.failed;
  const severity = getSeverity(finished ? (stats.completed / finished) * 100 : 100, finished);
  const styles = getSeverityStyles(severity);
  const ref: ChainRef = { kind: group.type, id: group.key };
  const title = group.rootEvent?.title ?? `${GROUP_LABELS[group.type]} ${group.key}`;
  return (
    <li data-group-type={group.type} className={`border-l-2 ${styles.border}`}>
      <div className="flex items-start gap-2 px-3 py-2.5">
        <button
          type="button"
          onClick={() => setIsOpen((open) => !open)}
          aria-expanded={isOpen}
          aria-label={isOpen ? "Hide events" : "Show events"}
          className="mt-0.5 grid size-5 shrink-0 place-items-center rounded text-xs text-zinc-500 hover:bg-zinc-100"
        >
          {isOpen ? "▾" : "▸"}
        </button>
        <button type="button" onClick={() => onOpen(ref)} className="min-w-0 flex-1 text-left" title="Open the chain inspector">
          <span className="flex items-center gap-2">
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-zinc-600">{GROUP_LABELS[group.type]}</span>
            <span className="truncate text-sm font-medium text-zinc-900 hover:underline">{title}</span>
          </span>
          <span className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500">
            <span>{stats.total} events</span>
            <span className="text-emerald-700">{stats.completed} ok</span>
            {stats.failed > 0 && <span className="text-red-600">{stats.failed} failed</span>}
            {stats.running > 0 && <span className="text-sky-700">{stats.running} running</span>}
            {stats.totalCost > 0 && <span>{formatCost(stats.totalCost)}</span>}
            {stats.totalDuration > 0 && <span>{formatDuration(stats.totalDuration)}</span>}
          </span>
        </button>
        <time dateTime={group.latestAt} title={formatExactTime(group.latestAt)} className="shrink-0 text-xs tabular-nums text-zinc-500">
          {formatRelativeTime(group.latestAt, now)}
        </time>
      </div>
      {isOpen && (
        <ol className="mb-2 ml-10 mr-3 border-l border-zinc-200">
          {[group.rootEvent, ...group.children]
            .filter((event): event is ActivityEventRow => Boolean(event))
            .map((event) => {
              const config = eventTypeConfig(event.type);
              return (
                <li key={event.id} className="flex items-center gap-2 py-1 pl-3 text-xs">
                  <span className={`grid size-4 shrink-0 place-items-center rounded text-[9px] ${config.chip}`} aria-hidden>
                    {config.icon}
                  </span>
                  <span className="min-w-0 flex-1 truncate text-zinc-700">{event.title}</span>
                  <span className="shrink-0 text-zinc-400">{formatRelativeTime(event.createdAt, now)}</span>
                </li>
              );
            })}
          {group.childrenTruncated && <li className="py-1 pl-3 text-xs text-zinc-400">Older events not shown</li>}
        </ol>
      )}
    </li>
  );
}
