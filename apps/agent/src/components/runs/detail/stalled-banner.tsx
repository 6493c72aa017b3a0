import { TriangleAlert } from "lucide-react";
import { formatDuration, formatExactTime } from "../format";
import { heartbeatAgeMs, isStalled, STALLED_AFTER_MS, type HeartbeatRun } from "./stalled";

/** Shown on a RUNNING run whose worker has not beaten its heartbeat for more than 2 minutes. */
export function StalledBanner({ run, now }: { run: HeartbeatRun; now: number }) {
  if (!isStalled(run, now)) return null;
  const lastBeat = run.heartbeatAt ?? run.startedAt;
  return (
    <div
      role="alert"
      data-testid="stalled-banner"
      className="flex items-start gap-3 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
      <div>
        <p className="font-medium">
          Stalled: no heartbeat for <span suppressHydrationWarning>{formatDuration(heartbeatAgeMs(run, now))}</span>
        </p>
        <p className="mt-0.5 text-amber-800">
          The run says it is running, but its worker last reported at{" "}
          <time dateTime={lastBeat} suppressHydrationWarning>
            {formatExactTime(lastBeat)}
          </time>{" "}
          (more than {STALLED_AFTER_MS / 60_000} minutes ago). The worker may have stopped; the next worker to start picks stale runs up, or cancel it and
          retry.
        </p>
      </div>
    </div>
  );
}
