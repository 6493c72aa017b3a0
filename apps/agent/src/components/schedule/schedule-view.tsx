"use client";

import { getSeverityStyles } from "@switchyard/ui/severity";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useNow } from "@/components/use-now";
import {
  type AutomationListResponse,
  type AutomationRow,
  matchesFilters,
  parseScheduleFilters,
  PRIMITIVE_LABELS,
  PRIMITIVES,
  type ScheduleFilters,
  scheduleFiltersToSearchParams,
  SEVERITIES,
  sortAutomations,
} from "./automation-view";
import { type AutomationPatch, automationsQueryKey, type DensityResponse, densityQueryKey, fetchAutomations, fetchDensity, patchAutomation } from "./api";
import { AutomationsTable } from "./automations-table";
import { DensityBar } from "./density-bar";
import { SummaryCards } from "./summary-cards";

const REFETCH_MS = 15_000;

function Pill({ isActive, onClick, children, testId }: { isActive: boolean; onClick: () => void; children: React.ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      aria-pressed={isActive}
      onClick={onClick}
      data-testid={testId}
      className={`h-7 rounded-full px-3 text-xs font-medium transition-colors ${
        isActive ? "bg-zinc-900 text-white" : "bg-white text-zinc-600 ring-1 ring-inset ring-zinc-200 hover:bg-zinc-50 hover:text-zinc-900"
      }`}
    >
      {children}
    </button>
  );
}

interface Notice {
  tone: "warning" | "info";
  message: string;
  undo?: { automation: AutomationRow; patch: AutomationPatch };
}

