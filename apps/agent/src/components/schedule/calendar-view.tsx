"use client";

import { Button, EmptyState, ErrorState, FilterPills, Placeholders, Skeleton, Tooltip, cn } from "@switchyard/ui/components";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Layers, Repeat } from "lucide-react";
import { Fragment, useMemo, useState } from "react";
import { type CalendarEntry, calendarQueryKey, fetchCalendar } from "./api";
import { type ColorMode, PRIMITIVE_LABELS, PRIMITIVES, type ScheduleFilters } from "./automation-view";
import {
  addDays,
  agentOf,
  agentsOf,
  agentSwatches,
  cellKey,
  concurrencyLevel,
  expansionKey,
  hourIn,
  layoutWeek,
  legendFor,
  type Swatch,
  swatchOf,
  todayIn,
  weekDays,
  weekLabel,
  weekStartOf,
} from "./calendar-layout";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
/** Chips shown in one hour cell before the rest fold into "+N more". */
const CELL_CHIPS = 2;

function hourLabel(hour: number): string {
  return `${hour % 12 === 0 ? 12 : hour % 12} ${hour < 12 ? "AM" : "PM"}`;
}

function timeOf(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: timezone, hour: "numeric", minute: "2-digit" }).format(Date.parse(iso));
}

function dayHeading(date: string) {
  const day = new Date(`${date}T00:00:00Z`);
  return { weekday: day.toLocaleDateString("en-US", { weekday: "short", timeZone: "UTC" }), day: day.getUTCDate() };
}

const LEVEL_STYLES = {
  none: { bar: "", cell: "", count: "" },
  low: { bar: "bg-green-400", cell: "", count: "text-zinc-400" },
  medium: { bar: "bg-yellow-400", cell: "", count: "text-yellow-700" },
  high: { bar: "bg-red-500", cell: "bg-red-50", count: "font-semibold text-red-600" },
} as const;

/** "Every hour, 12 AM–11 PM" style summary of where a compressed entry's firings fall. */
function spread(entry: CalendarEntry): string {
  const hours = (entry.byHour ?? []).flatMap((n, hour) => (n > 0 ? [hour] : []));
  if (hours.length === 0) return "";
  if (hours.length === 24) return "around the clock";
  return `between ${hourLabel(hours[0]!)} and ${hourLabel(hours.at(-1)!)}`;
}

function EntryDetails({ entry, timezone, isExpanded = false }: { entry: CalendarEntry; timezone: string; isExpanded?: boolean }) {
  const agent = agentOf(entry);
  return (
    <div className="space-y-0.5">
      <div className="font-semibold">{entry.name}</div>
      <div className="text-zinc-300">
        {entry.compressed ? `${entry.count} runs this day, ${spread(entry)}` : `${timeOf(entry.at!, timezone)} (${timezone})`}
      </div>
      {entry.compressed && (
        <div className="text-zinc-400">{isExpanded ? "Click to fold its hours back into one entry" : "Click to show its runs hour by hour"}</div>
      )}
      <div className="text-zinc-400">
        {PRIMITIVE_LABELS[entry.primitiveType]}
        {agent ? ` · ${agent.name}` : entry.entity ? ` · ${entry.entity.name}` : ""} · <span className="capitalize">{entry.severity}</span>
        {entry.weight > 1 && ` · ~${entry.weight} agent runs per firing`}
      </div>
    </div>
  );
}

function Chip({ entry, swatch, timezone }: { entry: CalendarEntry; swatch: Swatch; timezone: string }) {
  return (
    <Tooltip content={<EntryDetails entry={entry} timezone={timezone} />}>
      <button
        type="button"
        data-testid="calendar-entry"
        data-automation-id={entry.automationId}
        className={cn("flex w-full min-w-0 items-center gap-1 rounded-sm border-l-2 px-1 text-left text-[11px] leading-4", swatch.chip)}
      >
        <span className="shrink-0 tabular-nums opacity-70">{timeOf(entry.at!, timezone).replace(/ [AP]M$/, "")}</span>
        <span className="truncate">{entry.name}</span>
      </button>
    </Tooltip>
  );
}

/** One hour of an expanded frequent entry: how often it fires in that hour. */
function ExpandedChip({ entry, firings, swatch }: { entry: CalendarEntry; firings: number; swatch: Swatch }) {
  return (
    <div
      data-testid="calendar-expanded"
      data-automation-id={entry.automationId}
      title={`${entry.name}: ${firings} run${firings === 1 ? "" : "s"} this hour`}
      className={cn("flex w-full min-w-0 items-center gap-1 rounded-sm border-l-2 border-dashed px-1 text-[11px] leading-4", swatch.chip)}
    >
      <span className="shrink-0 tabular-nums opacity-70">{firings}×</span>
      <span className="truncate">{entry.name}</span>
    </div>
  );
}

