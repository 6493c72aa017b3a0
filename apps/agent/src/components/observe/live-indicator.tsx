"use client";

import { useIsHydrating } from "../use-is-hydrating";
import { useNow } from "../use-now";

/** "Updated 4s ago · live": how fresh a polled view is, and whether something in it is still running. */
export function LiveIndicator({ isLive, isFetching, updatedAt }: { isLive: boolean; isFetching: boolean; updatedAt: number }) {
  const now = useNow(1_000);
  const isHydrating = useIsHydrating();
  // The server rendered no fetch in flight; one may already have started in the hydrating render.
  const isRefreshing = isFetching && !isHydrating;
  const seconds = updatedAt ? Math.max(0, Math.round((now - updatedAt) / 1_000)) : null;
  return (
    <div className="flex shrink-0 items-center gap-2 text-xs text-zinc-500" aria-live="polite">
      <span className="relative flex size-2" aria-hidden>
        {isLive && <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" />}
        <span className={`relative inline-flex size-2 rounded-full ${isLive ? "bg-emerald-500" : "bg-zinc-300"}`} />
      </span>
      <span>
        {isRefreshing ? "Refreshing…" : seconds === null ? "" : seconds < 2 ? "Updated just now" : `Updated ${seconds}s ago`}
        {isLive ? " · live" : ""}
      </span>
    </div>
  );
}
