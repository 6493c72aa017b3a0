"use client";

import type { RunListResponse } from "@switchyard/core/runs/unified";
import { formatCount } from "@/components/runs/format";
import { RUN_STATUSES, type RunStatusValue } from "@/components/runs/run-filters";
import { statusStyle } from "@/components/runs/status-badge";

interface RunCountsProps {
  counts: RunListResponse["counts"];
  activeStatus?: RunStatusValue;
  onSelectStatus: (status: RunStatusValue | undefined) => void;
}

/** Totals for the current filters; each status tile doubles as a one-click status filter. */
export function RunCounts({ counts, activeStatus, onSelectStatus }: RunCountsProps) {
  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" data-testid="run-counts">
      <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-xs">
        <div className="text-xs font-medium text-zinc-500">Total runs</div>
        <div className="mt-0.5 text-xl font-semibold tabular-nums text-zinc-900" data-count="total">
          {formatCount(counts.total)}
        </div>
      </div>
      {RUN_STATUSES.map((status) => {
        const style = statusStyle(status);
        const value = counts.byStatus[status] ?? 0;
        const isActive = activeStatus === status;
        return (
          <button
            key={status}
            type="button"
            aria-pressed={isActive}
            onClick={() => onSelectStatus(isActive ? undefined : status)}
            title={isActive ? "Show all statuses" : `Show only ${style.label.toLowerCase()} runs`}
            className={`rounded-lg border px-3 py-2.5 text-left shadow-xs transition-colors ${
              isActive ? "border-zinc-900 bg-white ring-1 ring-zinc-900" : "border-zinc-200 bg-white hover:border-zinc-300 hover:bg-zinc-50"
            }`}
          >
            <div className="flex items-center gap-1.5 text-xs font-medium text-zinc-500">
              <span className={`size-1.5 rounded-full ${style.dot}`} aria-hidden />
              {style.label}
            </div>
            <div className={`mt-0.5 text-xl font-semibold tabular-nums ${value ? "text-zinc-900" : "text-zinc-300"}`} data-count={status}>
              {formatCount(value)}
            </div>
          </button>
        );
      })}
    </div>
  );
}
