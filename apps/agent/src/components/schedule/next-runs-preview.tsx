"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, retryUnlessClientError } from "@/components/api-client";
import { fieldErrors } from "@/components/form";
import { fetchSchedulePreview, schedulePreviewQueryKey } from "./api";
import { describeOccurrence } from "./schedule-edit";

const PREVIEW_DEBOUNCE_MS = 300;

export interface SchedulePreview {
  nextRuns: string[] | null;
  /** The API's field errors (`cronExpr`, `timezone`) for the cron and zone as typed. */
  errors: Record<string, string>;
  /** Still waiting for the answer about what is typed now. */
  isPending: boolean;
}

/** The next five runs of what the form holds, asked of the API a moment after typing stops. */
export function useSchedulePreview(cronExpr: string, timezone: string): SchedulePreview {
  const typed = cronExpr.trim();
  const [settled, setSettled] = useState({ cronExpr: typed, timezone });
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled({ cronExpr: typed, timezone }), PREVIEW_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [typed, timezone]);

  const preview = useQuery({
    queryKey: schedulePreviewQueryKey(settled.cronExpr, settled.timezone),
    queryFn: ({ signal }) => fetchSchedulePreview(settled.cronExpr, settled.timezone, signal),
    enabled: settled.cronExpr.length > 0,
    retry: retryUnlessClientError,
    staleTime: 30_000,
  });
  const isSettled = settled.cronExpr === typed && settled.timezone === timezone;
  if (!typed) return { nextRuns: null, errors: { cronExpr: "A cron expression is required" }, isPending: false };
  if (!isSettled || preview.isPending) return { nextRuns: null, errors: {}, isPending: true };
  if (preview.isError) {
    const errors = preview.error instanceof ApiError ? fieldErrors(preview.error.details, preview.error.message) : {};
    return { nextRuns: null, errors: Object.keys(errors).length > 0 ? errors : { cronExpr: preview.error.message }, isPending: false };
  }
  return { nextRuns: preview.data.nextRuns, errors: {}, isPending: false };
}

/** The five occurrences on the schedule zone's wall clock, or why there are none. */
export function NextRunsPreview({ preview, label = "Next runs" }: { preview: SchedulePreview; label?: string }) {
  return (
    <div className="space-y-1.5" data-testid="next-runs-preview" aria-live="polite">
      <p className="text-xs font-medium text-zinc-600">{label}</p>
      {preview.nextRuns ? (
        <ol className="space-y-0.5 text-xs tabular-nums text-zinc-700">
          {preview.nextRuns.map((iso) => {
            const { day, time, offset } = describeOccurrence(iso);
            return (
              <li key={iso} data-testid="next-run" data-at={iso} className="flex gap-2">
                <span className="w-24 text-zinc-500">{day}</span>
                <span className="font-medium text-zinc-900">{time}</span>
                <span className="text-zinc-400">{offset}</span>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="text-xs text-zinc-400">{preview.isPending ? "Working out the next runs…" : "No runs until the cron and time zone are valid."}</p>
      )}
    </div>
  );
}
