"use client";

import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * True on the server and while the browser hydrates the server's HTML (React reads the server snapshot
 * then), false from then on. State only the browser has (the clock, a fetch in flight) must not show
 * while it is true, or the first browser render differs from the server's and hydration fails.
 */
export function useIsHydrating(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => false,
    () => true,
  );
}
