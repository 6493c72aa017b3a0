"use client";

import { matchesAutomation, sortAutomations } from "@switchyard/core/automations/rules";
import { Button, Card, EmptyState, FilterPills, SearchInput, Tabs, TabsContent, TabsList, TabsTrigger, cn } from "@switchyard/ui/components";
import { getSeverityStyles } from "@switchyard/ui/severity";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { PageHeader } from "@/app/schedule/page-header";
import { useNow } from "@/components/use-now";
import { ArchivedTable } from "./archived-table";
import {
  type AutomationPatch,
  automationsQueryKey,
  bulkUpdateSchedules,
  type CascadeWarning,
  type DensityResponse,
  densityQueryKey,
  fetchAutomations,
  fetchDensity,
  patchAutomation,
  type ScheduleRecord,
} from "./api";
import {
  type AutomationListResponse,
  type AutomationRow,
  DEFAULT_ORDER,
  listFilterOf,
  parseScheduleFilters,
  PRIMITIVE_LABELS,
  PRIMITIVES,
  type ScheduleFilters,
  scheduleFiltersToSearchParams,
  SEVERITIES,
} from "./automation-view";
import { AutomationsTable } from "./automations-table";
import { NewScheduleButton } from "./new-schedule";
import { describeBulkResult, describeOccurrence, scheduleIdOf } from "./schedule-edit";
import { CalendarView } from "./calendar-view";
import { DensityBar } from "./density-bar";
import { SummaryCards } from "./summary-cards";

const REFETCH_MS = 15_000;

type PatchResult = Awaited<ReturnType<typeof patchAutomation>>;
type Change = { automation: AutomationRow; patch: AutomationPatch };

interface Notice {
  tone: "warning" | "info";
  message: string;
  /** Offered after an archive or unarchive. */
  undo?: Change;
  /** A disable or archive held back because other automations depend on it. */
  confirm?: Change & { label: string };
}

/** Active automations that list `id` among what they depend on: what turning it off would starve. */
function activeDependents(automations: AutomationRow[], id: string): AutomationRow[] {
  return automations.filter((a) => a.id !== id && a.isActive && !a.isArchived && a.dependsOn.some((d) => d.id === id));
}

function describePolicyCheck(automation: AutomationRow, result: PatchResult): { tone: Notice["tone"]; message: string } {
  const saved = `Health policy saved for "${automation.name}".`;
  const check = result.policyCheck;
  if (!check?.triggered) return { tone: "info", message: saved };
  const why = `success over the last ${check.runs} runs is ${Math.round(check.successRate * 10) / 10}%, below the threshold`;
  if (check.action === "disable") return { tone: "warning", message: `${saved} It applied at once (${why}): the automation is now auto-disabled.` };
  if (check.action === "reduce_frequency") return { tone: "warning", message: `${saved} It applied at once (${why}): the schedule is now ${check.cronExpr}.` };
  return { tone: "warning", message: `${saved} It raised an alert at once (${why}).` };
}

interface ScheduleViewProps {
  initialData: AutomationListResponse;
  initialDensity: DensityResponse;
  loadedAt: number;
  /** OPERATOR or above: may toggle, archive and set health policies (the API checks again). */
  canOperate: boolean;
  /** ADMIN or above: may create schedules and edit their cron and time zone. */
  canAdmin: boolean;
}

/** "next run Sun, Mar 29 at 09:00 (UTC+02:00)", read on the schedule zone's clock. */
function describeNextRun(schedule: ScheduleRecord): string {
  const next = schedule.isActive ? schedule.nextRuns[0] : undefined;
  if (!next) return "it is paused";
  const { day, time, offset } = describeOccurrence(next);
  return `next run ${day} at ${time} (${offset}, ${schedule.timezone})`;
}

