import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { getRunMetrics } from "@switchyard/core/runs/metrics";
import { listTriggerEvents } from "@switchyard/core/runs/triggers-feed";
import { listRuns } from "@switchyard/core/runs/unified";
import { requireSession } from "@/components/require-session";
import { observeHref, parseObserveView } from "@/components/observe/observe-url";
import { metricsApiQuery, runsApiQuery } from "@/components/runs/run-filters";
import { PageHeader } from "./page-header";
import { ObserveTabs, type InitialObserveData } from "./observe-tabs";

export const metadata: Metadata = { title: "Observe" };

const RUNS_PAGE_SIZE = 50;
const EVENTS_PAGE_SIZE = 50;

export default async function ObservePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = parseObserveView(await searchParams);
  const ctx = await requireSession(observeHref(view));
  const loadedAt = Date.now();

  // Only the tab in view is rendered on the server; the other loads when it is opened.
  let initialData: InitialObserveData;
  if (view.tab === "triggers") {
    initialData = { triggers: await listTriggerEvents(ctx, { triggerId: view.filters.triggerId, status: view.eventStatus, limit: EVENTS_PAGE_SIZE }) };
  } else {
    const runsQuery = runsApiQuery(view.filters, loadedAt);
    const [runs, metrics] = await Promise.all([
      listRuns(ctx, { ...runsQuery, limit: RUNS_PAGE_SIZE }),
      getRunMetrics(ctx, metricsApiQuery(view.filters, loadedAt)),
    ]);
    initialData = { runs, metrics };
  }

  const canOperate = hasRole(ctx.actor, "OPERATOR");
  return (
    <>
      <PageHeader canStart={canOperate} />
      <ObserveTabs
        initialView={view}
        initialData={initialData}
        loadedAt={loadedAt}
        runsPageSize={RUNS_PAGE_SIZE}
        eventsPageSize={EVENTS_PAGE_SIZE}
        canOperate={canOperate}
      />
    </>
  );
}
