"use client";

import { keepPreviousData, useInfiniteQuery, useQuery, type InfiniteData } from "@tanstack/react-query";
import {
  Badge,
  Button,
  Card,
  CardHeader,
  EmptyState,
  ErrorState,
  FilterPills,
  LoadMoreButton,
  Placeholders,
  SearchInput,
  Skeleton,
  Tooltip,
  cn,
} from "@switchyard/ui/components";
import { getSeverity, getSeverityStyles, type SeverityLevel } from "@switchyard/ui/severity";
import { ArrowUpRight, ChevronDown, ChevronRight, Pause, Play } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { formatCost, formatDuration, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { runDetailPath } from "@/components/runs/detail/run-api";
import { useNow } from "@/components/use-now";
import {
  fetchFeed,
  fetchGroups,
  fetchHealth,
  GROUP_EVENTS_LIMIT,
  godmodeKeys,
  type ActivityEventRow,
  type ActivityGroup,
  type ActivityListResponse,
  type GroupedActivityResponse,
  type SystemHealth,
} from "./api";
import { ChainInspector } from "./chain-inspector";
import {
  GROUP_STATE_DISPLAY,
  TYPE_FILTERS,
  chainRefOfEvent,
  eventTypeConfig,
  godmodeFiltersToSearchParams,
  parseChainRef,
  parseGodmodeFilters,
  runHrefOfEvent,
  typesForFilter,
  type ChainRef,
  type GodmodeFilters,
  type TypeFilterId,
} from "./event-config";

const FEED_POLL_MS = 3_000;
const GROUPS_POLL_MS = 5_000;
const HEALTH_POLL_MS = 30_000;

const SEVERITY_LABELS: Record<SeverityLevel, string> = { healthy: "Healthy", degrading: "Degrading", unstable: "Unstable", failing: "Failing" };
const SEVERITY_FILL: Record<SeverityLevel, string> = { healthy: "bg-green-500", degrading: "bg-yellow-500", unstable: "bg-orange-500", failing: "bg-red-500" };

export interface GodmodeInitialData {
  feed: ActivityListResponse;
  groups: GroupedActivityResponse;
  health: SystemHealth;
  /** The filter the initial feed and groups were loaded with. */
  types: string | undefined;
  q: string | undefined;
}

const asPages = <T,>(page: T): InfiniteData<T, string | null> => ({ pages: [page], pageParams: [null] });

export function GodmodeView({ initialData, loadedAt }: { initialData: GodmodeInitialData; loadedAt: number }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseGodmodeFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [isPaused, setIsPaused] = useState(false);
  const [search, setSearch] = useState(filters.q ?? "");
  const now = useNow(5_000);

  const types = typesForFilter(filters.type);
  const isInitialFilter = types === initialData.types && filters.q === initialData.q;

  // Pausing stops every refresh of the feed and the trees (polling and refetch on focus alike);
  // "Load more" still pages back through what is already there.
  const feed = useInfiniteQuery({
    queryKey: godmodeKeys.feed(types, filters.q),
    queryFn: ({ pageParam, signal }) => fetchFeed({ types, q: filters.q, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: isInitialFilter ? asPages(initialData.feed) : undefined,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: isPaused ? false : FEED_POLL_MS,
    refetchOnWindowFocus: !isPaused,
    placeholderData: keepPreviousData,
  });
  const groups = useInfiniteQuery({
    queryKey: godmodeKeys.groups(types, filters.q),
    queryFn: ({ pageParam, signal }) => fetchGroups({ types, q: filters.q, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: isInitialFilter ? asPages(initialData.groups) : undefined,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: isPaused ? false : GROUPS_POLL_MS,
    refetchOnWindowFocus: !isPaused,
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

  const typeOptions = [{ value: "all" as const, label: "All" }, ...TYPE_FILTERS.map((filter) => ({ value: filter.id, label: filter.label }))];

  return (
    <div className="space-y-4">
      <HealthBar health={health.data} isError={health.isError} now={now} />

      <div className="flex flex-wrap items-center gap-3">
        <FilterPills<TypeFilterId | "all">
          label="Event type"
          value={filters.type ?? "all"}
          options={typeOptions}
          onChange={(value) => setFilters({ ...filters, type: value === "all" ? undefined : value })}
        />
        <search className="ml-auto">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              setFilters({ ...filters, q: search.trim() || undefined });
            }}
          >
            <SearchInput
              id="activity-search"
              label="Search activity"
              value={search}
              placeholder="Search titles and descriptions"
              onChange={(event) => {
                setSearch(event.target.value);
                setFilters({ ...filters, q: event.target.value.trim() || undefined }, true);
              }}
            />
          </form>
        </search>
      </div>

      <div className="grid items-start gap-4 xl:grid-cols-5">
        <Card className="overflow-hidden xl:col-span-3" aria-labelledby="feed-title" role="region">
          <CardHeader
            title={
              <span id="feed-title" className="flex items-center gap-2">
                Live activity <LiveIndicator isPaused={isPaused} isFetching={feed.isFetching} />
              </span>
            }
            description={
              feed.dataUpdatedAt ? (
                <span title={formatExactTime(new Date(feed.dataUpdatedAt).toISOString())}>
                  Updated {formatRelativeTime(new Date(feed.dataUpdatedAt).toISOString(), now)}
                </span>
              ) : undefined
            }
            actions={
              <Button size="sm" onClick={() => setIsPaused((paused) => !paused)} aria-pressed={isPaused} data-testid="feed-pause">
                {isPaused ? <Play className="size-3.5" aria-hidden /> : <Pause className="size-3.5" aria-hidden />}
                {isPaused ? "Resume" : "Pause"}
              </Button>
            }
          />
          <FeedBody query={feed} now={now} onOpen={openChain} isFiltered={Boolean(filters.type || filters.q)} />
        </Card>

        <Card className="overflow-hidden xl:col-span-2" aria-labelledby="groups-title" role="region">
          <CardHeader
            title={<span id="groups-title">Execution trees</span>}
            description="Campaigns, network runs and workflow runs, with their runs by latest state"
          />
          <GroupsBody query={groups} now={now} onOpen={openChain} types={types} q={filters.q} />
        </Card>
      </div>

      {chainRef && <ChainInspector key={filters.chain} chainRef={chainRef} onClose={closeChain} />}
    </div>
  );
}

function LiveIndicator({ isPaused, isFetching }: { isPaused: boolean; isFetching: boolean }) {
  if (isPaused) return <Badge tone="warning">Paused</Badge>;
  return (
    <Badge tone="success" aria-live="polite">
      <span className="relative flex size-1.5" aria-hidden>
        <span className={cn("absolute inline-flex size-full rounded-full bg-emerald-500 opacity-75", isFetching && "animate-ping")} />
        <span className="relative inline-flex size-1.5 rounded-full bg-emerald-500" />
      </span>
      Live
    </Badge>
  );
}

function formatRate(rate: number): string {
  return `${rate.toFixed(rate >= 99.95 || rate === 0 ? 0 : 1)}%`;
}

/** Runs finished in the last 24 hours (exact counts from the server), coloured by the shared severity bands. */
function HealthBar({ health, isError, now }: { health: SystemHealth; isError: boolean; now: number }) {
  const total = health.succeeded + health.failed;
  const severity = getSeverity(health.successRate, total);
  const styles = getSeverityStyles(severity);
  const busiest = Math.max(1, ...health.hours.map((hour) => hour.succeeded + hour.failed));
  return (
    <Card aria-label="System health" role="region" data-severity={severity} data-testid="system-health" className={cn("border-l-4 p-4", styles.border)}>
      <div className="flex flex-wrap items-center gap-x-8 gap-y-3">
        <div className="min-w-40">
          <div className="text-xs font-medium tracking-wide text-zinc-500 uppercase">System health · last 24 h</div>
          <div className="mt-0.5 flex items-center gap-2">
            <span className={cn("text-2xl font-semibold tabular-nums", styles.text)}>{health.successRate === null ? "—" : formatRate(health.successRate)}</span>
            <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", styles.badge)}>{SEVERITY_LABELS[severity]}</span>
          </div>
          <div className="mt-1 flex gap-3 text-xs text-zinc-500">
            <span>
              <span className="font-medium text-zinc-900 tabular-nums">{health.succeeded.toLocaleString("en-US")}</span> succeeded
            </span>
            <span>
              <span className="font-medium text-zinc-900 tabular-nums">{health.failed.toLocaleString("en-US")}</span> failed
            </span>
          </div>
        </div>
        <div className="min-w-64 flex-1">
          <div
            className="flex h-12 items-end gap-[3px]"
            role="img"
            aria-label={`Runs finished per hour: ${health.succeeded} succeeded, ${health.failed} failed`}
          >
            {health.hours.map((hour) => {
              const hourTotal = hour.succeeded + hour.failed;
              const hourSeverity = getSeverity(hourTotal ? (hour.succeeded / hourTotal) * 100 : 100, hourTotal);
              return (
                <Tooltip
                  key={hour.at}
                  content={`${formatExactTime(hour.at)} · ${hour.succeeded} succeeded, ${hour.failed} failed${hourTotal ? ` (${formatRate((hour.succeeded / hourTotal) * 100)})` : ""}`}
                >
                  <div className="flex h-full flex-1 flex-col justify-end">
                    <div
                      className={cn("w-full rounded-sm", hourTotal ? SEVERITY_FILL[hourSeverity] : "bg-zinc-100")}
                      style={{ height: hourTotal ? `${Math.max(8, (hourTotal / busiest) * 100)}%` : "8%" }}
                    />
                  </div>
                </Tooltip>
              );
            })}
          </div>
          <div className="mt-1 flex justify-between text-[11px] text-zinc-400">
            <span>{formatRelativeTime(health.from, now)}</span>
            {total === 0 && <span>No run finished in the last 24 hours.</span>}
            {isError && <span className="text-red-600">Health could not be refreshed.</span>}
            <span>now</span>
          </div>
        </div>
      </div>
    </Card>
  );
}

interface PagedQuery<T> {
  data: InfiniteData<T, unknown> | undefined;
  /** The previous filter's data, shown while the new filter's first page loads. */
  isPlaceholderData: boolean;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
  hasNextPage: boolean;
  fetchNextPage: () => unknown;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
}

/** Placeholder rows of the feed and the trees (the page's loading state uses them too). */
export function SkeletonRows({ count }: { count: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" className="divide-y divide-zinc-100">
      <Placeholders count={count}>
        {() => (
          <div className="flex items-center gap-3 px-4 py-3">
            <Skeleton className="size-7 rounded-md" />
            <Skeleton className="h-3 flex-1" />
            <Skeleton className="h-3 w-14" />
          </div>
        )}
      </Placeholders>
    </div>
  );
}

function LoadMore({ query, label, testId }: { query: PagedQuery<unknown>; label: string; testId: string }) {
  if (!query.hasNextPage && !query.isFetchNextPageError) return null;
  return (
    <div className="flex justify-center border-t border-zinc-100 px-4 py-2.5">
      <LoadMoreButton query={query} size="sm" variant="ghost" label={label} data-testid={testId} />
    </div>
  );
}

/** Pages' items once each: a new event arriving between two page loads shifts the page boundaries. */
function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
}

function FeedBody({
  query,
  now,
  onOpen,
  isFiltered,
}: {
  query: PagedQuery<ActivityListResponse>;
  now: number;
  onOpen: (ref: ChainRef) => void;
  isFiltered: boolean;
}) {
  if (query.isPending) return <SkeletonRows count={8} />;
  if (query.isError && !query.data) {
    return (
      <div className="p-4">
        <ErrorState title="The activity feed could not be loaded" message={query.error?.message ?? "Unknown error"} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  const events = uniqueById(query.data?.pages.flatMap((page) => page.events) ?? []);
  return (
    <>
      {query.isError && !query.isFetchNextPageError && (
        <div className="p-4 pb-0">
          <ErrorState title="The feed stopped refreshing" message="Showing the last events received." onRetry={() => void query.refetch()} />
        </div>
      )}
      {events.length === 0 ? (
        <EmptyState title={isFiltered ? "No activity matches these filters" : "No activity yet"}>
          {isFiltered ? "Try another type or clear the search." : "Runs, workflows, campaigns and triggers appear here as they happen."}
        </EmptyState>
      ) : (
        <ol
          className={cn("max-h-[70vh] divide-y divide-zinc-100 overflow-y-auto transition-opacity", query.isPlaceholderData && "opacity-60")}
          aria-label="Activity events"
          aria-busy={query.isPlaceholderData}
          data-testid="activity-feed"
        >
          {events.map((event) => (
            <FeedRow key={event.id} event={event} now={now} onOpen={onOpen} />
          ))}
          <li>
            <LoadMore query={query as PagedQuery<unknown>} label="Load older events" testId="feed-load-more" />
          </li>
        </ol>
      )}
    </>
  );
}

function RunLink({ href, label }: { href: string | null; label: string }) {
  if (!href) return <span className="size-7 shrink-0" aria-hidden />;
  return (
    <Tooltip content="Open the run">
      <Link href={href} aria-label={label} className="grid size-7 shrink-0 place-items-center rounded-md text-zinc-400 hover:bg-zinc-100 hover:text-zinc-900">
        <ArrowUpRight className="size-4" aria-hidden />
      </Link>
    </Tooltip>
  );
}

function FeedRow({ event, now, onOpen }: { event: ActivityEventRow; now: number; onOpen: (ref: ChainRef) => void }) {
  const config = eventTypeConfig(event.type);
  const Icon = config.icon;
  const ref = chainRefOfEvent(event);
  const body = (
    <>
      <span className={cn("grid size-7 shrink-0 place-items-center rounded-md", config.chip)} aria-hidden>
        <Icon className="size-4" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-zinc-900">{event.title}</span>
        <span className="mt-0.5 flex min-w-0 items-center gap-x-2 text-xs text-zinc-500">
          <span className="shrink-0 font-medium text-zinc-600">{config.label}</span>
          {event.agentSlug && <span className="shrink-0 font-mono">{event.agentSlug}</span>}
          {event.durationMs !== null && <span className="shrink-0">{formatDuration(event.durationMs)}</span>}
          {event.costUsd ? <span className="shrink-0">{formatCost(event.costUsd)}</span> : null}
          {event.description && <span className="truncate">{event.description}</span>}
        </span>
      </span>
      <time dateTime={event.createdAt} title={formatExactTime(event.createdAt)} className="shrink-0 text-xs text-zinc-500 tabular-nums">
        {formatRelativeTime(event.createdAt, now)}
      </time>
    </>
  );
  return (
    <li
      data-event-type={event.type}
      data-event-id={event.id}
      data-workflow-run-id={event.workflowRunId ?? undefined}
      className={cn("flex items-center gap-1 border-l-2 pr-2", config.accent)}
    >
      {ref ? (
        <button
          type="button"
          onClick={() => onOpen(ref)}
          className="flex min-w-0 flex-1 items-center gap-3 py-2.5 pl-4 text-left hover:bg-zinc-50"
          title="Open its execution tree"
        >
          {body}
        </button>
      ) : (
        <div className="flex min-w-0 flex-1 items-center gap-3 py-2.5 pl-4">{body}</div>
      )}
      <RunLink href={runHrefOfEvent(event)} label={`Open the run of "${event.title}"`} />
    </li>
  );
}

const GROUP_LABELS: Record<ActivityGroup["type"], string> = { campaign: "Campaign", network: "Network", workflow: "Workflow" };

/** The tree's name: the quoted name in its first event's title ("Workflow "Triage" started" → Triage), else that title. */
function groupTitle(group: ActivityGroup): string {
  const title = group.rootEvent?.title;
  if (!title) return `${GROUP_LABELS[group.type]} ${group.key}`;
  return /"([^"]+)"/.exec(title)?.[1] ?? title;
}

function GroupsBody({
  query,
  now,
  onOpen,
  types,
  q,
}: {
  query: PagedQuery<GroupedActivityResponse>;
  now: number;
  onOpen: (ref: ChainRef) => void;
  types: string | undefined;
  q: string | undefined;
}) {
  if (query.isPending) return <SkeletonRows count={5} />;
  if (query.isError && !query.data) {
    return (
      <div className="p-4">
        <ErrorState title="Execution trees could not be loaded" message={query.error?.message ?? "Unknown error"} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  const seen = new Set<string>();
  const groups = (query.data?.pages.flatMap((page) => page.groups) ?? []).filter((group) => {
    const id = `${group.type}:${group.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (groups.length === 0) {
    return <EmptyState title="No execution trees">Campaigns, network runs and workflow runs group their events here.</EmptyState>;
  }
  return (
    <ul
      className={cn("max-h-[70vh] divide-y divide-zinc-100 overflow-y-auto transition-opacity", query.isPlaceholderData && "opacity-60")}
      aria-busy={query.isPlaceholderData}
      data-testid="execution-groups"
    >
      {groups.map((group) => (
        <GroupRow key={`${group.type}:${group.key}`} group={group} now={now} onOpen={onOpen} types={types} q={q} />
      ))}
      <li>
        <LoadMore query={query as PagedQuery<unknown>} label="Load older trees" testId="groups-load-more" />
      </li>
    </ul>
  );
}

function GroupRow({
  group,
  now,
  onOpen,
  types,
  q,
}: {
  group: ActivityGroup;
  now: number;
  onOpen: (ref: ChainRef) => void;
  types: string | undefined;
  q: string | undefined;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const { stats } = group;
  const display = GROUP_STATE_DISPLAY[group.status ?? "unknown"];
  const title = groupTitle(group);
  const Chevron = isOpen ? ChevronDown : ChevronRight;
  return (
    <li data-group-type={group.type} data-group-key={group.key} data-group-status={group.status ?? "unknown"} className={cn("border-l-2", display.accent)}>
      <div className="flex items-start gap-2 py-2.5 pr-2 pl-3">
        <button
          type="button"
          onClick={() => setIsOpen((open) => !open)}
          aria-expanded={isOpen}
          aria-label={isOpen ? "Hide events" : "Show events"}
          className="mt-0.5 grid size-5 shrink-0 place-items-center rounded text-zinc-500 hover:bg-zinc-100"
        >
          <Chevron className="size-4" aria-hidden />
        </button>
        <button type="button" onClick={() => onOpen({ kind: group.type, id: group.key })} className="min-w-0 flex-1 text-left" title="Open the chain inspector">
          <span className="flex min-w-0 items-center gap-2">
            <Badge tone="neutral" className="text-[10px] tracking-wide uppercase">
              {GROUP_LABELS[group.type]}
            </Badge>
            <span className="truncate text-sm font-medium text-zinc-900 hover:underline">{title}</span>
          </span>
          <span className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500" data-testid="group-stats">
            <Badge tone={display.tone} data-testid="group-status">
              {display.label}
            </Badge>
            <span>
              {stats.runs} {stats.runs === 1 ? "run" : "runs"}
            </span>
            {/* With one run the status badge already says its state. */}
            {stats.runs > 1 && (
              <>
                {stats.completed > 0 && <span className="text-emerald-700">{stats.completed} completed</span>}
                {stats.failed > 0 && <span className="text-red-600">{stats.failed} failed</span>}
                {stats.cancelled > 0 && <span className="text-zinc-600">{stats.cancelled} cancelled</span>}
                {stats.running > 0 && <span className="text-sky-700">{stats.running} running</span>}
                {stats.waiting > 0 && <span className="text-amber-700">{stats.waiting} waiting</span>}
              </>
            )}
            <span>
              {stats.events} {stats.events === 1 ? "event" : "events"}
            </span>
            {stats.totalCost > 0 && <span>{formatCost(stats.totalCost)}</span>}
            {stats.totalDuration > 0 && <span>{formatDuration(stats.totalDuration)}</span>}
          </span>
        </button>
        <time dateTime={group.latestAt} title={formatExactTime(group.latestAt)} className="mt-0.5 shrink-0 text-xs text-zinc-500 tabular-nums">
          {formatRelativeTime(group.latestAt, now)}
        </time>
        <RunLink href={runDetailPath(group.type, group.key)} label={`Open ${GROUP_LABELS[group.type].toLowerCase()} run ${title}`} />
      </div>
      {isOpen && <GroupEvents group={group} now={now} types={types} q={q} />}
    </li>
  );
}

/** A group's events, oldest first; older events beyond the ones sent with the group page in on demand. */
function GroupEvents({ group, now, types, q }: { group: ActivityGroup; now: number; types: string | undefined; q: string | undefined }) {
  const [wantsOlder, setWantsOlder] = useState(false);
  const older = useInfiniteQuery({
    queryKey: godmodeKeys.groupEvents(group.key, types, q),
    queryFn: ({ pageParam, signal }) => fetchFeed({ types, q, entity: group.key, cursor: pageParam }, signal, GROUP_EVENTS_LIMIT),
    initialPageParam: group.olderCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled: wantsOlder && Boolean(group.olderCursor),
  });
  const olderEvents = (older.data?.pages.flatMap((page) => page.events) ?? []).filter((event) => event.id !== group.rootEvent?.id).reverse();
  const hasMore = group.olderCursor !== null && (!wantsOlder || older.hasNextPage);
  const events = uniqueById([group.rootEvent, ...olderEvents, ...group.children].filter((event): event is ActivityEventRow => Boolean(event)));
  return (
    <ol className="mr-3 mb-2 ml-10 border-l border-zinc-200" aria-label="Events of this tree">
      {events.map((event, index) => (
        <GroupEventRow key={event.id} event={event} now={now}>
          {index === 0 && hasMore && (
            <li className="py-1 pl-3">
              <Button
                size="sm"
                variant="ghost"
                disabled={older.isFetching}
                onClick={() => (wantsOlder ? void older.fetchNextPage() : setWantsOlder(true))}
                data-testid="group-events-load-more"
              >
                {older.isFetching ? "Loading…" : "Load older events"}
              </Button>
              {older.isError && <span className="ml-2 text-xs text-red-600">Could not load them.</span>}
            </li>
          )}
        </GroupEventRow>
      ))}
    </ol>
  );
}

function GroupEventRow({ event, now, children }: { event: ActivityEventRow; now: number; children?: ReactNode }) {
  const config = eventTypeConfig(event.type);
  const Icon = config.icon;
  const href = event.runId ? runDetailPath("agent", event.runId) : null;
  return (
    <>
      <li className="flex items-center gap-2 py-1 pl-3 text-xs" data-event-type={event.type}>
        <span className={cn("grid size-5 shrink-0 place-items-center rounded", config.chip)} aria-hidden>
          <Icon className="size-3" />
        </span>
        <span className="min-w-0 flex-1 truncate text-zinc-700" title={event.title}>
          {href ? (
            <Link href={href} className="hover:underline">
              {event.title}
            </Link>
          ) : (
            event.title
          )}
        </span>
        {event.costUsd ? <span className="shrink-0 text-zinc-500 tabular-nums">{formatCost(event.costUsd)}</span> : null}
        <time dateTime={event.createdAt} title={formatExactTime(event.createdAt)} className="shrink-0 text-zinc-400 tabular-nums">
          {formatRelativeTime(event.createdAt, now)}
        </time>
      </li>
      {children}
    </>
  );
}
