import { Card, Placeholders, Skeleton } from "@switchyard/ui/components";
import { SkeletonRows } from "@/components/godmode/godmode-view";
import { PageHeader } from "./page-header";

export default function GodmodeLoading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading activity">
      <PageHeader />
      <Skeleton className="mb-4 h-24 rounded-xl" />
      <div className="mb-4 flex gap-1.5">
        <Placeholders count={9}>{() => <Skeleton className="h-7 w-20 rounded-full" />}</Placeholders>
      </div>
      <div className="grid gap-4 xl:grid-cols-5">
        {[3, 2].map((span) => (
          <Card key={span} className={`overflow-hidden ${span === 3 ? "xl:col-span-3" : "xl:col-span-2"}`}>
            <div className="h-12 border-b border-zinc-200" />
            <SkeletonRows count={8} />
          </Card>
        ))}
      </div>
    </div>
  );
}
