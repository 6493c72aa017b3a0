"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TooltipProvider } from "@switchyard/ui/components";
import type { ReactNode } from "react";
import { ServerNowProvider } from "@/components/use-now";

let browserQueryClient: QueryClient | undefined;

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server-rendered initial data is fresh; do not refetch it the moment the page hydrates.
        staleTime: 2_000,
        retry: 1,
      },
    },
  });
}

// A new client per server render keeps requests isolated; the browser keeps one for the session.
function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/** `serverNow`: the server's time for this render, which relative times use until the page has hydrated. */
export function Providers({ serverNow, children }: { serverNow: number; children: ReactNode }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <ServerNowProvider now={serverNow}>
        <TooltipProvider>{children}</TooltipProvider>
      </ServerNowProvider>
    </QueryClientProvider>
  );
}
