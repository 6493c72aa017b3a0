import { PageHeader } from "./page-header";

export default function ScheduleLoading() {
  return (
    <div aria-busy="true" aria-label="Loading automations">
      <PageHeader />
      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {Array.from({ length: 6 }, (_, index) => (
          <div key={index} className="h-20 animate-pulse rounded-xl border border-zinc-200 bg-white" />
        ))}
      </div>
      <div className="mb-4 h-40 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white">
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="flex items-center gap-6 border-b border-zinc-100 px-4 py-4">
            <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100" />
            <div className="h-3 w-20 animate-pulse rounded bg-zinc-100" />
            <div className="h-3 w-24 animate-pulse rounded bg-zinc-100" />
            <div className="h-3 w-16 animate-pulse rounded bg-zinc-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