export function CalendarView({
  filters,
  timezone,
  threshold,
  now,
  onChange,
}: {
  filters: ScheduleFilters;
  timezone: string;
  /** The density bar's concurrency threshold: an hour at or above it is red here too. */
  threshold: number;
  now: number;
  onChange: (next: ScheduleFilters) => void;
}) {
  const today = todayIn(timezone, now);
  const thisWeek = weekStartOf(today);
  const monday = filters.week ? weekStartOf(filters.week) : thisWeek;
  const days = weekDays(monday);
  const to = addDays(monday, 7);
  const colorMode: ColorMode = filters.color ?? "agent";
  const showOverlay = filters.overlay !== "off";

  const calendar = useQuery({
    queryKey: calendarQueryKey(monday, to, timezone),
    queryFn: ({ signal }) => fetchCalendar(monday, to, timezone, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const allEntries = useMemo(() => calendar.data?.entries ?? [], [calendar.data]);
  const agents = useMemo(() => agentsOf(allEntries), [allEntries]);
  const agentColors = useMemo(() => agentSwatches(agents), [agents]);
  const entries = useMemo(
    () => allEntries.filter((e) => (!filters.primitive || e.primitiveType === filters.primitive) && (!filters.agent || agentOf(e)?.slug === filters.agent)),
    [allEntries, filters.primitive, filters.agent],
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggleExpanded = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const layout = useMemo(() => layoutWeek(entries, timezone, expanded), [entries, timezone, expanded]);
  const legend = legendFor(colorMode, entries, agentColors);
  const primitiveCounts = useMemo(() => {
    const ids = new Map<string, Set<string>>();
    for (const e of allEntries) ids.set(e.primitiveType, (ids.get(e.primitiveType) ?? new Set()).add(e.automationId));
    return ids;
  }, [allEntries]);
  const isFiltered = Boolean(filters.primitive || filters.agent);
  const hasCompressed = days.some((date) => (layout.compressed.get(date)?.length ?? 0) > 0);
  const currentHour = hourIn(new Date(now).toISOString(), timezone);

  return (
    <div data-testid="calendar-view">
      <div className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <div className="flex items-center gap-1">
            <Button size="sm" variant="secondary" aria-label="Previous week" onClick={() => onChange({ ...filters, week: addDays(monday, -7) })}>
              <ChevronLeft className="size-4" aria-hidden />
            </Button>
            <Button size="sm" variant="secondary" disabled={monday === thisWeek} onClick={() => onChange({ ...filters, week: undefined })}>
              Today
            </Button>
            <Button size="sm" variant="secondary" aria-label="Next week" onClick={() => onChange({ ...filters, week: addDays(monday, 7) })}>
              <ChevronRight className="size-4" aria-hidden />
            </Button>
          </div>
          <h2 className="ml-1 text-sm font-semibold text-zinc-900" data-testid="calendar-week">
            {weekLabel(monday)}
          </h2>
          <span className="text-xs text-zinc-500">({timezone})</span>
          <div className="ml-auto flex flex-wrap items-center gap-3">
            <div className="flex items-center gap-2">
              <span className="text-xs font-medium text-zinc-500">Color by</span>
              <FilterPills
                label="Color by"
                value={colorMode}
                onChange={(mode) => onChange({ ...filters, color: mode === "agent" ? undefined : mode })}
                options={[
                  { value: "agent", label: "Agent" },
                  { value: "primitive", label: "Primitive" },
                  { value: "health", label: "Health" },
                ]}
              />
            </div>
            <Button
              size="sm"
              variant={showOverlay ? "primary" : "secondary"}
              aria-pressed={showOverlay}
              onClick={() => onChange({ ...filters, overlay: showOverlay ? "off" : undefined })}
            >
              <Layers className="size-3.5" aria-hidden />
              Concurrency
            </Button>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <FilterPills
            label="Primitive"
            value={filters.primitive ?? "all"}
            onChange={(value) => onChange({ ...filters, primitive: value === "all" ? undefined : value })}
            options={[
              { value: "all" as const, label: "All" },
              ...PRIMITIVES.filter((p) => primitiveCounts.has(p) || filters.primitive === p).map((p) => ({
                value: p,
                label: PRIMITIVE_LABELS[p],
                count: primitiveCounts.get(p)?.size ?? 0,
              })),
            ]}
          />
          <label className="flex items-center gap-2 text-xs font-medium text-zinc-500">
            Agent
            <select
              value={filters.agent ?? ""}
              onChange={(event) => onChange({ ...filters, agent: event.target.value || undefined })}
              className="h-7 rounded-md border border-zinc-200 bg-white px-2 text-xs text-zinc-800 shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10"
            >
              <option value="">All agents</option>
              {agents.map((agent) => (
                <option key={agent.slug} value={agent.slug}>
                  {agent.name}
                </option>
              ))}
              {filters.agent && !agents.some((a) => a.slug === filters.agent) && <option value={filters.agent}>{filters.agent}</option>}
            </select>
          </label>
          <ul className="ml-auto flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600" aria-label="Legend" data-testid="calendar-legend">
            {legend.map((item) => (
              <li key={item.key} className="inline-flex items-center gap-1.5">
                <span className={cn("size-2 rounded-sm", item.swatch.dot)} aria-hidden />
                {item.label}
              </li>
            ))}
          </ul>
        </div>
        {showOverlay && (
          <p className="flex flex-wrap items-center gap-3 text-xs text-zinc-500" data-testid="overlay-legend">
            <span>Executions per hour of what is shown:</span>
            <span className="inline-flex items-center gap-1">
              <span className="h-3 w-1 rounded-full bg-green-400" aria-hidden /> 1–{Math.ceil(threshold / 2) - 1}
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="h-3 w-1 rounded-full bg-yellow-400" aria-hidden /> {Math.ceil(threshold / 2)}–{threshold - 1}
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="h-3 w-1 rounded-full bg-red-500" aria-hidden /> {threshold}+ (high concurrency)
            </span>
          </p>
        )}
      </div>

      {calendar.isError && !calendar.data ? (
        <div className="p-4">
          <ErrorState title="The calendar could not be loaded" message={calendar.error.message} onRetry={() => void calendar.refetch()} />
        </div>
      ) : !calendar.data ? (
        <div className="space-y-2 p-4" role="status" aria-busy="true" aria-label="Loading the calendar">
          <Placeholders count={10}>{() => <Skeleton className="h-8 w-full" />}</Placeholders>
        </div>
      ) : entries.length === 0 ? (
        <EmptyState
          title={isFiltered ? "Nothing matching these filters is scheduled this week" : "Nothing is scheduled this week"}
          action={
            isFiltered ? (
              <Button size="sm" onClick={() => onChange({ ...filters, primitive: undefined, agent: undefined })}>
                Clear filters
              </Button>
            ) : undefined
          }
        >
          Active schedules, campaign schedules and pulse evaluations appear here; triggers fire on events, not on a clock.
        </EmptyState>
      ) : (
        <div className={cn("relative", calendar.isFetching && calendar.isPlaceholderData && "opacity-60")}>
          {calendar.isError && (
            <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700">
              Could not refresh: {calendar.error.message}. Showing the last loaded week.
            </div>
          )}
          <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] text-xs" role="grid" aria-label={`Week of ${weekLabel(monday)}`}>
            <div className="sticky top-14 z-10 border-b border-zinc-200 bg-white" />
            {days.map((date) => {
              const heading = dayHeading(date);
              return (
                <div
                  key={date}
                  role="columnheader"
                  className={cn("sticky top-14 z-10 border-b border-l border-zinc-200 bg-white px-2 py-2 text-center", date === today && "bg-sky-50")}
                >
                  <span className="text-zinc-500">{heading.weekday}</span>{" "}
                  <span className={cn("font-semibold text-zinc-900", date === today && "rounded-full bg-sky-600 px-1.5 py-0.5 text-white")}>{heading.day}</span>
                </div>
              );
            })}

            {hasCompressed && (
              <>
                <div
                  className="flex items-start justify-end gap-1 border-b border-zinc-200 bg-zinc-50 px-1.5 py-1.5 text-[10px] font-medium text-zinc-500"
                  title="Automations firing 12 or more times a day, one entry per day"
                >
                  <Repeat className="mt-px size-3" aria-hidden />
                  Frequent
                </div>
                {days.map((date) => (
                  <div
                    key={date}
                    className={cn("space-y-0.5 border-b border-l border-zinc-200 bg-zinc-50 p-1", date === today && "bg-sky-50/60")}
                    data-testid="calendar-frequent"
                    data-date={date}
                  >
                    {(layout.compressed.get(date) ?? []).map((entry) => {
                      const swatch = swatchOf(entry, colorMode, agentColors);
                      // The API's title is "<agent or automation> — <frequency> (<n>x/day)".
                      const split = entry.title.lastIndexOf(" — ");
                      const label = split > 0 ? entry.title.slice(0, split) : entry.name;
                      const frequency = split > 0 ? entry.title.slice(split + 3).replace(/ \(.*\)$/, "") : `${entry.count} runs`;
                      const key = expansionKey(entry);
                      const isExpanded = expanded.has(key);
                      return (
                        <Tooltip key={entry.automationId} content={<EntryDetails entry={entry} timezone={timezone} isExpanded={isExpanded} />}>
                          <button
                            type="button"
                            data-testid="calendar-compressed"
                            data-automation-id={entry.automationId}
                            aria-expanded={isExpanded}
                            onClick={() => toggleExpanded(key)}
                            className={cn("flex w-full min-w-0 flex-col rounded-sm border-l-2 px-1 py-0.5 text-left text-[11px] leading-4", swatch.chip)}
                          >
                            <span className="flex min-w-0 items-center gap-0.5 font-medium">
                              <ChevronRight className={cn("size-3 shrink-0 transition-transform", isExpanded && "rotate-90")} aria-hidden />
                              <span className="truncate">{label}</span>
                            </span>
                            <span className="truncate tabular-nums opacity-75">
                              {frequency} · {entry.count}×
                            </span>
                          </button>
                        </Tooltip>
                      );
                    })}
                  </div>
                ))}
              </>
            )}

            {HOURS.map((hour) => (
              <Fragment key={hour}>
                <div className="border-b border-zinc-100 px-1.5 pt-1 text-right text-[10px] tabular-nums text-zinc-400" role="rowheader">
                  {hourLabel(hour)}
                </div>
                {days.map((date) => {
                  const key = cellKey(date, hour);
                  const chips = layout.cells.get(key) ?? [];
                  const load = layout.load.get(key) ?? 0;
                  const level = showOverlay ? concurrencyLevel(load, threshold) : "none";
                  const styles = LEVEL_STYLES[level];
                  const hidden = chips.slice(CELL_CHIPS);
                  const isNow = date === today && hour === currentHour;
                  return (
                    <div
                      key={key}
                      role="gridcell"
                      data-testid="calendar-hour"
                      data-date={date}
                      data-hour={hour}
                      data-count={load}
                      data-level={level}
                      className={cn(
                        "relative min-h-9 space-y-0.5 border-b border-l border-zinc-100 py-0.5 pr-1 pl-2",
                        date === today && "bg-sky-50/30",
                        styles.cell,
                        isNow && "shadow-[inset_0_2px_0_0_var(--color-sky-500)]",
                      )}
                    >
                      {level !== "none" && <span className={cn("absolute inset-y-0.5 left-0.5 w-1 rounded-full", styles.bar)} aria-hidden />}
                      {level !== "none" && (
                        <span
                          className={cn("absolute top-0.5 right-1 text-[10px] tabular-nums", styles.count)}
                          title={`${load} executions expected in this hour`}
                        >
                          {load}
                        </span>
                      )}
                      <div className={cn("space-y-0.5", level !== "none" && "pr-4")}>
                        {(layout.expandedCells.get(key) ?? []).map(({ entry, firings }) => (
                          <ExpandedChip key={entry.automationId} entry={entry} firings={firings} swatch={swatchOf(entry, colorMode, agentColors)} />
                        ))}
                        {chips.slice(0, CELL_CHIPS).map((entry) => (
                          <Chip key={`${entry.automationId}:${entry.at}`} entry={entry} swatch={swatchOf(entry, colorMode, agentColors)} timezone={timezone} />
                        ))}
                        {hidden.length > 0 && (
                          <Tooltip
                            content={
                              <ul className="space-y-0.5">
                                {hidden.map((entry) => (
                                  <li key={`${entry.automationId}:${entry.at}`}>
                                    <span className="tabular-nums text-zinc-400">{timeOf(entry.at!, timezone)}</span> {entry.name}
                                  </li>
                                ))}
                              </ul>
                            }
                          >
                            <button
                              type="button"
                              className="w-full rounded-sm px-1 text-left text-[11px] font-medium text-zinc-600 hover:bg-zinc-100"
                              data-testid="calendar-more"
                            >
                              +{hidden.length} more
                            </button>
                          </Tooltip>
                        )}
                      </div>
                    </div>
                  );
                })}
              </Fragment>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
