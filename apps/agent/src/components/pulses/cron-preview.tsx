"use client";

import { nextOccurrences } from "@switchyard/core/cron";
import { useEffect, useMemo, useState } from "react";
import { describeCron } from "../schedule/cron";
import { formatInZone } from "./format";

const PREVIEWED = 5;

/**
 * The next evaluations of a cron as it is being typed, in its time zone. Computed in the browser
 * with the same cron-parser the scheduler uses, after mount so server and client render alike.
 */
export function CronPreview({ cronExpr, timeZone }: { cronExpr: string; timeZone: string }) {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => setNow(new Date()), []);
  const preview = useMemo(() => {
    if (!now) return null;
    if (cronExpr.trim().split(/\s+/).length !== 5) return { error: "Five fields: minute hour day-of-month month day-of-week" };
    if (!isTimeZone(timeZone || "UTC")) return { error: `Unknown time zone "${timeZone}"` };
    try {
      return { dates: nextOccurrences(cronExpr.trim(), timeZone || "UTC", PREVIEWED, now) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [cronExpr, timeZone, now]);

  return (
    <div className="rounded-lg border border-zinc-200 bg-zinc-50/60 p-3 text-sm" data-testid="cron-preview" aria-live="polite">
      <div className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Next evaluations</div>
      {preview === null ? (
        <p className="mt-1 text-zinc-400">…</p>
      ) : "error" in preview ? (
        <p className="mt-1 text-red-700">{preview.error}</p>
      ) : (
        <>
          <p className="mt-1 text-zinc-700">{describeCron(cronExpr.trim())}</p>
          <ol className="mt-1 space-y-0.5 font-mono text-xs text-zinc-600">
            {preview.dates.map((date) => (
              <li key={date.toISOString()}>{formatInZone(date, timeZone || "UTC")}</li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
