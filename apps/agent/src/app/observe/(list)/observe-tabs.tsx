"use client";

import type { RunMetricsResponse } from "@switchyard/core/runs/metrics";
import type { TriggerEventListResponse } from "@switchyard/core/runs/triggers-feed";
import type { RunListResponse } from "@switchyard/core/runs/unified";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@switchyard/ui/components";
import { Activity, Webhook } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { observeHref, observeSearch, parseObserveView, type ObserveTab, type ObserveView } from "@/components/observe/observe-url";
import { RunsExplorer } from "./runs-explorer";
import { TriggersExplorer } from "./triggers-explorer";

/** What the server loaded for the tab it rendered. */
export type InitialObserveData =
  | { runs: RunListResponse; metrics: RunMetricsResponse; triggers?: undefined }
  | { triggers: TriggerEventListResponse; runs?: undefined };

interface ObserveTabsProps {
  initialView: ObserveView;
  initialData: InitialObserveData;
  loadedAt: number;
  runsPageSize: number;
  eventsPageSize: number;
  canOperate: boolean;
}

export function ObserveTabs({ initialView, initialData, loadedAt, runsPageSize, eventsPageSize, canOperate }: ObserveTabsProps) {
  const searchParams = useSearchParams();
  // The URL is the single source of truth, so any view (tab and filters) can be shared as a link.
  const view = useMemo(() => parseObserveView(new URLSearchParams(searchParams.toString())), [searchParams]);
  const serverSearch = observeSearch(initialView);

  function navigate(next: ObserveView) {
    // Client-side only: the explorers fetch what they need, so no server round trip or skeleton.
    window.history.pushState(null, "", observeHref(next));
  }

  // Server data stands in only for the exact view it was loaded for.
  const isServerView = observeSearch(view) === serverSearch;
  return (
    <Tabs value={view.tab} onValueChange={(tab) => navigate({ ...view, tab: tab as ObserveTab })}>
      <TabsList aria-label="Observe views">
        <TabsTrigger value="runs" className="inline-flex items-center gap-1.5">
          <Activity className="size-4" aria-hidden />
          Runs
        </TabsTrigger>
        <TabsTrigger value="triggers" className="inline-flex items-center gap-1.5">
          <Webhook className="size-4" aria-hidden />
          Triggers
        </TabsTrigger>
      </TabsList>
      <TabsContent value="runs">
        <RunsExplorer
          filters={view.filters}
          onChangeFilters={(filters) => navigate({ ...view, filters })}
          initialData={isServerView && initialData.runs ? { ...initialData, loadedAt } : undefined}
          pageSize={runsPageSize}
          canOperate={canOperate}
        />
      </TabsContent>
      <TabsContent value="triggers">
        <TriggersExplorer
          view={view}
          onNavigate={navigate}
          initialData={isServerView && initialData.triggers ? { events: initialData.triggers, loadedAt } : undefined}
          pageSize={eventsPageSize}
        />
      </TabsContent>
    </Tabs>
  );
}
