"use client";

import { Badge, Button, Tooltip, cn } from "@switchyard/ui/components";
import { getSeverityStyles } from "@switchyard/ui/severity";
import { Archive, ArrowDown, ArrowLeft, ArrowRight, ArrowUp, ShieldCheck } from "lucide-react";
import { Fragment, useState } from "react";
import { formatCost, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import type { AutomationPatch } from "./api";
import { type AutomationRow, DEFAULT_ORDER, isAutoDisabled, PRIMITIVE_COLORS, PRIMITIVE_LABELS, type SortKey } from "./automation-view";
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
  { label: "Est./mo", sort: "cost", className: "text-right" },
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
      <span className="inline-flex min-w-0 items-center gap-0.5 text-zinc-500" data-testid={`dependency-${direction}`} tabIndex={0}>
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
      <Tooltip content={`Its health policy disabled it ${formatExactTime(a.healthTriggeredAt!)}: success fell below ${policy?.threshold}% over the last ${policy?.window} runs. Enabling it re-arms the policy.`}>
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
    <Badge className="px-1.5 py-px text-[10px]" title={`Health policy armed: ${policy.action.replace("_", " ")} below ${policy.threshold}% over the last ${policy.window} runs`}>
      Policy {policy.threshold}% / {policy.window}
    </Badge>
  );
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
    // Fits 1280px of content; below that it scrolls inside the card rather than the page.
    <div className="overflow-x-auto">
      <table className="w-full table-fixed border-separate border-spacing-0 text-sm" data-testid="automations-table">
        <colgroup>
          <col />
          <col className="w-24" />
          <col className="w-32" />
          <col className="w-36" />
          <col className="w-16" />
          <col className="w-40" />
          <col className="w-24" />
          <col className="w-20" />
          <col className="w-20" />
          <col className="w-28" />
        </colgroup>
        <thead>
          <tr className="bg-zinc-50/80 text-left text-xs font-medium text-zinc-500">
            {COLUMNS.map((column) => {
              const isSorted = column.sort === sort;
              const Arrow = order === "asc" ? ArrowUp : ArrowDown;
              return (
                <th
                  key={column.label}
                  scope="col"
                  className={cn("whitespace-nowrap border-b border-zinc-200 px-2 py-2 font-medium first:pl-4 last:pr-4", column.className)}
                  aria-sort={isSorted ? (order === "asc" ? "ascending" : "descending") : undefined}
                >
                  {column.sort ? (
                    <button
                      type="button"
                      className={cn("inline-flex items-center gap-1 hover:text-zinc-900", isSorted && "text-zinc-900")}
                      onClick={() => {
                        const next = isSorted ? (order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[column.sort!];
                        onSort(column.sort!, next);
                      }}
                    >
                      {column.label}
                      <Arrow className={cn("size-3", !isSorted && "opacity-0")} aria-hidden />
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
            // Seed 001 §2.1: only the three risky bands tint the row and draw its left border.
            const isHealthy = a.severity === "healthy";
            const decided = a.stats.successRuns + a.stats.failedRuns;
            const isPending = pendingId === a.id;
            const isEditing = editingPolicyId === a.id;
            const schedule = a.config.cronExpr ? describeCron(a.config.cronExpr) : (a.config.eventName ?? (a.type === "webhook" ? "On webhook" : `On ${a.type}`));
            const cell = "border-b border-zinc-100 px-2 py-2.5 align-middle";
            return (
              <Fragment key={a.id}>
                <tr
                  data-testid="automation-row"
                  data-automation-id={a.id}
                  data-severity={a.severity}
                  data-primitive={a.primitiveType}
                  className={cn(isHealthy ? "hover:bg-zinc-50" : styles.bg)}
                >
                  <td className={cn(cell, "border-l-4 pl-3", isHealthy ? "border-l-transparent" : styles.border)}>
                    <div className={cn("truncate font-medium", a.isActive ? "text-zinc-900" : "text-zinc-500")} data-testid="automation-name" title={a.description ? `${a.name} — ${a.description}` : a.name}>
                      {a.name}
                    </div>
                    <div className="mt-0.5 flex min-w-0 items-center gap-1.5 overflow-hidden text-xs text-zinc-500">
                      <span className="shrink-0">{a.sourceType === "schedule" ? "Scheduled" : `Trigger · ${a.type}`}</span>
                      {!a.isActive && !isAutoDisabled(a) && <Badge className="px-1.5 py-px text-[10px] uppercase">Paused</Badge>}
                      <PolicyBadge automation={a} />
                      {a.dependsOn.length > 0 && <DependencyLabel direction="after" refs={a.dependsOn} />}
                      {a.triggers.length > 0 && <DependencyLabel direction="feeds" refs={a.triggers} />}
                    </div>
                  </td>
                  <td className={cell}>
                    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-700">
                      <span className={cn("size-2 rounded-sm", PRIMITIVE_COLORS[a.primitiveType])} aria-hidden />
                      {PRIMITIVE_LABELS[a.primitiveType]}
                    </span>
                  </td>
                  <td className={cn(cell, "truncate text-zinc-700")} title={a.entity ? `${a.entity.name} (${a.entity.slug})` : undefined}>
                    {a.entity?.name ?? "—"}
                  </td>
                  <td className={cn(cell, "truncate text-zinc-700")} title={a.config.cronExpr ? `${schedule} · ${a.config.cronExpr} (${a.config.timezone})` : schedule}>
                    {schedule}
                  </td>
                  <td className={cn(cell, "text-right tabular-nums text-zinc-700")}>{a.stats.totalRuns.toLocaleString("en-US")}</td>
                  <td className={cn(cell, "whitespace-nowrap")} data-testid="success-cell">
                    {decided === 0 ? (
                      <span className="text-zinc-400">No runs</span>
                    ) : (
                      <span className="inline-flex items-center gap-1.5">
                        <span className={cn("font-semibold tabular-nums", styles.text)}>{a.successRate.toFixed(1)}%</span>
                        {a.severity !== "healthy" && a.stats.failedRuns > 0 && (
                          <span className="text-xs font-medium tabular-nums text-red-600" title={`${a.stats.failedRuns} failed runs`}>
                            {a.stats.failedRuns}F
                          </span>
                        )}
                        <span className={cn("rounded-full px-1.5 py-px text-[10px] font-semibold uppercase", styles.badge)}>{a.severity}</span>
                      </span>
                    )}
                  </td>
                  <td className={cn(cell, "whitespace-nowrap text-zinc-700")}>
                    {a.lastRun ? (
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
                    )}
                  </td>
                  <td className={cn(cell, "whitespace-nowrap text-zinc-700")} title={a.nextRunAt ? formatExactTime(a.nextRunAt) : undefined}>
                    {a.nextRunAt && a.isActive ? formatUntil(a.nextRunAt, now) : <span className="text-zinc-400">—</span>}
                  </td>
                  <td className={cn(cell, "text-right tabular-nums text-zinc-700")} data-testid="cost-cell">
                    {a.estMonthlyCost === null ? <span className="text-zinc-400">—</span> : formatCost(a.estMonthlyCost)}
                  </td>
                  <td className={cn(cell, "pr-4")}>
                    <div className="flex items-center justify-end gap-0.5">
                      <button
                        type="button"
                        role="switch"
                        aria-checked={a.isActive}
                        aria-label={`${a.isActive ? "Disable" : "Enable"} ${a.name}`}
                        title={a.isActive ? "Active: click to disable" : "Disabled: click to enable"}
                        disabled={isPending}
                        onClick={() => onPatch(a, { isActive: !a.isActive })}
                        className={cn(
                          "relative mr-1 inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:opacity-50",
                          a.isActive ? "bg-zinc-900" : "bg-zinc-300",
                        )}
                      >
                        <span className={cn("inline-block size-4 rounded-full bg-white shadow transition-transform", a.isActive ? "translate-x-4.5" : "translate-x-0.5")} />
                      </button>
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
                            onClick={() => setEditingPolicyId(isEditing ? null : a.id)}
                          >
                            <ShieldCheck className="size-4" aria-hidden />
                          </Button>
                        </Tooltip>
                      )}
                      <Tooltip content="Archive">
                        <Button variant="ghost" size="sm" className="px-1.5" aria-label={`Archive ${a.name}`} disabled={isPending} onClick={() => onPatch(a, { archived: true })}>
                          <Archive className="size-4" aria-hidden />
                        </Button>
                      </Tooltip>
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
