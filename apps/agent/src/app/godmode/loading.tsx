import { PageHeader } from "./page-header";

export default function GodmodeLoading() {
  return (
    <div aria-busy="true" aria-label="Loading activity">
      <PageHeader />
      <div className="mb-4 h-20 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <div className="mb-4 flex gap-1.5">
        {Array.from({ length: 9 }, (_, index) => (
          <div key={index} className="h-7 w-20 animate-pulse rounded-full bg-zinc-100" />
        ))}
      </div>
      <div className="grid gap-4 xl:grid-cols-5">
        {[3, 2].map((span) => (
          <div key={span} className={`overflow-hidden rounded-xl border border-zinc-200 bg-white ${span === 3 ? "xl:col-span-3" : "xl:col-span-2"}`}>
            {Array.from({ length: 8 }, (_, index) => (
              <div key={index} className="flex items-center gap-3 border-b border-zinc-100 px-4 py-3">
                <div className="size-7 animate-pulse rounded-md bg-zinc-100" />
                <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100" />
                <div className="h-3 w-14 animate-pulse rounded bg-zinc-100" />
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
