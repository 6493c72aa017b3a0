"use client";

import { useEffect } from "react";

/** The error state every surface shows when its server data fails to load. */
export function RouteError({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-white p-8 text-center shadow-xs">
      <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
      <p className="mt-1 text-sm text-zinc-500">Something went wrong on the server.{digest ? ` Reference: ${digest}.` : ""}</p>
      <button type="button" onClick={() => retry()} className="mt-4 rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-800">
        Try again
      </button>
    </div>
  );
}
