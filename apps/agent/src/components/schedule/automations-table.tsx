"use client";

import { getSeverityStyles } from "@switchyard/ui/severity";
import { Fragment, useState } from "react";
import { formatCost, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { type AutomationRow, DEFAULT_ORDER, PRIMITIVE_COLORS, PRIMITIVE_LABELS, type SortKey } from "./automation-view";
import type { AutomationPatch } from "./api";
import { describeCron } from "./cron";
import { HealthPolicyEditor } from "./health-policy-editor";

const COLUMNS: { label: string; sort?: SortKey; className?: string }[] = [
  { label: "Name", sort: "name" },
  { label: "Primitive" },
  { label: "Entity" },
  { label: "Schedule" },
  { label: "Runs", sort: "runs", className: "text-right" },
  { label: "Success", sort: "success" },
  { label: "Last run", sort: "lastRun" },
  { label: "Next run", sort: "nextRun" },
  { label: "Est. cost/mo", sort: "cost", className: "text-right" },
  { label: "Actions", className: "text-right" },
];

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
  if (hours < 24) return `in ${hours}h ${minutes % 60 ? `${minutes % 60}m` : ""}`.trim();
  return `in ${Math.round(hours / 24)}d`;
}

interface AutomationsTableProps {
  automations: AutomationRow[];
  sort: SortKey;
  order: "asc" | "desc";
  now: number;
  pendingId: string | null;
  onSort: (sort: SortKey, order: "asc" | "desc") => void;
  onPatch: (automation: AutomationRow, patch: AutomationPatch) => Promise<unknown>;
}

