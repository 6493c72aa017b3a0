"use client";

import { Button, EmptyState, ErrorState, Skeleton, cn } from "@switchyard/ui/components";
import { useQuery } from "@tanstack/react-query";
import { ArchiveRestore } from "lucide-react";
import { formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { archivedQueryKey, fetchArchivedAutomations } from "./api";
import { type AutomationRow, PRIMITIVE_COLORS, PRIMITIVE_LABELS } from "./automation-view";
import { describeCron } from "./cron";

/** Archived automations, most recently archived first, each one click from coming back to the list and the scheduler. */
export function ArchivedTable({ now, pendingId, onUnarchive }: { now: number; pendingId: string | null; onUnarchive: (automation: AutomationRow) => void }) {
  const archived = useQuery({ queryKey: archivedQueryKey, queryFn: ({ signal }) => fetchArchivedAutomations(signal) });

  if (archived.isError && !archived.data) {
    return (
      <div className="p-4">
        <ErrorState title="Archived automations could not be loaded" message={archived.error.message} onRetry={() => void archived.refetch()} />
      </div>
    );
  }
  if (!archived.data) {
    return (
      <div className="space-y-2 p-4" aria-busy="true" aria-label="Loading archived automations">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-9 w-full" />
        ))}
      </div>
    );
  }
  if (archived.data.length === 0) {
    return (
      <EmptyState title="Nothing is archived" className="py-16">
        Archiving takes an automation off the schedule and out of the list without losing its history.
      </EmptyState>
    );
  }

  const rows = [...archived.data].sort((a, b) => Date.parse(b.archivedAt ?? "") - Date.parse(a.archivedAt ?? "") || a.name.localeCompare(b.name));
  const cell = "border-b border-zinc-100 px-3 py-2.5 align-middle";
  return (
    <table className="w-full border-separate border-spacing-0 text-sm" data-testid="archived-table">
      <thead>
        <tr className="bg-zinc-50/80 text-left text-xs font-medium text-zinc-500">
          {["Name", "Primitive", "Entity", "Schedule", "Runs", "Archived", ""].map((label, index) => (
            <th key={index} scope="col" className={cn("border-b border-zinc-200 px-3 py-2 font-medium first:pl-4", label === "Runs" && "text-right")}>
              {label || <span className="sr-only">Actions</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.id} data-testid="archived-row" data-automation-id={a.id} className="hover:bg-zinc-50">
            <td className={cn(cell, "pl-4")}>
              <div className="font-medium text-zinc-900">{a.name}</div>
              {a.description && <div className="max-w-md truncate text-xs text-zinc-500">{a.description}</div>}
            </td>
            <td className={cell}>
              <span className="inline-flex items-center gap-1.5 text-xs text-zinc-700">
                <span className={cn("size-2 rounded-sm", PRIMITIVE_COLORS[a.primitiveType])} aria-hidden />
                {PRIMITIVE_LABELS[a.primitiveType]}
              </span>
            </td>
            <td className={cn(cell, "text-zinc-700")}>{a.entity?.name ?? "—"}</td>
            <td className={cn(cell, "text-zinc-700")}>{a.config.cronExpr ? describeCron(a.config.cronExpr) : (a.config.eventName ?? `On ${a.type}`)}</td>
            <td className={cn(cell, "text-right tabular-nums text-zinc-700")}>{a.stats.totalRuns.toLocaleString("en-US")}</td>
            <td className={cn(cell, "whitespace-nowrap text-zinc-600")} title={a.archivedAt ? formatExactTime(a.archivedAt) : undefined}>
              {a.archivedAt ? formatRelativeTime(a.archivedAt, now) : "—"}
            </td>
            <td className={cn(cell, "pr-4 text-right")}>
              <Button size="sm" disabled={pendingId === a.id} onClick={() => onUnarchive(a)} aria-label={`Unarchive ${a.name}`}>
                <ArchiveRestore className="size-3.5" aria-hidden />
                Unarchive
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
