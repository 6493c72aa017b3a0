/**
 * A RUNNING run whose heartbeat is older than this looks abandoned: the same window core's
 * STALE_RUN_MS gives a worker before another one may take the run over.
 */
export const STALLED_AFTER_MS = 2 * 60_000;

export interface HeartbeatRun {
  status: string;
  startedAt: string;
  heartbeatAt: string | null;
}

/** How long ago the run last beat; a run that never beat counts from its start, as core does. */
export function heartbeatAgeMs(run: HeartbeatRun, now: number): number | null {
  const last = Date.parse(run.heartbeatAt ?? run.startedAt);
  return Number.isNaN(last) ? null : Math.max(0, now - last);
}

/** Only a RUNNING run can stall: queued and suspended runs have no worker beating for them. */
export function isStalled(run: HeartbeatRun, now: number): boolean {
  if (run.status !== "RUNNING") return false;
  const age = heartbeatAgeMs(run, now);
  return age !== null && age > STALLED_AFTER_MS;
}