export function AutomationsTable({ automations, sort, order, now, pendingId, onSort, onPatch }: AutomationsTableProps) {
  const [editingPolicyId, setEditingPolicyId] = useState<string | null>(null);

  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[1180px] border-separate border-spacing-0 text-sm" data-testid="automations-table">
        <thead>
          <tr className="bg-zinc-50/80 text-left text-xs font-medium text-zinc-500">
            {COLUMNS.map((column) => {
              const isSorted = column.sort === sort;
              return (
                <th
                  key={column.label}
                  scope="col"
                  className={`whitespace-nowrap border-b border-zinc-200 px-2.5 py-2 font-medium first:pl-4 ${column.className ?? ""}`}
                  aria-sort={isSorted ? (order === "asc" ? "ascending" : "descending") : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      className={`inline-flex items-center gap-1 hover:text-zinc-900 ${isSorted ? "text-zinc-900" : ""}`}
                      onClick={() => {
                        const next = isSorted ? (order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[column.sort!];
                        onSort(column.sort!, next);
                      }}
                    >
                      {column.label}
                      <span aria-hidden className={isSorted ? "" : "opacity-0"}>
                        {order === "asc" ? "↑" : "↓"}
                      </span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {automations.map((a) => {
            const styles = getSeverityStyles(a.severity);
            const decided = a.stats.successRuns + a.stats.failedRuns;
            const isAutoDisabled = Boolean(a.healthTriggeredAt) && !a.isActive;
            const isPending = pendingId === a.id;
            const isEditing = editingPolicyId === a.id;
            const cell = "border-b border-zinc-100 px-2.5 py-2.5 align-middle";
            return (
              <Fragment key={a.id}>
                <tr
                  data-testid="automation-row"
                  data-automation-id={a.id}
                  data-severity={a.severity}
                  data-primitive={a.primitiveType}
                  className={`${styles.bg} ${a.isActive ? "" : "opacity-70"} hover:bg-zinc-50`}
                >
                  <td className={`${cell} min-w-60 border-l-4 pl-3 ${styles.border}`}>
                    <div className="font-medium text-zinc-900" data-testid="automation-name">
                      {a.name}
                    </div>
                    <div className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
                      <span>{a.sourceType === "schedule" ? "Scheduled" : `Trigger · ${a.type}`}</span>
                      {isAutoDisabled && (
                        <span
                          className="rounded bg-red-600 px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide text-white"
                          title={`Disabled by its health policy ${formatExactTime(a.healthTriggeredAt!)}`}
                          data-testid="auto-disabled-badge"
                        >
                          Auto-disabled
                        </span>
                      )}
                      {!a.isActive && !isAutoDisabled && <span className="rounded bg-zinc-200 px-1.5 py-px text-[10px] font-semibold uppercase text-zinc-600">Paused</span>}
                      {a.healthPolicy?.enabled && !isAutoDisabled && (
                        <span className="rounded bg-zinc-100 px-1.5 py-px text-[10px] font-medium text-zinc-600" title="Health policy armed">
                          Policy {a.healthPolicy.threshold}% / {a.healthPolicy.window}
                        </span>
                      )}
                      {a.dependsOn.length > 0 && <span title={a.dependsOn.map((d) => d.name).join(", ")}>after {a.dependsOn[0]!.name}{a.dependsOn.length > 1 ? ` +${a.dependsOn.length - 1}` : ""}</span>}
                      {a.triggers.length > 0 && <span title={a.triggers.map((d) => d.name).join(", ")}>→ feeds {a.triggers.length}</span>}
                    </div>
                  </td>
                  <td className={cell}>
                    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-700">
                      <span className={`size-2 rounded-sm ${PRIMITIVE_COLORS[a.primitiveType]}`} aria-hidden />
                      {PRIMITIVE_LABELS[a.primitiveType]}
                    </span>
                  </td>
                  <td className={`${cell} max-w-36 truncate text-zinc-700`} title={a.entity?.slug}>
                    {a.entity?.name ?? "—"}
                  </td>
                  <td className={`${cell} whitespace-nowrap text-zinc-700`} title={a.config.cronExpr ? `${a.config.cronExpr} (${a.config.timezone})` : undefined}>
                    {a.config.cronExpr ? describeCron(a.config.cronExpr) : (a.config.eventName ?? (a.type === "webhook" ? "On webhook" : a.type))}
                  </td>
                  <td className={`${cell} text-right tabular-nums text-zinc-700`}>{a.stats.totalRuns.toLocaleString("en-US")}</td>
                  <td className={`${cell} whitespace-nowrap`} data-testid="success-cell">
                    {decided === 0 ? (
                      <span className="text-zinc-400">No runs</span>
                    ) : (
                      <span className="inline-flex items-center gap-2">
                        <span className={`font-semibold tabular-nums ${styles.text}`}>{a.successRate.toFixed(1)}%</span>
                        {a.severity !== "healthy" && a.stats.failedRuns > 0 && (
                          <span className="text-xs font-medium tabular-nums text-red-600" title={`${a.stats.failedRuns} failed runs`}>
                            {a.stats.failedRuns}F
                          </span>
                        )}
                        <span className={`rounded-full px-1.5 py-px text-[10px] font-semibold uppercase ${styles.badge}`}>{a.severity}</span>
                      </span>
                    )}
                  </td>
                  <td className={`${cell} whitespace-nowrap text-zinc-700`}>
                    {a.lastRun ? (
                      <span className="inline-flex items-center gap-1.5" title={`${a.lastRun.status} · ${formatExactTime(a.lastRun.startedAt)}`}>
                        <span className="relative flex size-2" data-testid="last-run-dot" data-status={a.lastRun.status}>
                          {(a.lastRun.status === "RUNNING" || a.lastRun.status === "QUEUED") && (
                            <span className="absolute inline-flex size-full animate-ping rounded-full bg-sky-400 opacity-75" />
                          )}
                          <span className={`relative inline-flex size-2 rounded-full ${lastRunDot(a.lastRun.status)}`} />
                        </span>
                        {formatRelativeTime(a.lastRun.startedAt, now)}
                      </span>
                    ) : (
                      <span className="text-zinc-400">Never</span>
                    )}
                  </td>
                  <td className={`${cell} whitespace-nowrap text-zinc-700`} title={a.nextRunAt ? formatExactTime(a.nextRunAt) : undefined}>
                    {a.nextRunAt && a.isActive ? formatUntil(a.nextRunAt, now) : <span className="text-zinc-400">—</span>}
                  </td>
                  <td className={`${cell} text-right tabular-nums text-zinc-700`}>{a.estMonthlyCost === null ? "—" : formatCost(a.estMonthlyCost)}</td>
                  <td className={`${cell} pr-4`}>
                    <div className="flex items-center justify-end gap-1">
                      <button
                        type="button"
                        role="switch"
                        aria-checked={a.isActive}
                        aria-label={`${a.isActive ? "Disable" : "Enable"} ${a.name}`}
                        disabled={isPending}
                        onClick={() => onPatch(a, { isActive: !a.isActive })}
                        className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:opacity-50 ${a.isActive ? "bg-zinc-900" : "bg-zinc-300"}`}
                      >
                        <span className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${a.isActive ? "translate-x-4.5" : "translate-x-0.5"}`} />
                      </button>
                      {a.sourceType === "schedule" && (
                        <button
                          type="button"
                          aria-expanded={isEditing}
                          aria-label={`Health policy of ${a.name}`}
                          onClick={() => setEditingPolicyId(isEditing ? null : a.id)}
                          className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
                        >
                          Policy
                        </button>
                      )}
                      <button
                        type="button"
                        aria-label={`Archive ${a.name}`}
                        disabled={isPending}
                        onClick={() => onPatch(a, { archived: true })}
                        className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-50"
                      >
                        Archive
                      </button>
                    </div>
                  </td>
                </tr>
                {isEditing && (
                  <tr>
                    <td colSpan={COLUMNS.length} className="border-b border-zinc-200 bg-zinc-50 px-4 py-3">
                      <HealthPolicyEditor
                        automation={a}
                        isSaving={isPending}
                        onCancel={() => setEditingPolicyId(null)}
                        onSave={async (healthPolicy) => {
                          await onPatch(a, { healthPolicy });
                          setEditingPolicyId(null);
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
