"use client";

import { useEffect, useState } from "react";

/** The current time, re-read every `intervalMs` so relative times ("12s ago") stay true. */
export function useNow(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
