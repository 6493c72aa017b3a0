"use client";

import { Button, SearchInput } from "@switchyard/ui/components";
import { X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import {
  hasAnyFilter,
  MAX_SEARCH_LENGTH,
  RUN_SOURCES,
  RUN_STATUSES,
  type RunFilters,
  type RunSourceValue,
  type RunStatusValue,
} from "@/components/runs/run-filters";
import { statusStyle } from "@/components/runs/status-badge";

const SEARCH_DEBOUNCE_MS = 300;

const selectClass =
  "h-8 rounded-md border border-zinc-200 bg-white pl-2.5 pr-8 text-sm text-zinc-800 shadow-xs outline-none transition hover:border-zinc-300 focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10";

export function RunFilterBar({ filters, onChange }: { filters: RunFilters; onChange: (next: RunFilters) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox value={filters.search} onSearch={(search) => onChange({ ...filters, search })} />

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

      {filters.triggerId && <TriggerChip triggerId={filters.triggerId} onRemove={() => onChange({ ...filters, triggerId: undefined })} />}

      {hasAnyFilter(filters) && (
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

export function TriggerChip({ triggerId, onRemove }: { triggerId: string; onRemove: () => void }) {
  return (
    <span
      className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-200 bg-zinc-50 pl-2.5 pr-1 text-sm text-zinc-700"
      data-testid="trigger-filter"
    >
      Trigger <code className="max-w-40 truncate font-mono text-xs text-zinc-500">{triggerId}</code>
      <button
        type="button"
        aria-label="Remove trigger filter"
        onClick={onRemove}
        className="grid size-6 place-items-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700"
      >
        <X className="size-3.5" aria-hidden />
      </button>
    </span>
  );
}

/**
 * Typing updates the URL (and so the query) once the typist pauses; the box keeps its own text so a
 * keystroke never waits on a fetch. A URL change from elsewhere (Clear filters, back) resets it.
 */
function SearchBox({ value, onSearch }: { value: string | undefined; onSearch: (search: string | undefined) => void }) {
  const [text, setText] = useState(value ?? "");
  const lastSent = useRef(value ?? "");
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  useEffect(() => {
    if ((value ?? "") !== lastSent.current) {
      lastSent.current = value ?? "";
      setText(value ?? "");
    }
  }, [value]);

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === lastSent.current) return;
    const timer = window.setTimeout(() => {
      lastSent.current = trimmed;
      onSearchRef.current(trimmed || undefined);
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  return (
    <SearchInput
      id="filter-search"
      label="Search runs"
      placeholder="Search name, slug or run id"
      maxLength={MAX_SEARCH_LENGTH}
      value={text}
      onChange={(event) => setText(event.target.value)}
    />
  );
}
