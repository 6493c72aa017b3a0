"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useIsHydrating } from "./use-is-hydrating";

/**
 * The server's clock for this page load. The server render and the browser's hydrating render both
 * read it, so a relative time ("31s ago") is the same text in both and hydration does not fail on it.
 */
const ServerNowContext = createContext<number | null>(null);

export function ServerNowProvider({ now, children }: { now: number; children: ReactNode }) {
  return <ServerNowContext value={now}>{children}</ServerNowContext>;
}

/**
 * The current time, re-read every `intervalMs` so relative times ("12s ago") stay true. Until the
 * component has mounted in the browser it is the server's time when hydrating, the browser's otherwise.
 */
export function useNow(intervalMs = 5_000): number {
  const serverNow = useContext(ServerNowContext);
  const isHydrating = useIsHydrating();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now ?? (isHydrating && serverNow !== null ? serverNow : Date.now());
}
