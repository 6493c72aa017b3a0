import { PageHeader } from "./page-header";

const SKELETON_ROWS = 8;

export default function ObserveLoading() {
  return (
    <div aria-busy="true" aria-label="Loading runs">
      <PageHeader />
      <div className="mb-4 flex flex-wrap gap-2">
        {Array.from({ length: 6 }, (_, index) => (
          <div key={index} className="h-14 w-28 animate-pulse rounded-lg border border-zinc-200 bg-white" />
        ))}
      </div>
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
        <div className="flex gap-3 border-b border-zinc-200 px-4 py-3">
          {Array.from({ length: 3 }, (_, index) => (
            <div key={index} className="h-8 w-36 animate-pulse rounded-md bg-zinc-100" />
          ))}
        </div>
        <div className="h-9 border-b border-zinc-200 bg-zinc-50/80" />
        <div className="divide-y divide-zinc-100">
          {Array.from({ length: SKELETON_ROWS }, (_, index) => (
            <div key={index} className="flex items-center gap-6 px-4 py-4">
              <div className="h-3 w-16 animate-pulse rounded bg-zinc-100" />
              <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100" />
              <div className="h-5 w-20 animate-pulse rounded-full bg-zinc-100" />
              <div className="h-3 w-14 animate-pulse rounded bg-zinc-100" />
              <div className="h-3 w-16 animate-pulse rounded bg-zinc-100" />
              <div className="h-3 w-12 animate-pulse rounded bg-zinc-100" />
              <div className="h-3 w-12 animate-pulse rounded bg-zinc-100" />
              <div className="h-3 w-14 animate-pulse rounded bg-zinc-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
