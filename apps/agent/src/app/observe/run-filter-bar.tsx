"use client";

import {
  hasAnyFilter,
  RUN_KINDS,
  RUN_SOURCES,
  RUN_STATUSES,
  type RunFilters,
  type RunKindValue,
  type RunSourceValue,
  type RunStatusValue,
} from "@/components/runs/run-filters";
import { statusStyle } from "@/components/runs/status-badge";

const selectClass =
  "h-8 rounded-md border border-zinc-200 bg-white pl-2.5 pr-8 text-sm text-zinc-800 shadow-xs outline-none transition hover:border-zinc-300 focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10";

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

export function RunFilterBar({ filters, onChange }: { filters: RunFilters; onChange: (next: RunFilters) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="filter-status">
        Status
      </label>
      <select
        id="filter-status"
        name="status"
        className={selectClass}
        value={filters.status ?? ""}
        onChange={(event) => onChange({ ...filters, status: (event.target.value || undefined) as RunStatusValue | undefined })}
      >
        <option value="">All statuses</option>
        {RUN_STATUSES.map((status) => (
          <option key={status} value={status}>
            {statusStyle(status).label}
          </option>
        ))}
      </select>

      <label className="sr-only" htmlFor="filter-source">
        Source
      </label>
      <select
        id="filter-source"
        name="source"
        className={selectClass}
        value={filters.source ?? ""}
        onChange={(event) => onChange({ ...filters, source: (event.target.value || undefined) as RunSourceValue | undefined })}
      >
        <option value="">All sources</option>
        {RUN_SOURCES.map((source) => (
          <option key={source} value={source}>
            {source}
          </option>
        ))}
      </select>

      <label className="sr-only" htmlFor="filter-kind">
        Kind
      </label>
      <select
        id="filter-kind"
        name="kind"
        className={selectClass}
        value={filters.kind ?? ""}
        onChange={(event) => onChange({ ...filters, kind: (event.target.value || undefined) as RunKindValue | undefined })}
      >
        <option value="">All kinds</option>
        {RUN_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {capitalize(kind)}
          </option>
        ))}
      </select>

      {filters.triggerId && (
        <span className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-200 bg-zinc-50 pl-2.5 pr-1 text-sm text-zinc-700">
          Trigger <code className="max-w-40 truncate font-mono text-xs text-zinc-500">{filters.triggerId}</code>
          <button
            type="button"
            aria-label="Remove trigger filter"
            onClick={() => onChange({ ...filters, triggerId: undefined })}
            className="grid size-6 place-items-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700"
          >
            ×
          </button>
        </span>
      )}

      {hasAnyFilter(filters) && (
        <button type="button" onClick={() => onChange({})} className="h-8 px-2 text-sm font-medium text-zinc-500 hover:text-zinc-900">
          Clear filters
        </button>
      )}
    </div>
  );
}
