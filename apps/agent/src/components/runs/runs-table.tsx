"use client";

import { TableHead } from "@switchyard/ui/components";
import Link from "next/link";
import type { UnifiedRun } from "@switchyard/core/runs/unified";
import { runDetailPath } from "./detail/run-api";
import { useNow } from "../use-now";
import { KIND_STYLE } from "./kind-style";
import { formatCost, formatDuration, formatExactTime, formatRelativeTime, formatTokens } from "./format";
import { isActiveStatus } from "./run-filters";
import { StatusBadge } from "./status-badge";

const COLUMNS = [
  { key: "kind", label: "Kind", className: "w-28" },
  { key: "name", label: "Name", className: "" },
  { key: "status", label: "Status", className: "w-32" },
  { key: "source", label: "Source", className: "w-28" },
  { key: "started", label: "Started", className: "w-28" },
  { key: "duration", label: "Duration", className: "w-24 text-right" },
  { key: "tokens", label: "Tokens", className: "w-24 text-right" },
  { key: "cost", label: "Cost", className: "w-24 text-right" },
] as const;

export function RunsTable({ runs }: { runs: UnifiedRun[] }) {
  // Running rows show a live elapsed time, which needs a second-by-second clock.
  const now = useNow(runs.some((run) => isActiveStatus(run.status)) ? 1_000 : 5_000);
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[880px] border-collapse text-sm">
        <TableHead columns={COLUMNS} />
        <tbody className="divide-y divide-zinc-100">
          {runs.map((run) => (
            <RunRow key={`${run.kind}:${run.id}`} run={run} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow({ run, now }: { run: UnifiedRun; now: number }) {
  const isActive = isActiveStatus(run.status);
  const liveDuration = run.durationMs ?? (isActive ? Math.max(0, now - Date.parse(run.startedAt)) : null);
  return (
    <tr
      data-run-id={run.id}
      data-run-kind={run.kind}
      data-status={run.status}
      className="transition-colors hover:bg-zinc-50"
    >
      <td className="px-4 py-3" data-col="kind">
        <span className="inline-flex items-center gap-2 text-xs font-medium capitalize text-zinc-600">
          <span className={`size-2 rounded-sm ${KIND_STYLE[run.kind as keyof typeof KIND_STYLE]?.dot ?? "bg-zinc-400"}`} aria-hidden />
          {run.kind}
        </span>
      </td>
      <td className="max-w-0 px-4 py-3" data-col="name">
        <Link
          href={runDetailPath(run.kind, run.id)}
          className="block truncate rounded-sm font-medium text-zinc-900 outline-none hover:text-sky-700 hover:underline focus-visible:ring-2 focus-visible:ring-zinc-900/30"
          title={`Open this ${run.kind} run of ${run.name}`}
          data-testid="run-link"
        >
          {run.entity.name}
        </Link>
        <div className="truncate font-mono text-xs text-zinc-500">{run.entity.slug}</div>
      </td>
      <td className="px-4 py-3" data-col="status">
        <StatusBadge status={run.status} />
      </td>
      <td className="px-4 py-3" data-col="source">
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-600">{run.source}</span>
      </td>
      <td className="px-4 py-3 text-zinc-600" data-col="started">
        <time dateTime={run.startedAt} title={formatExactTime(run.startedAt)} suppressHydrationWarning>
          {formatRelativeTime(run.startedAt, now)}
        </time>
      </td>
      <td
        className={`px-4 py-3 text-right tabular-nums ${run.durationMs === null && isActive ? "text-sky-700" : "text-zinc-700"}`}
        data-col="duration"
        suppressHydrationWarning
      >
        {formatDuration(liveDuration)}
      </td>
      <td className="px-4 py-3 text-right tabular-nums text-zinc-700" data-col="tokens">
        {formatTokens(run.tokens)}
      </td>
      <td className="px-4 py-3 text-right font-medium tabular-nums text-zinc-900" data-col="cost" title={`$${run.costUsd.toFixed(6)}`}>
        {isActive && run.costUsd === 0 ? "—" : formatCost(run.costUsd)}
      </td>
    </tr>
  );
}
