"use client";

import Link from "next/link";
import { ApiError } from "@/components/api-client";

export function RunsEmptyState({ isFiltered, onClearFilters }: { isFiltered: boolean; onClearFilters: () => void }) {
  if (isFiltered) {
    return (
      <div className="px-6 py-16 text-center" data-testid="runs-empty">
        <h2 className="text-sm font-semibold text-zinc-900">No runs match these filters</h2>
        <p className="mt-1 text-sm text-zinc-500">New runs appear here automatically as they start.</p>
        <button type="button" onClick={onClearFilters} className="mt-4 text-sm font-medium text-zinc-900 underline underline-offset-4">
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="px-6 py-16 text-center" data-testid="runs-empty">
      <h2 className="text-sm font-semibold text-zinc-900">No runs yet</h2>
      <p className="mx-auto mt-1 max-w-md text-sm text-zinc-500">
        Runs show up here the moment an agent, workflow or network starts. Create a webhook trigger for an agent and call it to see the first one:
      </p>
      <pre className="mx-auto mt-4 max-w-xl overflow-x-auto rounded-lg bg-zinc-900 px-4 py-3 text-left font-mono text-xs leading-relaxed text-zinc-100">
        {`POST /api/agents/<agent-slug>/execution-triggers\n{ "type": "webhook", "name": "My first trigger" }`}
      </pre>
    </div>
  );
}

export function RunsErrorState({ error, onRetry, signInHref }: { error: Error; onRetry: () => void; signInHref: string }) {
  const isSignedOut = error instanceof ApiError && error.status === 401;
  return (
    <div role="alert" className="px-6 py-16 text-center" data-testid="runs-error">
      <h2 className="text-sm font-semibold text-zinc-900">{isSignedOut ? "Your session has ended" : "Runs could not be loaded"}</h2>
      <p className="mt-1 text-sm text-zinc-500">{isSignedOut ? "Sign in again to keep watching runs." : error.message}</p>
      {isSignedOut ? (
        <Link href={signInHref} className="mt-4 inline-block rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-800">
          Sign in
        </Link>
      ) : (
        <button type="button" onClick={onRetry} className="mt-4 rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-800">
          Retry
        </button>
      )}
    </div>
  );
}
