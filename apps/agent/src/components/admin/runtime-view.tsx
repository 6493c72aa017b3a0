"use client";

import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { Badge, Button, EmptyState, ErrorState, LoadMoreButton, Placeholders, type BadgeTone, type PagedQueryLike } from "@switchyard/ui/components";
import { createColumnHelper } from "@tanstack/react-table";
import { ArrowDownIcon, ArrowRightIcon, ArrowUpIcon, RefreshCwIcon, XIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { DataTable, useDataTable } from "@/components/data-table";
import { runDetailPath } from "@/components/runs/detail/run-api";
import { formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { useIsHydrating } from "@/components/use-is-hydrating";
import { useNow } from "@/components/use-now";
import {
  RUNTIME_LAYERS,
  TIME_RANGES,
  fetchRuntimeEvents,
  fetchRuntimeStatus,
  fetchRuntimeTasks,
  parseRuntimeFilters,
  queueTrend,
  runtimeFiltersToSearchParams,
  runtimeKeys,
  type RuntimeEventRow,
  type RuntimeEventsPage,
  type RuntimeFilters,
  type RuntimeQueue,
  type RuntimeStatus,
  type RuntimeTask,
  type TimeRangeId,
} from "./runtime-api";

const REFETCH_MS = 12_000;

export interface RuntimeInitialData {
  status: RuntimeStatus;
  events: RuntimeEventsPage;
  tasks: { tasks: RuntimeTask[]; nextCursor: string | null };
  /** The filters the initial events were loaded with (serialized). */
  filtersKey: string;
}

function Card({
  title,
  tone = "neutral",
  children,
  testId,
}: {
  title: string;
  tone?: "ok" | "bad" | "warn" | "neutral";
  children: ReactNode;
  testId?: string;
}) {
  const border = { ok: "border-l-green-500", bad: "border-l-red-500", warn: "border-l-yellow-500", neutral: "border-l-zinc-300" }[tone];
  return (
    <section data-testid={testId} className={`rounded-xl border border-l-4 border-zinc-200 bg-white p-4 shadow-xs ${border}`}>
      <h2 className="text-xs font-medium uppercase tracking-wide text-zinc-500">{title}</h2>
      <div className="mt-2">{children}</div>
    </section>
  );
}

export function RuntimeView({ initialData, loadedAt }: { initialData: RuntimeInitialData; loadedAt: number }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseRuntimeFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const queryClient = useQueryClient();
  const now = useNow(5_000);
  const isHydrating = useIsHydrating();
  const filtersKey = runtimeFiltersToSearchParams(filters).toString();

  const status = useQuery({
    queryKey: runtimeKeys.status,
    queryFn: ({ signal }) => fetchRuntimeStatus(signal),
    initialData: { status: initialData.status },
    initialDataUpdatedAt: loadedAt,
    refetchInterval: REFETCH_MS,
  });
  const events = useInfiniteQuery({
    queryKey: runtimeKeys.events(filters),
    queryFn: ({ pageParam, signal }) => fetchRuntimeEvents(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    initialData: filtersKey === initialData.filtersKey ? { pages: [initialData.events], pageParams: [null] } : undefined,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: REFETCH_MS,
    placeholderData: keepPreviousData,
  });
  const tasks = useQuery({
    queryKey: runtimeKeys.tasks,
    queryFn: ({ signal }) => fetchRuntimeTasks(signal),
    initialData: initialData.tasks,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: REFETCH_MS,
  });

  // Queue trend: the change since the previous status snapshot.
  const current = status.data.status;
  const [snapshots, setSnapshots] = useState<{ at: string; previous: RuntimeQueue | undefined; queue: RuntimeQueue }>({
    at: current.generatedAt,
    previous: undefined,
    queue: current.queue,
  });
  if (snapshots.at !== current.generatedAt) setSnapshots({ at: current.generatedAt, previous: snapshots.queue, queue: current.queue });
  const trend = queueTrend(snapshots.previous, current.queue);

  function setFilters(next: RuntimeFilters, replace = false) {
    const query = runtimeFiltersToSearchParams(next).toString();
    const url = query ? `${pathname}?${query}` : pathname;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }

  // A refetch can start in the hydrating render (the server's data went stale meanwhile); the server showed none.
  const isRefreshing = !isHydrating && (status.isFetching || events.isFetching || tasks.isFetching);
  const updatedAt = Math.max(status.dataUpdatedAt, events.dataUpdatedAt, tasks.dataUpdatedAt);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-end gap-3">
        {(status.isError || events.isError || tasks.isError) && (
          <span className="text-xs text-red-600">Some data could not be refreshed; showing the last loaded.</span>
        )}
        <span className="text-xs text-zinc-500" title={updatedAt ? formatExactTime(new Date(updatedAt).toISOString()) : undefined}>
          Auto-refresh every {REFETCH_MS / 1000}s · updated {updatedAt ? formatRelativeTime(new Date(updatedAt).toISOString(), now) : "—"}
        </span>
        <Button onClick={() => void queryClient.invalidateQueries({ queryKey: runtimeKeys.all })} disabled={isRefreshing} data-testid="runtime-refresh">
          <RefreshCwIcon className={`size-3.5 ${isRefreshing ? "animate-spin" : ""}`} aria-hidden />
          {isRefreshing ? "Refreshing…" : "Refresh"}
        </Button>
      </div>

      <HealthCards status={current} trend={trend} now={now} />

      <EventsSection filters={filters} setFilters={setFilters} query={events} now={now} />

      <TasksSection
        query={tasks}
        now={now}
        onShowEvents={(task) => setFilters({ range: "all", entity: task.eventId, task: task.id })}
        activeTask={filters.task}
      />
    </div>
  );
}

function HealthCards({ status, trend, now }: { status: RuntimeStatus; trend: Record<keyof RuntimeQueue, number>; now: number }) {
  const openBreakers = status.breakers.filter((breaker) => breaker.state !== "closed");
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
      <Card title="Overall" tone={status.healthy ? "ok" : "bad"} testId="runtime-overall">
        <div className={`text-xl font-semibold ${status.healthy ? "text-green-700" : "text-red-700"}`}>{status.healthy ? "Healthy" : "Degraded"}</div>
        {status.degraded.length > 0 ? (
          <ul className="mt-1 space-y-0.5 text-xs text-red-700">
            {status.degraded.map((flag) => (
              <li key={flag}>• {flag}</li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-xs text-zinc-500">No degraded flags.</p>
        )}
        <p className="mt-2 text-xs text-zinc-500">
          Model route: <span className="font-medium text-zinc-700">{status.modelRoute.mode}</span>
          {status.lastEventAt && <> · last event {formatRelativeTime(status.lastEventAt, now)}</>}
        </p>
      </Card>

      <Card title="Circuit breakers" tone={status.breakerOpen ? "bad" : "ok"} testId="runtime-breakers">
        <div className={`text-xl font-semibold ${status.breakerOpen ? "text-red-700" : "text-green-700"}`}>
          {status.breakerOpen ? `${openBreakers.length} open` : "All closed"}
        </div>
        {status.breakers.length === 0 ? (
          <p className="mt-1 text-xs text-zinc-500">No breaker yet (one appears at a provider&apos;s first failure).</p>
        ) : (
          <ul className="mt-1 space-y-0.5 text-xs">
            {status.breakers.map((breaker) => (
              <li key={breaker.name} className="flex justify-between gap-2" title={breaker.lastReason ?? undefined}>
                <span className="truncate font-mono text-zinc-700">{breaker.name}</span>
                <span className={breaker.state === "closed" ? "text-green-700" : "font-medium text-red-700"}>
                  {breaker.state}
                  {breaker.consecutiveFailures > 0 && ` · ${breaker.consecutiveFailures} fails`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card
        title="Workers"
        tone={status.workers.length === 0 ? "warn" : status.workers.some((worker) => worker.isStale || worker.circuitOpen) ? "bad" : "ok"}
        testId="runtime-workers"
      >
        {status.workers.length === 0 ? (
          <p className="text-sm text-zinc-500">No worker has reported yet.</p>
        ) : (
          <ul className="space-y-1 text-xs">
            {status.workers.map((worker) => (
              <li key={worker.workerId} className="flex items-center justify-between gap-2">
                <span className="flex min-w-0 items-center gap-1.5">
                  <span
                    className={`size-1.5 shrink-0 rounded-full ${worker.isStale || worker.circuitOpen ? "bg-red-500" : worker.status === "STOPPED" ? "bg-zinc-300" : "bg-green-500"}`}
                    aria-hidden
                  />
                  <span className="truncate font-mono text-zinc-700" title={worker.workerId}>
                    {worker.workerId}
                  </span>
                </span>
                <span className={`shrink-0 ${worker.isStale ? "font-medium text-red-700" : "text-zinc-500"}`} title={formatExactTime(worker.lastHeartbeat)}>
                  {worker.status.toLowerCase()}
                  {worker.isStale && " · stale"} · {formatRelativeTime(worker.lastHeartbeat, now)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Queue" tone={status.queue.expiredLeases > 0 || status.queue.FAILED > 0 ? "warn" : "ok"} testId="runtime-queue">
        <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
          {(
            [
              ["Pending", "PENDING"],
              ["Running", "RUNNING"],
              ["Completed", "COMPLETED"],
              ["Failed", "FAILED"],
              ["Expired leases", "expiredLeases"],
            ] as const
          ).map(([label, key]) => (
            <div key={key} className="flex items-baseline justify-between gap-2">
              <dt className="text-xs text-zinc-500">{label}</dt>
              <dd className="font-medium tabular-nums text-zinc-900">
                {status.queue[key].toLocaleString("en-US")}
                <Trend delta={trend[key]} isBadUp={key !== "COMPLETED"} />
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}

function Trend({ delta, isBadUp }: { delta: number; isBadUp: boolean }) {
  if (delta === 0) return null;
  const isBad = delta > 0 === isBadUp;
  return (
    <span className={`ml-1 inline-flex items-center text-[11px] ${isBad ? "text-red-600" : "text-green-700"}`} title="Change since the previous refresh">
      {delta > 0 ? <ArrowUpIcon className="size-3" aria-label="up" /> : <ArrowDownIcon className="size-3" aria-label="down" />}
      {Math.abs(delta)}
    </span>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
}

interface EventsQuery extends QueryLike<InfiniteData<RuntimeEventsPage, unknown>>, PagedQueryLike {}

const selectClass =
  "h-8 rounded-md border border-zinc-200 bg-white px-2 text-sm shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10";

function EventsSection({
  filters,
  setFilters,
  query,
  now,
}: {
  filters: RuntimeFilters;
  setFilters: (next: RuntimeFilters, replace?: boolean) => void;
  query: EventsQuery;
  now: number;
}) {
  const [reason, setReason] = useState(filters.reason ?? "");
  const reasons = useMemo(() => [...new Set((query.data?.pages ?? []).flatMap((page) => page.events.map((event) => event.reasonCode)))].sort(), [query.data]);
  const isFiltered = Boolean(filters.layer || filters.reason || filters.entity || filters.range !== "24h");
  return (
    <section aria-labelledby="runtime-events-title" className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-4 py-3">
        <h2 id="runtime-events-title" className="mr-auto text-sm font-semibold text-zinc-900">
          Runtime events
        </h2>
        {filters.entity && (
          <span className="inline-flex items-center gap-1 rounded-full bg-sky-50 px-2 py-0.5 text-xs text-sky-800 ring-1 ring-inset ring-sky-600/20">
            {filters.task ? `Task ${filters.task}` : `Entity ${filters.entity}`}
            <button
              type="button"
              aria-label="Clear the task filter"
              onClick={() => setFilters({ ...filters, entity: undefined, task: undefined })}
              className="ml-0.5 rounded-full hover:bg-sky-100"
            >
              <XIcon className="size-3" aria-hidden />
            </button>
          </span>
        )}
        <label className="flex items-center gap-1.5 text-xs text-zinc-500">
          Layer
          <select
            value={filters.layer ?? ""}
            onChange={(event) => setFilters({ ...filters, layer: event.target.value || undefined })}
            className={selectClass}
            aria-label="Layer"
          >
            <option value="">All layers</option>
            {RUNTIME_LAYERS.map((layer) => (
              <option key={layer} value={layer}>
                {layer}
              </option>
            ))}
          </select>
        </label>
        <form
          className="flex items-center gap-1.5 text-xs text-zinc-500"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters({ ...filters, reason: reason.trim() || undefined });
          }}
        >
          <label htmlFor="runtime-reason">Reason</label>
          <input
            id="runtime-reason"
            list="runtime-reasons"
            value={reason}
            placeholder="Any reason code"
            onChange={(event) => setReason(event.target.value)}
            onBlur={() => {
              if ((reason.trim() || undefined) !== filters.reason) setFilters({ ...filters, reason: reason.trim() || undefined });
            }}
            className={`${selectClass} w-44 font-mono text-xs`}
          />
          <datalist id="runtime-reasons">
            {reasons.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
        </form>
        <label className="flex items-center gap-1.5 text-xs text-zinc-500">
          Time
          <select
            value={filters.range}
            onChange={(event) => setFilters({ ...filters, range: event.target.value as TimeRangeId })}
            className={selectClass}
            aria-label="Time range"
          >
            {TIME_RANGES.map((range) => (
              <option key={range.id} value={range.id}>
                {range.label}
              </option>
            ))}
            <option value="all">Any time</option>
          </select>
        </label>
        {isFiltered && (
          <button
            type="button"
            onClick={() => {
              setReason("");
              setFilters({ range: "24h" });
            }}
            className="text-xs font-medium text-zinc-600 underline hover:text-zinc-900"
          >
            Reset
          </button>
        )}
      </header>
      <EventsTable query={query} now={now} isFiltered={isFiltered} />
    </section>
  );
}

function EventsTable({ query, now, isFiltered }: { query: EventsQuery; now: number; isFiltered: boolean }) {
  if (query.isPending) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading events" className="divide-y divide-zinc-100">
        <Placeholders count={6}>{() => <div className="h-10 animate-pulse bg-zinc-50/60" />}</Placeholders>
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="m-4">
        <ErrorState title="Runtime events could not be loaded" message={query.error?.message ?? "Unknown error"} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  const rows = query.data?.pages.flatMap((page) => page.events) ?? [];
  if (rows.length === 0) {
    return (
      <EmptyState title={isFiltered ? "No runtime events match these filters" : "No runtime events in the last 24 hours"}>
        {isFiltered ? "Widen the time range or clear a filter." : "Workers, breakers and tasks record events here as they run."}
      </EmptyState>
    );
  }
  return (
    <div className="max-h-[60vh] overflow-auto">
      <EventRows rows={rows} now={now} />
      <div className="flex items-center justify-between gap-3 border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">
        <span>Showing the newest {rows.length.toLocaleString("en-US")}</span>
        <LoadMoreButton query={query} size="sm" label="Load older events" />
      </div>
    </div>
  );
}

const eventColumn = createColumnHelper<RuntimeEventRow>();
const monoCell = "font-mono text-xs";

function EventRows({ rows, now }: { rows: RuntimeEventRow[]; now: number }) {
  const table = useDataTable({
    data: rows,
    getRowId: (event) => event.id,
    columns: [
      eventColumn.display({
        id: "time",
        header: "Time",
        meta: { cell: () => ({ className: "whitespace-nowrap text-xs tabular-nums text-zinc-500" }) },
        cell: ({ row: { original: event } }) => (
          <time dateTime={event.occurredAt} title={formatExactTime(event.occurredAt)}>
            {formatRelativeTime(event.occurredAt, now)}
          </time>
        ),
      }),
      eventColumn.display({
        id: "layer",
        header: "Layer",
        cell: ({ row: { original: event } }) => <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{event.layer}</span>,
      }),
      eventColumn.accessor("operation", { header: "Operation", meta: { cell: () => ({ className: `${monoCell} text-zinc-700` }) } }),
      eventColumn.accessor("reasonCode", {
        id: "reason",
        header: "Reason",
        meta: {
          cell: (event) => ({ className: `${monoCell} ${/FAIL|ERROR|OPEN|TIMEOUT|EXPIRED/i.test(event.reasonCode) ? "text-red-700" : "text-zinc-700"}` }),
        },
      }),
      eventColumn.accessor("entityId", {
        id: "entity",
        header: "Entity",
        meta: { cell: (event) => ({ className: `max-w-56 truncate ${monoCell} text-zinc-500`, title: event.entityId }) },
      }),
      eventColumn.accessor((event) => event.workerId ?? "—", {
        id: "worker",
        header: "Worker",
        meta: { cell: (event) => ({ className: `max-w-40 truncate ${monoCell} text-zinc-500`, title: event.workerId ?? undefined }) },
      }),
    ],
  });
  return (
    <DataTable
      table={table}
      sticky
      className="w-full text-left text-sm"
      data-testid="runtime-events"
      bodyClassName="divide-y divide-zinc-100"
      cellClassName="px-4 py-2"
      rowProps={() => ({ className: "hover:bg-zinc-50" })}
    />
  );
}

const TASK_OUTCOME_TONES: Record<RuntimeTask["outcome"]["status"], BadgeTone> = {
  PENDING: "neutral",
  QUEUED: "neutral",
  RUNNING: "info",
  SUSPENDED: "violet",
  COMPLETED: "success",
  FAILED: "danger",
  CANCELLED: "warning",
  SKIPPED: "warning",
};

const RUN_STATE: Record<NonNullable<RuntimeTask["run"]>["status"], string> = {
  QUEUED: "is queued",
  RUNNING: "is running",
  SUSPENDED: "is waiting for a decision",
  COMPLETED: "completed",
  FAILED: "failed",
  CANCELLED: "was cancelled",
};

/** Why the badge may differ from the job's own state, for its tooltip. */
function describeOutcome(task: RuntimeTask): string {
  if (task.run && task.status === "COMPLETED") return `The job completed; its ${task.run.kind} run ${RUN_STATE[task.run.status]}`;
  if (task.outcome.status === "SKIPPED") return "The job completed without starting a run";
  return `The job is ${task.status.toLowerCase()}`;
}

function TasksSection({
  query,
  now,
  onShowEvents,
  activeTask,
}: {
  query: QueryLike<{ tasks: RuntimeTask[]; nextCursor: string | null }>;
  now: number;
  onShowEvents: (task: RuntimeTask) => void;
  activeTask: string | undefined;
}) {
  const rows = query.data?.tasks ?? [];
  return (
    <section aria-labelledby="runtime-tasks-title" className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
      <header className="border-b border-zinc-200 px-4 py-3">
        <h2 id="runtime-tasks-title" className="text-sm font-semibold text-zinc-900">
          Recent tasks
        </h2>
      </header>
      {query.isError && !query.data ? (
        <div className="m-4">
          <ErrorState title="Tasks could not be loaded" message={query.error?.message ?? "Unknown error"} onRetry={() => void query.refetch()} />
        </div>
      ) : rows.length === 0 ? (
        <EmptyState title="No execution jobs yet">The local engine records a task for every event it runs.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <TaskRows rows={rows} now={now} onShowEvents={onShowEvents} activeTask={activeTask} />
        </div>
      )}
    </section>
  );
}

const taskColumn = createColumnHelper<RuntimeTask>();

function TaskRows({
  rows,
  now,
  onShowEvents,
  activeTask,
}: {
  rows: RuntimeTask[];
  now: number;
  onShowEvents: (task: RuntimeTask) => void;
  activeTask: string | undefined;
}) {
  const table = useDataTable({
    data: rows,
    getRowId: (task) => task.id,
    columns: [
      taskColumn.display({
        id: "event",
        header: "Event",
        cell: ({ row: { original: task } }) => (
          <>
            <div className="font-mono text-xs text-zinc-900">{task.eventName}</div>
            <div className="font-mono text-[11px] text-zinc-400">{task.id}</div>
            {task.outcome.reason && (
              <div className="mt-0.5 max-w-md truncate text-xs text-red-700" title={task.outcome.reason} data-testid="task-reason">
                {task.outcome.reason}
              </div>
            )}
          </>
        ),
      }),
      taskColumn.display({
        id: "status",
        header: "Status",
        cell: ({ row: { original: task } }) => (
          <Badge tone={TASK_OUTCOME_TONES[task.outcome.status] ?? "neutral"} title={describeOutcome(task)} data-testid="task-outcome">
            {task.outcome.status.toLowerCase()}
          </Badge>
        ),
      }),
      taskColumn.display({
        id: "attempts",
        header: "Attempts",
        meta: { cell: () => ({ className: "text-xs tabular-nums text-zinc-600" }) },
        cell: ({ row: { original: task } }) => `${task.attempts}/${task.maxAttempts}`,
      }),
      taskColumn.display({
        id: "latest",
        header: "Latest runtime event",
        meta: { cell: () => ({ className: "font-mono text-xs text-zinc-600" }) },
        cell: ({ row: { original: task } }) =>
          task.latestEvent ? (
            <span title={formatExactTime(task.latestEvent.occurredAt)}>
              {task.latestEvent.layer} · {task.latestEvent.reasonCode}
            </span>
          ) : (
            "—"
          ),
      }),
      taskColumn.display({
        id: "created",
        header: "Created",
        meta: { cell: (task) => ({ className: "whitespace-nowrap text-xs text-zinc-500", title: formatExactTime(task.createdAt) }) },
        cell: ({ row: { original: task } }) => formatRelativeTime(task.createdAt, now),
      }),
      taskColumn.display({
        id: "links",
        header: "Links",
        meta: { srOnly: true, cell: () => ({ className: "whitespace-nowrap text-right" }) },
        cell: ({ row: { original: task } }) => (
          <span className="inline-flex items-center gap-3">
            {task.run && (
              <Link
                href={runDetailPath(task.run.kind, task.run.id)}
                className="inline-flex items-center gap-1 text-xs font-medium text-sky-700 hover:underline"
              >
                Run <ArrowRightIcon className="size-3" aria-hidden />
              </Link>
            )}
            <a
              href={`?${runtimeFiltersToSearchParams({ range: "all", entity: task.eventId, task: task.id })}#runtime-events-title`}
              onClick={(event) => {
                event.preventDefault();
                onShowEvents(task);
                document.getElementById("runtime-events-title")?.scrollIntoView({ behavior: "smooth", block: "start" });
              }}
              className="inline-flex items-center gap-1 whitespace-nowrap text-xs font-medium text-sky-700 hover:underline"
            >
              Events <ArrowRightIcon className="size-3" aria-hidden />
            </a>
          </span>
        ),
      }),
    ],
  });
  return (
    <DataTable
      table={table}
      className="w-full text-left text-sm"
      data-testid="runtime-tasks"
      bodyClassName="divide-y divide-zinc-100"
      cellClassName="px-4 py-2"
      rowProps={(task) => ({ "data-outcome": task.outcome.status, className: activeTask === task.id ? "bg-sky-50/50" : "hover:bg-zinc-50" })}
    />
  );
}
