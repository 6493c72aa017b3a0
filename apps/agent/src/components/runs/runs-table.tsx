"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { UnifiedRun } from "@switchyard/core/runs/unified";
import { DataTable, useDataTable } from "../data-table";
import { SelectAllCheckbox } from "../select-all-checkbox";
import { runDetailPath } from "./detail/run-api";
import { useNow } from "../use-now";
import { KIND_STYLE } from "./kind-style";
import { formatCost, formatDuration, formatExactTime, formatRelativeTime, formatTokens } from "./format";
import { isActiveStatus } from "./run-filters";
import { StatusBadge } from "./status-badge";

const column = createColumnHelper<UnifiedRun>();

function runColumns(now: number) {
  return [
    column.display({
      id: "kind",
      header: "Kind",
      meta: { className: "w-28" },
      cell: ({ row: { original: run } }) => (
        <span className="inline-flex items-center gap-2 text-xs font-medium capitalize text-zinc-600">
          <span className={`size-2 rounded-sm ${KIND_STYLE[run.kind as keyof typeof KIND_STYLE]?.dot ?? "bg-zinc-400"}`} aria-hidden />
          {run.kind}
        </span>
      ),
    }),
    column.display({
      id: "name",
      header: "Name",
      meta: { cell: () => ({ className: "max-w-0" }) },
      cell: ({ row: { original: run } }) => (
        <>
          <Link
            href={runDetailPath(run.kind, run.id)}
            className="block truncate rounded-sm font-medium text-zinc-900 outline-none hover:text-sky-700 hover:underline focus-visible:ring-2 focus-visible:ring-zinc-900/30"
            title={`Open this ${run.kind} run of ${run.name}`}
            data-testid="run-link"
          >
            {run.entity.name}
          </Link>
          <div className="truncate font-mono text-xs text-zinc-500">{run.entity.slug}</div>
        </>
      ),
    }),
    column.display({
      id: "status",
      header: "Status",
      meta: { className: "w-32" },
      cell: ({ row: { original: run } }) => <StatusBadge status={run.status} />,
    }),
    column.display({
      id: "source",
      header: "Source",
      meta: { className: "w-28" },
      cell: ({ row: { original: run } }) => <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-600">{run.source}</span>,
    }),
    column.display({
      id: "started",
      header: "Started",
      meta: { className: "w-28", cell: () => ({ className: "text-zinc-600" }) },
      cell: ({ row: { original: run } }) => (
        <time dateTime={run.startedAt} title={formatExactTime(run.startedAt)} suppressHydrationWarning>
          {formatRelativeTime(run.startedAt, now)}
        </time>
      ),
    }),
    column.display({
      id: "duration",
      header: "Duration",
      meta: {
        className: "w-24 text-right",
        cell: (run) => ({
          className: `text-right tabular-nums ${run.durationMs === null && isActiveStatus(run.status) ? "text-sky-700" : "text-zinc-700"}`,
          suppressHydrationWarning: true,
        }),
      },
      cell: ({ row: { original: run } }) =>
        formatDuration(run.durationMs ?? (isActiveStatus(run.status) ? Math.max(0, now - Date.parse(run.startedAt)) : null)),
    }),
    column.display({
      id: "tokens",
      header: "Tokens",
      meta: { className: "w-24 text-right", cell: () => ({ className: "text-right tabular-nums text-zinc-700" }) },
      cell: ({ row: { original: run } }) => formatTokens(run.tokens),
    }),
    column.display({
      id: "cost",
      header: "Cost",
      meta: {
        className: "w-24 text-right",
        cell: (run) => ({
          className: "text-right font-medium tabular-nums text-zinc-900",
          title: run.costUsd === null ? "Cost unknown: the model is not in the price table" : `$${run.costUsd.toFixed(6)}`,
        }),
      },
      cell: ({ row: { original: run } }) => (run.costUsd === null || (isActiveStatus(run.status) && run.costUsd === 0) ? "—" : formatCost(run.costUsd)),
    }),
  ];
}

/** A run's key in a selection: ids are unique per kind only. */
export const runKey = (run: Pick<UnifiedRun, "kind" | "id">) => `${run.kind}:${run.id}`;

/** Which rows are checked for a bulk action, and how the checkboxes change that. */
export interface RunSelection {
  selected: ReadonlySet<string>;
  onSelect: (keys: string[], isSelected: boolean) => void;
}

function selectColumn(runs: UnifiedRun[], selection: RunSelection) {
  return column.display({
    id: "select",
    header: () => (
      <SelectAllCheckbox
        ids={runs.map(runKey)}
        selected={selection.selected}
        onSelect={selection.onSelect}
        label="Select all runs shown"
        testId="select-all-runs"
      />
    ),
    meta: { className: "w-10" },
    cell: ({ row: { original: run } }) => (
      <input
        type="checkbox"
        className="size-4 accent-zinc-900"
        aria-label={`Select the ${run.kind} run of ${run.entity.name}`}
        checked={selection.selected.has(runKey(run))}
        onChange={(event) => selection.onSelect([runKey(run)], event.target.checked)}
        data-testid="select-run"
      />
    ),
  });
}

export function RunsTable({ runs, selection }: { runs: UnifiedRun[]; selection?: RunSelection }) {
  // Running rows show a live elapsed time, which needs a second-by-second clock.
  const now = useNow(runs.some((run) => isActiveStatus(run.status)) ? 1_000 : 5_000);
  const columns = selection ? [selectColumn(runs, selection), ...runColumns(now)] : runColumns(now);
  const table = useDataTable({ data: runs, columns, getRowId: runKey });
  return (
    <div className="overflow-x-auto">
      <DataTable
        table={table}
        className="w-full min-w-[880px] border-collapse text-sm"
        bodyClassName="divide-y divide-zinc-100"
        cellClassName="px-4 py-3"
        rowProps={(run) => ({ "data-run-id": run.id, "data-run-kind": run.kind, "data-status": run.status, className: "transition-colors hover:bg-zinc-50" })}
      />
    </div>
  );
}
