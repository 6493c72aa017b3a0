import { PageHeader } from "./page-header";

export default function RuntimeAdminLoading() {
  return (
    <div aria-busy="true" aria-label="Loading runtime status">
      <PageHeader />
      <div className="mb-6 grid gap-3 md:grid-cols-2 xl:grid-cols-4">
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="h-32 animate-pulse rounded-xl border border-zinc-200 bg-white" />
        ))}
      </div>
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white">
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="flex items-center gap-6 border-b border-zinc-100 px-4 py-3">
            <div className="h-3 w-16 animate-pulse rounded bg-zinc-100" />
            <div className="h-3 w-24 animate-pulse rounded bg-zinc-100" />
            <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
