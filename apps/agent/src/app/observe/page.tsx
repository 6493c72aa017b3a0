import type { Metadata } from "next";
import { listRuns } from "@switchyard/core/runs/unified";
import { requireSession } from "@/components/require-session";
import { parseRunFilters, runFiltersToSearchParams } from "@/components/runs/run-filters";
import { PageHeader } from "./page-header";
import { RunsExplorer } from "./runs-explorer";

export const metadata: Metadata = { title: "Observe" };

const PAGE_SIZE = 50;

export default async function ObservePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = parseRunFilters(await searchParams);
  const queryString = runFiltersToSearchParams(filters).toString();
  const ctx = await requireSession(queryString ? `/observe?${queryString}` : "/observe");
  const initialData = await listRuns(ctx, { ...filters, limit: PAGE_SIZE });

  return (
    <>
      <PageHeader />
      <RunsExplorer initialData={initialData} initialFilters={filters} loadedAt={Date.now()} pageSize={PAGE_SIZE} />
    </>
  );
}