export function ScheduleView({ initialData, initialDensity, loadedAt }: { initialData: AutomationListResponse; initialDensity: DensityResponse; loadedAt: number }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseScheduleFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [search, setSearch] = useState(filters.q ?? "");

  const list = useQuery({
    queryKey: automationsQueryKey,
    queryFn: ({ signal }) => fetchAutomations(signal),
    initialData,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: REFETCH_MS,
  });
  const timezone = initialDensity.timezone;
  const density = useQuery({
    queryKey: densityQueryKey(timezone),
    queryFn: ({ signal }) => fetchDensity(timezone, signal),
    initialData: initialDensity,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: 60_000,
  });

  const mutation = useMutation({
    mutationFn: ({ automation, patch }: { automation: AutomationRow; patch: AutomationPatch }) => patchAutomation(automation.id, patch),
    onSuccess: (result, { automation, patch }) => {
      if (result.warning) setNotice({ tone: "warning", message: result.warning.message });
      else if (patch.archived) setNotice({ tone: "info", message: `Archived "${automation.name}".`, undo: { automation, patch: { archived: false } } });
      else if (patch.healthPolicy) setNotice({ tone: "info", message: `Health policy saved for "${automation.name}".` });
      else setNotice(null);
      void queryClient.invalidateQueries({ queryKey: automationsQueryKey });
    },
    onError: (error) => setNotice({ tone: "warning", message: error.message }),
  });

  function setFilters(next: ScheduleFilters, replace = false) {
    const query = scheduleFiltersToSearchParams(next).toString();
    const url = query ? `${pathname}?${query}` : pathname;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }

  const data = list.data;
  const sort = filters.sort ?? "severity";
  const visible = useMemo(
    () => sortAutomations(data.automations.filter((a) => matchesFilters(a, filters)), sort, filters.order),
    [data.automations, filters, sort],
  );
  const isFiltered = Boolean(filters.q || filters.primitive || filters.type || filters.severity);
  const order = filters.order ?? (sort === "name" || sort === "severity" || sort === "success" || sort === "nextRun" ? "asc" : "desc");

  return (
    <div className="space-y-4">
      <SummaryCards summary={data.summary} automations={data.automations} />
      <DensityBar density={density.data} />

      {notice && (
        <div
          role={notice.tone === "warning" ? "alert" : "status"}
          data-testid="schedule-notice"
          className={`flex items-start justify-between gap-3 rounded-lg border px-3 py-2 text-sm ${
            notice.tone === "warning" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-zinc-200 bg-white text-zinc-700"
          }`}
        >
          <span>{notice.message}</span>
          <span className="flex shrink-0 gap-2">
            {notice.undo && (
              <button type="button" className="font-medium underline underline-offset-4" onClick={() => mutation.mutate(notice.undo!)}>
                Undo
              </button>
            )}
            <button type="button" aria-label="Dismiss" className="text-zinc-500 hover:text-zinc-900" onClick={() => setNotice(null)}>
              ✕
            </button>
          </span>
        </div>
      )}

      <section className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs" aria-label="Automations">
        <div className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3">
          <div className="flex flex-wrap items-center gap-3">
            <form
              role="search"
              className="relative"
              onSubmit={(event) => {
                event.preventDefault();
                setFilters({ ...filters, q: search.trim() || undefined });
              }}
            >
              <label htmlFor="automation-search" className="sr-only">
                Search automations
              </label>
              <input
                id="automation-search"
                type="search"
                value={search}
                placeholder="Search name, agent, cron…"
                onChange={(event) => {
                  setSearch(event.target.value);
                  setFilters({ ...filters, q: event.target.value.trim() || undefined }, true);
                }}
                className="h-8 w-72 rounded-md border border-zinc-200 bg-white px-3 text-sm shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10"
              />
            </form>
            <div className="flex flex-wrap gap-1.5" role="group" aria-label="Type">
              <Pill isActive={!filters.type} onClick={() => setFilters({ ...filters, type: undefined })}>
                Any type
              </Pill>
              <Pill isActive={filters.type === "schedule"} onClick={() => setFilters({ ...filters, type: "schedule" })}>
                Scheduled
              </Pill>
              <Pill isActive={filters.type === "trigger"} onClick={() => setFilters({ ...filters, type: "trigger" })}>
                Triggered
              </Pill>
            </div>
            <div className="flex flex-wrap gap-1.5" role="group" aria-label="Severity">
              {SEVERITIES.map((severity) => (
                <Pill
                  key={severity}
                  isActive={filters.severity === severity}
                  onClick={() => setFilters({ ...filters, severity: filters.severity === severity ? undefined : severity })}
                >
                  <span className={`mr-1 inline-block size-1.5 rounded-full align-middle ${getSeverityStyles(severity).border.replace("border-l-", "bg-")}`} aria-hidden />
                  <span className="capitalize">{severity}</span>
                </Pill>
              ))}
            </div>
            <span className="ml-auto text-xs tabular-nums text-zinc-500" data-testid="automation-count">
              {visible.length} of {data.automations.length}
            </span>
          </div>
          <div className="flex flex-wrap gap-1.5" role="group" aria-label="Primitive">
            <Pill isActive={!filters.primitive} onClick={() => setFilters({ ...filters, primitive: undefined })}>
              All <span className="ml-1 tabular-nums opacity-60">{data.automations.length}</span>
            </Pill>
            {PRIMITIVES.map((p) => (
              <Pill key={p} testId={`pill-${p}`} isActive={filters.primitive === p} onClick={() => setFilters({ ...filters, primitive: p })}>
                {PRIMITIVE_LABELS[p]} <span className="ml-1 tabular-nums opacity-60">{data.automations.filter((a) => a.primitiveType === p).length}</span>
              </Pill>
            ))}
          </div>
        </div>

        {list.isError && (
          <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700">
            Could not refresh: {list.error.message}. Showing the last loaded data.
          </div>
        )}

        {visible.length === 0 ? (
          <div className="px-6 py-16 text-center" data-testid="automations-empty">
            <h2 className="text-sm font-semibold text-zinc-900">{isFiltered ? "No automations match these filters" : "No automations yet"}</h2>
            <p className="mt-1 text-sm text-zinc-500">
              {isFiltered ? "Try another search or clear the filters." : "Schedules, triggers, campaign schedules and pulses all appear here."}
            </p>
            {isFiltered && (
              <button
                type="button"
                onClick={() => {
                  setSearch("");
                  setFilters({ sort: filters.sort, order: filters.order });
                }}
                className="mt-4 text-sm font-medium text-zinc-900 underline underline-offset-4"
              >
                Clear filters
              </button>
            )}
          </div>
        ) : (
          <AutomationsTable
            automations={visible}
            sort={sort}
            order={order}
            now={now}
            pendingId={mutation.isPending ? (mutation.variables?.automation.id ?? null) : null}
            onSort={(nextSort, nextOrder) => setFilters({ ...filters, sort: nextSort === "severity" ? undefined : nextSort, order: nextSort === "severity" ? undefined : nextOrder })}
            onPatch={(automation, patch) => mutation.mutateAsync({ automation, patch })}
          />
        )}
      </section>
    </div>
  );
}
