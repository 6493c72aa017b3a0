"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BulkRunActionResponse } from "@switchyard/core/runs/bulk";
import { Button } from "@switchyard/ui/components";
import { requestJson } from "@/components/api-client";
import { formatCount } from "./format";
import { runsApiQuery, type RunFilters } from "./run-filters";

type BulkAction = BulkRunActionResponse["action"];

/** Either the checked rows, or every run the current filter matches. */
export type BulkTarget = { runs: { kind: string; id: string }[] } | { allMatching: true };

const DONE: Record<BulkAction, string> = { cancel: "Cancel requested for", retry: "Retried" };

/** One line for what a bulk request did: how many runs it changed, and why the others were refused. */
export function describeBulkRunResult(result: BulkRunActionResponse): string {
  const done = `${DONE[result.action]} ${formatCount(result.succeeded)} of ${formatCount(result.matched)} runs.`;
  const reasons = [...new Set(result.results.flatMap((run) => (run.error ? [run.error.message] : [])))];
  const refused = result.failed > 0 ? ` ${formatCount(result.failed)} refused: ${reasons.slice(0, 2).join("; ")}${reasons.length > 2 ? "; …" : ""}.` : "";
  const more = result.truncated ? " More runs match: run it again for the next batch." : "";
  return `${done}${refused}${more}`;
}

/**
 * The toolbar shown while runs are selected: cancel or retry them (or every run matching the filter,
 * which the server selects itself, up to its limit) in one request.
 */
export function BulkRunActions({
  target,
  selectedCount,
  matchingCount,
  filters,
  onSelectAllMatching,
  onClear,
  onDone,
}: {
  target: BulkTarget;
  selectedCount: number;
  matchingCount: number | undefined;
  filters: RunFilters;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onDone: (message: string, isPartial: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const bulk = useMutation({
    mutationFn: (action: BulkAction) => {
      const { kind, ...rest } = runsApiQuery(filters, Date.now());
      const selection = "runs" in target ? { runs: target.runs } : { filter: { kind: kind ?? "all", ...rest } };
      return requestJson<BulkRunActionResponse>("/api/runs/bulk", { method: "POST", body: JSON.stringify({ action, ...selection }) });
    },
    onSuccess: (result) => {
      onDone(describeBulkRunResult(result), result.failed > 0 || result.truncated);
      void queryClient.invalidateQueries({ queryKey: ["runs"] });
    },
    onError: (error) => onDone(error.message, true),
  });
  const isAllMatching = "allMatching" in target;
  return (
    <div
      className="flex flex-wrap items-center gap-2 border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900"
      role="toolbar"
      aria-label="Bulk actions"
      data-testid="run-bulk-bar"
    >
      <span className="font-medium tabular-nums" data-testid="run-bulk-count">
        {isAllMatching
          ? `All ${matchingCount === undefined ? "" : `${formatCount(matchingCount)} `}runs matching this filter`
          : `${formatCount(selectedCount)} selected`}
      </span>
      {!isAllMatching && matchingCount !== undefined && matchingCount > selectedCount && (
        <button
          type="button"
          className="text-sky-800 underline underline-offset-2 hover:text-sky-950"
          onClick={onSelectAllMatching}
          data-testid="select-all-matching"
        >
          Select all {formatCount(matchingCount)} matching this filter
        </button>
      )}
      <span className="ml-auto flex items-center gap-2">
        <Button size="sm" onClick={() => bulk.mutate("cancel")} disabled={bulk.isPending}>
          Cancel runs
        </Button>
        <Button size="sm" onClick={() => bulk.mutate("retry")} disabled={bulk.isPending}>
          Retry runs
        </Button>
        <Button size="sm" variant="ghost" onClick={onClear} disabled={bulk.isPending}>
          Clear selection
        </Button>
      </span>
    </div>
  );
}