export function ScheduleView({ initialData, initialDensity, loadedAt, canOperate, canAdmin }: ScheduleViewProps) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseScheduleFilters(new URLSearchParams(searchParams.toString())), [searchParams]);
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [search, setSearch] = useState(filters.q ?? "");
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());

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
    mutationFn: ({ automation, patch }: Change) => patchAutomation(automation.id, patch),
    onSuccess: (result, { automation, patch }) => {
      const warning: CascadeWarning | null = result.warning;
      if (patch.healthPolicy) {
        const policy = describePolicyCheck(automation, result);
        setNotice({ tone: warning ? "warning" : policy.tone, message: warning ? `${policy.message} ${warning.message}.` : policy.message });
      } else if (patch.archived !== undefined) {
        const message = patch.archived ? `Archived "${automation.name}".` : `Restored "${automation.name}" to the list.`;
        setNotice({
          tone: warning ? "warning" : "info",
          message: warning ? `${message} ${warning.message}.` : message,
          undo: { automation, patch: { archived: !patch.archived } },
        });
      } else if (warning) {
        setNotice({ tone: "warning", message: `${warning.message}.` });
      } else {
        setNotice(null);
      }
      void queryClient.invalidateQueries({ queryKey: automationsQueryKey });
    },
    onError: (error) => setNotice({ tone: "warning", message: error.message }),
  });

  const bulk = useMutation({
    mutationFn: ({ ids, action }: { ids: string[]; action: "pause" | "resume" }) => bulkUpdateSchedules(ids, action),
    onSuccess: (result) => {
      setSelectedIds(new Set());
      setNotice({ tone: result.summary.changed === result.summary.requested ? "info" : "warning", message: describeBulkResult(result) });
      void queryClient.invalidateQueries({ queryKey: automationsQueryKey });
    },
    onError: (error) => setNotice({ tone: "warning", message: error.message }),
  });

  /** A saved schedule: the list reloads, and the notice says when it fires next. */
  function announceSchedule(verb: string, schedule: ScheduleRecord) {
    setNotice({ tone: "info", message: `${verb} "${schedule.name}": ${describeNextRun(schedule)}.` });
    void queryClient.invalidateQueries({ queryKey: automationsQueryKey });
  }

  /** Turning off something others depend on asks first, naming them; everything else goes straight through. */
  function requestPatch(automation: AutomationRow, patch: AutomationPatch, confirmed = false): Promise<unknown> {
    const turnsOff = patch.isActive === false || patch.archived === true;
    const dependents = turnsOff && !confirmed ? activeDependents(list.data.automations, automation.id) : [];
    if (dependents.length > 0) {
      const verb = patch.archived ? "Archiving" : "Disabling";
      setNotice({
        tone: "warning",
        message: `${verb} "${automation.name}" starves ${dependents.length} automation${dependents.length === 1 ? "" : "s"} that depend on it: ${dependents.map((d) => d.name).join(", ")}.`,
        confirm: { automation, patch, label: patch.archived ? "Archive anyway" : "Disable anyway" },
      });
      return Promise.resolve();
    }
    return mutation.mutateAsync({ automation, patch });
  }

  /** For buttons, which do not wait for the outcome: a failure is already on screen (the mutation's onError sets the notice). */
  function patchFromButton(automation: AutomationRow, patch: AutomationPatch, confirmed = false): void {
    requestPatch(automation, patch, confirmed).catch(() => {});
  }

  function setFilters(next: ScheduleFilters, replace = false) {
    const query = scheduleFiltersToSearchParams(next).toString();
    const url = query ? `${pathname}?${query}` : pathname;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }

  const data = list.data;
  const sort = filters.sort ?? "severity";
  const visible = useMemo(
    () =>
      sortAutomations(
        data.automations.filter((a) => matchesAutomation(a, listFilterOf(filters))),
        sort,
        filters.order,
      ),
    [data.automations, filters, sort],
  );
  const isFiltered = Boolean(filters.q || filters.primitive || filters.type || filters.severity);
  const order = filters.order ?? DEFAULT_ORDER[sort];
  const view = filters.view ?? "list";
  const pendingId = mutation.isPending ? (mutation.variables?.automation.id ?? null) : null;
  // A bulk action covers the checked schedules still on screen: a filter hides a row from it too.
  const selected = visible.filter((a) => selectedIds.has(a.id));
  const selection = canOperate
    ? {
        selectedIds,
        onSelect: (ids: string[], isSelected: boolean) =>
          setSelectedIds((current) => {
            const next = new Set(current);
            for (const id of ids) {
              if (isSelected) next.add(id);
              else next.delete(id);
            }
            return next;
          }),
      }
    : null;
  const runBulk = (action: "pause" | "resume") => bulk.mutate({ ids: selected.flatMap((a) => scheduleIdOf(a) ?? []), action });

  return (
    <div className="space-y-4">
      <PageHeader actions={<NewScheduleButton canCreate={canAdmin} onCreated={(schedule) => announceSchedule("Created", schedule)} />} />
      <SummaryCards summary={data.summary} automations={data.automations} />
      <DensityBar density={density.data} />

      {notice && (
        <div
          role={notice.tone === "warning" ? "alert" : "status"}
          data-testid="schedule-notice"
          className={cn(
            "flex items-start justify-between gap-3 rounded-lg border px-3 py-2 text-sm",
            notice.tone === "warning" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-zinc-200 bg-white text-zinc-700",
          )}
        >
          <span className="pt-0.5">{notice.message}</span>
          <span className="flex shrink-0 items-center gap-1">
            {notice.confirm && (
              <>
                <Button size="sm" variant="danger" onClick={() => patchFromButton(notice.confirm!.automation, notice.confirm!.patch, true)}>
                  {notice.confirm.label}
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setNotice(null)}>
                  Cancel
                </Button>
              </>
            )}
            {notice.undo && (
              <Button size="sm" variant="ghost" onClick={() => patchFromButton(notice.undo!.automation, notice.undo!.patch)}>
                Undo
              </Button>
            )}
            {!notice.confirm && (
              <Button size="sm" variant="ghost" className="px-1.5" aria-label="Dismiss" onClick={() => setNotice(null)}>
                <X className="size-4" aria-hidden />
              </Button>
            )}
          </span>
        </div>
      )}

      <Card role="region" aria-label="Automations">
        <Tabs value={view} onValueChange={(next) => setFilters({ ...filters, view: next === "list" ? undefined : (next as ScheduleFilters["view"]) })}>
          <TabsList className="px-4" aria-label="View">
            <TabsTrigger value="list" data-testid="tab-list">
              Automations <span className="ml-1 tabular-nums text-zinc-400">{data.automations.length}</span>
            </TabsTrigger>
            <TabsTrigger value="calendar" data-testid="tab-calendar">
              Calendar
            </TabsTrigger>
            <TabsTrigger value="archived" data-testid="tab-archived">
              Archived <span className="ml-1 tabular-nums text-zinc-400">{data.summary.archived}</span>
            </TabsTrigger>
          </TabsList>

          <TabsContent value="list" className="pt-0">
            <div className="flex flex-col gap-3 border-b border-zinc-200 px-4 py-3">
              <div className="flex flex-wrap items-center gap-3">
                <search>
                  <form
                    onSubmit={(event) => {
                      event.preventDefault();
                      setFilters({ ...filters, q: search.trim() || undefined });
                    }}
                  >
                    <SearchInput
                      id="automation-search"
                      label="Search automations"
                      value={search}
                      placeholder="Search name, agent, cron…"
                      onChange={(event) => {
                        setSearch(event.target.value);
                        setFilters({ ...filters, q: event.target.value.trim() || undefined }, true);
                      }}
                      className="w-72"
                    />
                  </form>
                </search>
                <FilterPills
                  label="Type"
                  value={filters.type ?? "any"}
                  onChange={(value) => setFilters({ ...filters, type: value === "any" ? undefined : value })}
                  options={[
                    { value: "any" as const, label: "Any type" },
                    { value: "schedule" as const, label: "Scheduled" },
                    { value: "trigger" as const, label: "Triggered" },
                  ]}
                />
                <FilterPills
                  label="Severity"
                  value={filters.severity ?? "all"}
                  onChange={(value) => setFilters({ ...filters, severity: value === "all" ? undefined : value })}
                  options={[
                    { value: "all" as const, label: "Any health" },
                    ...SEVERITIES.map((severity) => ({
                      value: severity,
                      label: (
                        <>
                          <span
                            className={cn("inline-block size-1.5 rounded-full", getSeverityStyles(severity).border.replace("border-l-", "bg-"))}
                            aria-hidden
                          />
                          <span className="capitalize">{severity}</span>
                        </>
                      ),
                    })),
                  ]}
                />
                <span className="ml-auto text-xs tabular-nums text-zinc-500" data-testid="automation-count">
                  {visible.length} of {data.automations.length}
                </span>
              </div>
              <FilterPills
                label="Primitive"
                value={filters.primitive ?? "all"}
                onChange={(value) => setFilters({ ...filters, primitive: value === "all" ? undefined : value })}
                options={[
                  { value: "all" as const, label: "All", count: data.automations.length },
                  ...PRIMITIVES.map((p) => ({ value: p, label: PRIMITIVE_LABELS[p], count: data.automations.filter((a) => a.primitiveType === p).length })),
                ]}
              />
            </div>

            {selected.length > 0 && (
              <div
                className="flex items-center gap-2 border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900"
                role="toolbar"
                aria-label="Bulk actions"
                data-testid="bulk-bar"
              >
                <span className="font-medium tabular-nums" data-testid="bulk-count">
                  {selected.length} selected
                </span>
                <Button size="sm" onClick={() => runBulk("pause")} disabled={bulk.isPending}>
                  Pause
                </Button>
                <Button size="sm" onClick={() => runBulk("resume")} disabled={bulk.isPending}>
                  Resume
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setSelectedIds(new Set())} disabled={bulk.isPending}>
                  Clear selection
                </Button>
              </div>
            )}

            {list.isError && (
              <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-700">
                Could not refresh: {list.error.message}. Showing the last loaded data.
              </div>
            )}

            {visible.length === 0 ? (
              <EmptyState
                className="py-16"
                title={isFiltered ? "No automations match these filters" : "No automations yet"}
                action={
                  isFiltered ? (
                    <Button
                      size="sm"
                      onClick={() => {
                        setSearch("");
                        setFilters({ sort: filters.sort, order: filters.order });
                      }}
                    >
                      Clear filters
                    </Button>
                  ) : undefined
                }
              >
                {isFiltered ? "Try another search or clear the filters." : "Schedules, triggers, campaign schedules and pulses all appear here."}
              </EmptyState>
            ) : (
              <AutomationsTable
                automations={visible}
                sort={sort}
                order={order}
                now={now}
                pendingId={pendingId}
                canOperate={canOperate}
                canAdmin={canAdmin}
                selection={selection}
                onTimingSaved={(_automation, schedule) => announceSchedule("Saved", schedule)}
                onSort={(nextSort, nextOrder) =>
                  setFilters({ ...filters, sort: nextSort === "severity" ? undefined : nextSort, order: nextSort === "severity" ? undefined : nextOrder })
                }
                onPatch={requestPatch}
              />
            )}
          </TabsContent>

          <TabsContent value="calendar" className="pt-0">
            <CalendarView filters={filters} timezone={timezone} threshold={density.data.threshold} now={now} onChange={(next) => setFilters(next)} />
          </TabsContent>

          <TabsContent value="archived" className="pt-0">
            <ArchivedTable
              now={now}
              pendingId={pendingId}
              canOperate={canOperate}
              onUnarchive={(automation) => patchFromButton(automation, { archived: false })}
            />
          </TabsContent>
        </Tabs>
      </Card>
    </div>
  );
}
