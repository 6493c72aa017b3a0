"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PausedUpdatesBanner, Skeleton, Tabs, TabsContent, TabsList, TabsTrigger } from "@switchyard/ui/components";
import { ArrowLeft } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useNow } from "../../use-now";
import { ArtifactsTab } from "./artifacts-tab";
import { EvaluationTab } from "./evaluation-tab";
import { InputOutputTab } from "./io-tab";
import { RunActions } from "./run-actions";
import { fetchRunDetail, runDetailQueryKey } from "./run-api";
import { retryUnlessClientError } from "@/components/api-client";
import { RunHeader } from "./run-header";
import { artifactsOf, subRunsOf, toolCallsOf } from "./run-parts";
import { StalledBanner } from "./stalled-banner";
import { SubRunsTab } from "./sub-runs-tab";
import { TimelineTab } from "./timeline-tab";
import { ToolCallsTab } from "./tool-calls-tab";
import { detailOf, type RunDetailResponse } from "./types";

// React Flow measures the DOM, and only workflow runs need it: load it in the browser, on demand.
const GraphTab = dynamic(() => import("./graph-tab").then((module) => module.GraphTab), {
  ssr: false,
  loading: () => <Skeleton className="h-[440px] w-full rounded-xl" />,
});

const ACTIVE_POLL_MS = 2_000;
/** A suspended run waits for a person, so it changes rarely; still poll to see the decision land. */
const SUSPENDED_POLL_MS = 10_000;

export function pollIntervalFor(status: string | undefined): number | false {
  if (status === "QUEUED" || status === "RUNNING") return ACTIVE_POLL_MS;
  if (status === "SUSPENDED") return SUSPENDED_POLL_MS;
  return false;
}

interface Tab {
  value: string;
  label: string;
  count?: number;
  content: ReactNode;
}

export interface RunDetailViewProps {
  initialData: RunDetailResponse;
  /** When the server loaded `initialData`, so the first poll waits its turn. */
  loadedAt: number;
  /** OPERATOR or above: may cancel and retry (the API checks again). */
  canOperate: boolean;
  initialTab: string | null;
}

export function RunDetailView({ initialData, loadedAt, canOperate, initialTab }: RunDetailViewProps) {
  const { kind, id } = initialData.run;
  const queryClient = useQueryClient();
  const queryKey = runDetailQueryKey(kind, id);
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchRunDetail(kind, id, signal),
    initialData,
    initialDataUpdatedAt: loadedAt,
    refetchInterval: (q) => pollIntervalFor(q.state.data?.run.status),
    retry: retryUnlessClientError,
  });
  const response = query.data;
  const { run } = response;
  const isPolling = pollIntervalFor(run.status) !== false;
  const now = useNow(isPolling ? 1_000 : 15_000);
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const tabs = tabsFor(response, refresh);
  const [tab, setTab] = useState(() => (tabs.some((t) => t.value === initialTab) ? initialTab! : tabs[0].value));
  function selectTab(value: string) {
    setTab(value);
    // The tab is part of the link, so a shared URL opens the same view.
    const url = new URL(window.location.href);
    url.searchParams.set("tab", value);
    window.history.replaceState(null, "", url);
  }

  return (
    <div className="space-y-5">
      <div className="flex items-center justify-between gap-3">
        <Link href="/observe" className="inline-flex items-center gap-1.5 text-sm font-medium text-zinc-600 hover:text-zinc-900">
          <ArrowLeft className="size-4" aria-hidden />
          All runs
        </Link>
        <LiveState isPolling={isPolling} isFetching={query.isFetching} />
      </div>

      <RunHeader response={response} now={now} actions={<RunActions run={run} canOperate={canOperate} onCancelled={refresh} />} />
      <StalledBanner run={run} now={now} />
      {query.isError && <PausedUpdatesBanner message={query.error.message} onRetry={() => void query.refetch()} className="rounded-xl border" />}

      <Tabs value={tab} onValueChange={selectTab}>
        <TabsList aria-label="Run detail">
          {tabs.map((t) => (
            <TabsTrigger key={t.value} value={t.value}>
              {t.label}
              {t.count !== undefined && <span className="ml-1.5 rounded-full bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 tabular-nums">{t.count}</span>}
            </TabsTrigger>
          ))}
        </TabsList>
        {tabs.map((t) => (
          <TabsContent key={t.value} value={t.value}>
            {t.content}
          </TabsContent>
        ))}
      </Tabs>
    </div>
  );
}

/** The tabs a run of this kind has: a graph for workflows, feedback where the API takes it. */
function tabsFor(response: RunDetailResponse, refresh: () => void): Tab[] {
  const { run } = response;
  const workflow = detailOf(response, "workflow");
  const evaluated = workflow ?? detailOf(response, "network");
  const subRuns = subRunsOf(response);
  const toolCalls = toolCallsOf(response);
  const artifacts = artifactsOf(response);
  const tabs: (Tab | null)[] = [
    workflow && { value: "graph", label: "Graph", content: <GraphTab detail={workflow} /> },
    { value: "timeline", label: "Timeline", content: <TimelineTab response={response} /> },
    run.kind === "workflow" || run.kind === "network" || run.kind === "campaign"
      ? { value: "sub-runs", label: "Sub-runs", count: subRuns.length, content: <SubRunsTab subRuns={subRuns} /> }
      : null,
    toolCalls && { value: "tool-calls", label: "Tool calls", count: toolCalls.length, content: <ToolCallsTab toolCalls={toolCalls} /> },
    artifacts && { value: "artifacts", label: "Artifacts", count: artifacts.length, content: <ArtifactsTab artifacts={artifacts} /> },
    { value: "io", label: run.kind === "pulse" ? "Rankings & actions" : "Input & output", content: <InputOutputTab response={response} /> },
    evaluated && {
      value: "evaluation",
      label: "Evaluation & feedback",
      count: evaluated.feedback.length || undefined,
      content: <EvaluationTab kind={run.kind} runId={run.id} evaluation={evaluated.evaluation} feedback={evaluated.feedback} onFeedbackSent={refresh} />,
    },
  ];
  return tabs.filter((t): t is Tab => Boolean(t));
}

function LiveState({ isPolling, isFetching }: { isPolling: boolean; isFetching: boolean }) {
  if (!isPolling) return null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs font-medium text-sky-700" data-testid="live-indicator">
      <span className="relative flex size-2" aria-hidden>
        <span className={`absolute inline-flex size-full rounded-full bg-sky-400 opacity-75 ${isFetching ? "animate-ping" : ""}`} />
        <span className="relative inline-flex size-2 rounded-full bg-sky-500" />
      </span>
      Live
    </span>
  );
}
