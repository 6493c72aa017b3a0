"use client";

import { Badge, Button, Tooltip, cn } from "@switchyard/ui/components";
import { getSeverityStyles } from "@switchyard/ui/severity";
import { createColumnHelper, functionalUpdate, type SortingState } from "@tanstack/react-table";
import { Archive, ArrowLeft, ArrowRight, Pencil, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { DataTable, useDataTable } from "@/components/data-table";
import { RoleGate } from "@/components/role-gate";
import { SelectAllCheckbox } from "@/components/select-all-checkbox";
import { formatCost, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import type { AutomationPatch, ScheduleRecord } from "./api";
import {
  type AutomationRow,
  DEFAULT_ORDER,
  describeRunCounts,
  isAutoDisabled,
  PRIMITIVE_COLORS,
  PRIMITIVE_LABELS,
  type SortKey,
  unfinishedParts,
} from "./automation-view";
import { describeCron } from "./cron";
import { HealthPolicyEditor } from "./health-policy-editor";
import { NEEDS_ADMIN } from "./new-schedule";
import { scheduleIdOf } from "./schedule-edit";
import { ScheduleTimingEditor } from "./schedule-timing-editor";

function lastRunDot(status: string | undefined): string {
  if (status === "COMPLETED") return "bg-green-500";
  if (status === "FAILED") return "bg-red-500";
  if (status === "RUNNING" || status === "QUEUED") return "bg-sky-500";
  return "bg-zinc-300";
}

function formatUntil(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return "—";
  if (ms <= 60_000) return "due now";
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `in ${hours}h${minutes % 60 ? ` ${minutes % 60}m` : ""}`;
  return `in ${Math.round(hours / 24)}d`;
}

type DependencyRef = AutomationRow["dependsOn"][number];

/** "← after Nightly synthesis +1" / "→ feeds Growth — Evaluation Cycle": the first name, the rest in the tooltip. */
function DependencyLabel({ direction, refs }: { direction: "after" | "feeds"; refs: DependencyRef[] }) {
  // Automations first: they are what a cascade would starve; agents a workflow or campaign puts to work follow.
  const ordered = [...refs].sort((a, b) => Number(a.kind === "agent") - Number(b.kind === "agent"));
  const first = ordered[0]!;
  const verb = direction === "after" ? "after" : first.kind === "agent" ? "runs" : "feeds";
  const Icon = direction === "after" ? ArrowLeft : ArrowRight;
  return (
    <Tooltip
      content={
        <ul className="space-y-0.5">
          <li className="font-semibold">{direction === "after" ? "Depends on" : "Feeds"}</li>
          {ordered.map((ref) => (
            <li key={ref.id}>
              {ref.name} <span className="text-zinc-400">({ref.kind === "agent" ? "agent" : ref.origin})</span>
            </li>
          ))}
        </ul>
      }
    >
      <span
        className="inline-flex min-w-0 items-center gap-0.5 text-zinc-500"
        data-testid={`dependency-${direction}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a tooltip on static text needs a focusable trigger so keyboard users can read it
        tabIndex={0}
      >
        <Icon className="size-3 shrink-0" aria-hidden />
        <span className="truncate">
          {verb} {first.name}
        </span>
        {ordered.length > 1 && <span className="shrink-0 tabular-nums">+{ordered.length - 1}</span>}
      </span>
    </Tooltip>
  );
}

function PolicyBadge({ automation: a }: { automation: AutomationRow }) {
  const policy = a.healthPolicy;
  if (isAutoDisabled(a)) {
    return (
      <Tooltip
        content={`Its health policy disabled it ${formatExactTime(a.healthTriggeredAt!)}: success fell below ${policy?.threshold}% over the last ${policy?.window} runs. Enabling it re-arms the policy.`}
      >
        <Badge tone="danger" className="px-1.5 py-px text-[10px] font-semibold uppercase" data-testid="auto-disabled-badge" tabIndex={0}>
          Auto-disabled
        </Badge>
      </Tooltip>
    );
  }
  if (!policy?.enabled) return null;
  if (a.healthTriggeredAt) {
    const label = policy.action === "reduce_frequency" ? "Frequency halved" : "Policy alert";
    return (
      <Tooltip content={`Health policy triggered ${formatExactTime(a.healthTriggeredAt)} (below ${policy.threshold}% over ${policy.window} runs)`}>
        <Badge tone="warning" className="px-1.5 py-px text-[10px]" tabIndex={0}>
          {label}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge
      className="px-1.5 py-px text-[10px]"
      title={`Health policy armed: ${policy.action.replace("_", " ")} below ${policy.threshold}% over the last ${policy.window} runs`}
    >
      Policy {policy.threshold}% / {policy.window}
    </Badge>
  );
}

const column = createColumnHelper<AutomationRow>();

export const NEEDS_OPERATOR = "Changing automations needs the operator role.";

/** A column the list sorts by: the first click sorts in the shared rules' default direction for its key. */
function sortable(key: SortKey) {
  return { id: key, sortDescFirst: DEFAULT_ORDER[key] === "desc" };
}

function describeSchedule(a: AutomationRow): string {
  return a.config.cronExpr ? describeCron(a.config.cronExpr) : (a.config.eventName ?? (a.type === "webhook" ? "On webhook" : `On ${a.type}`));
}

/** The columns the list and the archive both show. */
export const SHARED_COLUMNS = [
  column.display({
    id: "primitive",
    header: "Primitive",
    meta: { className: "w-24" },
    cell: ({ row: { original: a } }) => (
      <span className="inline-flex items-center gap-1.5 text-xs text-zinc-700">
        <span className={cn("size-2 rounded-sm", PRIMITIVE_COLORS[a.primitiveType])} aria-hidden />
        {PRIMITIVE_LABELS[a.primitiveType]}
      </span>
    ),
  }),
  column.display({
    id: "entity",
    header: "Entity",
    meta: { className: "w-32", cell: (a) => ({ className: "truncate text-zinc-700", title: a.entity ? `${a.entity.name} (${a.entity.slug})` : undefined }) },
    cell: ({ row: { original: a } }) => a.entity?.name ?? "—",
  }),
  column.display({
    id: "schedule",
    header: "Schedule",
    meta: {
      className: "w-36",
      cell: (a) => ({
        className: "truncate text-zinc-700",
        title: a.config.cronExpr ? `${describeSchedule(a)} · ${a.config.cronExpr} (${a.config.timezone})` : describeSchedule(a),
      }),
    },
    cell: ({ row: { original: a } }) => describeSchedule(a),
  }),
  column.accessor((a) => a.stats.totalRuns, {
    ...sortable("runs"),
    header: "Runs",
    meta: { className: "w-16 text-right", cell: () => ({ className: "text-right tabular-nums text-zinc-700" }) },
    cell: ({ row: { original: a } }) =>
      a.stats.totalRuns === 0 ? (
        "0"
      ) : (
        <Tooltip content={describeRunCounts(a.stats)}>
          <span
            className="cursor-help underline decoration-zinc-300 decoration-dotted underline-offset-2"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a tooltip on static text needs a focusable trigger so keyboard users can read it
            tabIndex={0}
            data-testid="runs-count"
          >
            {a.stats.totalRuns.toLocaleString("en-US")}
          </span>
        </Tooltip>
      ),
  }),
];

interface ListColumnsContext {
  now: number;
  pendingId: string | null;
  canOperate: boolean;
  canAdmin: boolean;
  editingPolicyId: string | null;
  onEditPolicy: (id: string | null) => void;
  editingTimingId: string | null;
  onEditTiming: (id: string | null) => void;
  selection: Selection | null;
  onPatch: AutomationsTableProps["onPatch"];
}

/** Which rows are checked for a bulk action, and how the checkboxes change that. */
export interface Selection {
  selectedIds: ReadonlySet<string>;
  /** Checks (or unchecks) these automation ids. */
  onSelect: (ids: string[], isSelected: boolean) => void;
}

/** Seed 001 §2.1: only the three risky bands tint the row and draw its left border (on the row's first cell). */
function severityEdge(a: AutomationRow): string {
  return cn("border-l-4", a.severity === "healthy" ? "border-l-transparent" : getSeverityStyles(a.severity).border);
}

function listColumns(automations: AutomationRow[], context: ListColumnsContext) {
  const { now, pendingId, canOperate, canAdmin, editingPolicyId, onEditPolicy, editingTimingId, onEditTiming, selection, onPatch } = context;
  // A button does not wait for its patch: the page's notice shows a failure (the mutation's onError).
  const patchFromButton = (a: AutomationRow, patch: AutomationPatch) => void onPatch(a, patch).catch(() => {});
  const selectableIds = automations.filter((a) => scheduleIdOf(a) !== null).map((a) => a.id);
  // Bulk pause and resume cover the schedules /api/schedules owns; triggers and pulses have no checkbox.
  const selectColumn = selection
    ? [
        column.display({
          id: "select",
          header: () => (
            <SelectAllCheckbox
              ids={selectableIds}
              selected={selection.selectedIds}
              onSelect={selection.onSelect}
              label="Select all schedules shown"
              testId="select-all-schedules"
            />
          ),
          meta: { className: "w-10", cell: (a) => ({ className: cn(severityEdge(a), "pl-3") }) },
          cell: ({ row: { original: a } }) =>
            scheduleIdOf(a) !== null && (
              <input
                type="checkbox"
                className="size-4 align-middle accent-zinc-900"
                aria-label={`Select ${a.name}`}
                checked={selection.selectedIds.has(a.id)}
                onChange={(event) => selection.onSelect([a.id], event.target.checked)}
                data-testid="select-automation"
              />
            ),
        }),
      ]
    : [];
  return [
    ...selectColumn,
    column.accessor("name", {
      ...sortable("name"),
      header: "Name",
      meta: { cell: (a) => ({ className: selection ? "pl-1" : cn(severityEdge(a), "pl-3") }) },
      cell: ({ row: { original: a } }) => (
        <>
          <div
            className={cn("truncate font-medium", a.isActive ? "text-zinc-900" : "text-zinc-500")}
            data-testid="automation-name"
            title={a.description ? `${a.name} — ${a.description}` : a.name}
          >
            {a.name}
          </div>
          <div className="mt-0.5 flex min-w-0 items-center gap-1.5 overflow-hidden text-xs text-zinc-500">
            <span className="shrink-0">{a.sourceType === "schedule" ? "Scheduled" : `Trigger · ${a.type}`}</span>
            {!a.isActive && !isAutoDisabled(a) && <Badge className="px-1.5 py-px text-[10px] uppercase">Paused</Badge>}
            <PolicyBadge automation={a} />
            {a.dependsOn.length > 0 && <DependencyLabel direction="after" refs={a.dependsOn} />}
            {a.triggers.length > 0 && <DependencyLabel direction="feeds" refs={a.triggers} />}
          </div>
        </>
      ),
    }),
    ...SHARED_COLUMNS,
    column.accessor("successRate", {
      ...sortable("success"),
      header: "Success",
      meta: { className: "w-40", cell: () => ({ className: "whitespace-nowrap", "data-testid": "success-cell" }) },
      cell: ({ row: { original: a } }) => {
        const styles = getSeverityStyles(a.severity);
        if (a.stats.totalRuns === 0) return <span className="text-zinc-400">No runs</span>;
        // The rate reads over finished runs only, so the second line says how many that is (or what the others are).
        if (a.successRate === null) {
          return (
            <>
              <div className="text-zinc-400">No finished runs</div>
              <div className="text-[11px] text-zinc-500">{unfinishedParts(a.stats).join(" · ")}</div>
            </>
          );
        }
        return (
          <>
            <div className="flex items-center gap-1.5">
              <span className={cn("font-semibold tabular-nums", styles.text)}>{a.successRate.toFixed(1)}%</span>
              {a.severity !== "healthy" && a.stats.failedRuns > 0 && (
                <span className="text-xs font-medium tabular-nums text-red-600" title={`${a.stats.failedRuns} failed runs`}>
                  {a.stats.failedRuns}F
                </span>
              )}
              <span className={cn("rounded-full px-1.5 py-px text-[10px] font-semibold uppercase", styles.badge)}>{a.severity}</span>
            </div>
            <div className="text-[11px] tabular-nums text-zinc-500">of {(a.stats.successRuns + a.stats.failedRuns).toLocaleString("en-US")} finished</div>
          </>
        );
      },
    }),
    column.accessor((a) => a.lastRun?.startedAt, {
      ...sortable("lastRun"),
      header: "Last run",
      meta: { className: "w-24", cell: () => ({ className: "whitespace-nowrap text-zinc-700" }) },
      cell: ({ row: { original: a } }) =>
        a.lastRun ? (
          <span className="inline-flex items-center gap-1.5" title={`${a.lastRun.status} · ${formatExactTime(a.lastRun.startedAt)}`}>
            <span className="relative flex size-2" data-testid="last-run-dot" data-status={a.lastRun.status}>
              {(a.lastRun.status === "RUNNING" || a.lastRun.status === "QUEUED") && (
                <span className="absolute inline-flex size-full animate-ping rounded-full bg-sky-400 opacity-75" />
              )}
              <span className={cn("relative inline-flex size-2 rounded-full", lastRunDot(a.lastRun.status))} />
            </span>
            {formatRelativeTime(a.lastRun.startedAt, now)}
          </span>
        ) : (
          <span className="text-zinc-400">Never</span>
        ),
    }),
    column.accessor("nextRunAt", {
      ...sortable("nextRun"),
      header: "Next run",
      meta: {
        className: "w-20",
        cell: (a) => ({
          className: "whitespace-nowrap text-zinc-700",
          title: a.nextRunAt ? formatExactTime(a.nextRunAt) : undefined,
          "data-next-run-at": a.isActive ? (a.nextRunAt ?? undefined) : undefined,
        }),
      },
      cell: ({ row: { original: a } }) => (a.nextRunAt && a.isActive ? formatUntil(a.nextRunAt, now) : <span className="text-zinc-400">—</span>),
    }),
    column.accessor("estMonthlyCost", {
      ...sortable("cost"),
      header: "Est./mo",
      meta: { className: "w-20 text-right", cell: () => ({ className: "text-right tabular-nums text-zinc-700", "data-testid": "cost-cell" }) },
      cell: ({ getValue }) => {
        const cost = getValue();
        return cost === null ? <span className="text-zinc-400">—</span> : formatCost(cost);
      },
    }),
    column.display({
      id: "actions",
      header: "Actions",
      meta: { className: "w-36 text-right", cell: () => ({ className: "pr-4" }) },
      cell: ({ row: { original: a } }) => {
        const isDisabled = !canOperate || pendingId === a.id;
        const isEditing = editingPolicyId === a.id;
        const isEditingTiming = editingTimingId === a.id;
        return (
          <div className="flex items-center justify-end">
            <RoleGate isAllowed={canOperate} reason={NEEDS_OPERATOR}>
              <span className="flex items-center gap-0.5">
                <button
                  type="button"
                  role="switch"
                  aria-checked={a.isActive}
                  aria-label={`${a.isActive ? "Disable" : "Enable"} ${a.name}`}
                  title={canOperate ? (a.isActive ? "Active: click to disable" : "Disabled: click to enable") : undefined}
                  disabled={isDisabled}
                  onClick={() => patchFromButton(a, { isActive: !a.isActive })}
                  className={cn(
                    "relative mr-1 inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:opacity-50",
                    a.isActive ? "bg-zinc-900" : "bg-zinc-300",
                  )}
                >
                  <span
                    className={cn("inline-block size-4 rounded-full bg-white shadow transition-transform", a.isActive ? "translate-x-4.5" : "translate-x-0.5")}
                  />
                </button>
                {/* A pulse's evaluation cron is edited on the pulse; triggers have none. */}
                {scheduleIdOf(a) === null ? (
                  <span className="w-7" aria-hidden />
                ) : (
                  <RoleGate isAllowed={canAdmin || !canOperate} reason={NEEDS_ADMIN}>
                    <Tooltip content="Edit cron and time zone">
                      <Button
                        variant="ghost"
                        size="sm"
                        className="px-1.5"
                        aria-expanded={isEditingTiming}
                        aria-label={`Edit schedule of ${a.name}`}
                        disabled={!canAdmin}
                        onClick={() => onEditTiming(isEditingTiming ? null : a.id)}
                      >
                        <Pencil className="size-4" aria-hidden />
                      </Button>
                    </Tooltip>
                  </RoleGate>
                )}
                {/* Pulses keep policy columns but nothing evaluates them yet, so they are not offered one. */}
                {a.sourceType !== "schedule" || a.primitiveType === "pulse" ? (
                  <span className="w-7" aria-hidden />
                ) : (
                  <Tooltip content="Health policy">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="px-1.5"
                      aria-expanded={isEditing}
                      aria-label={`Health policy of ${a.name}`}
                      disabled={!canOperate}
                      onClick={() => onEditPolicy(isEditing ? null : a.id)}
                    >
                      <ShieldCheck className="size-4" aria-hidden />
                    </Button>
                  </Tooltip>
                )}
                <Tooltip content="Archive">
                  <Button
                    variant="ghost"
                    size="sm"
                    className="px-1.5"
                    aria-label={`Archive ${a.name}`}
                    disabled={isDisabled}
                    onClick={() => patchFromButton(a, { archived: true })}
                  >
                    <Archive className="size-4" aria-hidden />
                  </Button>
                </Tooltip>
              </span>
            </RoleGate>
          </div>
        );
      },
    }),
  ];
}

interface AutomationsTableProps {
  automations: AutomationRow[];
  sort: SortKey;
  order: "asc" | "desc";
  now: number;
  pendingId: string | null;
  /** OPERATOR or above; a viewer sees every action disabled, with the reason. */
  canOperate: boolean;
  /** ADMIN or above: may edit a schedule's cron and time zone. */
  canAdmin: boolean;
  /** Checkboxes for bulk pause and resume (operators only). */
  selection: Selection | null;
  onSort: (sort: SortKey, order: "asc" | "desc") => void;
  onPatch: (automation: AutomationRow, patch: AutomationPatch) => Promise<unknown>;
  onTimingSaved: (automation: AutomationRow, schedule: ScheduleRecord) => void;
}

export function AutomationsTable({
  automations,
  sort,
  order,
  now,
  pendingId,
  canOperate,
  canAdmin,
  selection,
  onSort,
  onPatch,
  onTimingSaved,
}: AutomationsTableProps) {
  const [editingPolicyId, setEditingPolicyId] = useState<string | null>(null);
  const [editingTimingId, setEditingTimingId] = useState<string | null>(null);
  const columns = listColumns(automations, {
    now,
    pendingId,
    canOperate,
    canAdmin,
    editingPolicyId,
    onEditPolicy: setEditingPolicyId,
    editingTimingId,
    onEditTiming: setEditingTimingId,
    selection,
    onPatch,
  });
  // The URL holds the sort and the shared rules order the rows; the default (severity) order has no column of its own.
  const sorting: SortingState = sort === "severity" ? [] : [{ id: sort, desc: order === "desc" }];
  const table = useDataTable({
    data: automations,
    columns,
    getRowId: (a) => a.id,
    state: { sorting },
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      if (next) onSort(next.id as SortKey, next.desc ? "desc" : "asc");
    },
    // A sorted column's header flips its direction rather than un-sorting, and the list sorts by one column at a time.
    enableSortingRemoval: false,
    enableMultiSort: false,
  });

  return (
    // Fits 1280px of content; below that it scrolls inside the card rather than the page.
    <div className="overflow-x-auto">
      <DataTable
        table={table}
        className="w-full table-fixed border-separate border-spacing-0 text-sm"
        data-testid="automations-table"
        cellClassName="border-b border-zinc-100 px-2 py-2.5 align-middle"
        rowProps={(a) => ({
          "data-testid": "automation-row",
          "data-automation-id": a.id,
          "data-severity": a.severity,
          "data-primitive": a.primitiveType,
          className: a.severity === "healthy" ? "hover:bg-zinc-50" : getSeverityStyles(a.severity).bg,
        })}
        renderAfterRow={(a) => (
          <>
            {editingTimingId === a.id && (
              <tr>
                <td colSpan={columns.length} className="border-b border-zinc-200 bg-zinc-50 px-4 py-3">
                  <ScheduleTimingEditor
                    automation={a}
                    onCancel={() => setEditingTimingId(null)}
                    onSaved={(schedule) => {
                      setEditingTimingId(null);
                      onTimingSaved(a, schedule);
                    }}
                  />
                </td>
              </tr>
            )}
            {editingPolicyId === a.id && (
              <tr>
                <td colSpan={columns.length} className="border-b border-zinc-200 bg-zinc-50 px-4 py-3">
                  <HealthPolicyEditor
                    automation={a}
                    isSaving={pendingId === a.id}
                    onCancel={() => setEditingPolicyId(null)}
                    onSave={async (healthPolicy) => {
                      await onPatch(a, { healthPolicy });
                      setEditingPolicyId(null);
                    }}
                  />
                </td>
              </tr>
            )}
          </>
        )}
      />
    </div>
  );
}
