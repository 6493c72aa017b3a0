"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Check, CircleX, Copy, CornerUpLeft, ExternalLink, GitBranch } from "lucide-react";
import { formatCost, formatDuration, formatExactTime, formatRelativeTime, formatTokens } from "../format";
import { StatusBadge } from "../status-badge";
import { runDetailPath } from "./run-api";
import { detailOf, type RunDetailResponse } from "./types";

const KIND_DOT: Record<string, string> = {
  agent: "bg-violet-500",
  workflow: "bg-indigo-500",
  network: "bg-teal-500",
  campaign: "bg-orange-500",
  pulse: "bg-pink-500",
};

const ACTIVE = ["QUEUED", "RUNNING"];

export function RunHeader({ response, now, actions }: { response: RunDetailResponse; now: number; actions: ReactNode }) {
  const { run } = response;
  const isActive = ACTIVE.includes(run.status);
  const duration = run.durationMs ?? (isActive || run.status === "SUSPENDED" ? Math.max(0, now - Date.parse(run.startedAt)) : null);
  const agent = detailOf(response, "agent");
  const parent = agent?.parent;

  return (
    <header className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-2 text-xs font-medium text-zinc-500">
            <span className="inline-flex items-center gap-1.5">
              <span className={`size-2 rounded-sm ${KIND_DOT[run.kind] ?? "bg-zinc-400"}`} aria-hidden />
              <span className="capitalize">{run.kind}</span> run
            </span>
            <span aria-hidden>·</span>
            <span className="truncate font-mono" title="Run id">
              {run.id}
            </span>
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <h1 className="truncate text-2xl font-semibold tracking-tight text-zinc-900" data-testid="run-title">
              {run.entity.name}
            </h1>
            <StatusBadge status={run.status} />
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-500">
            <span className="font-mono text-xs">{run.entity.slug}</span>
            {agent && agent.agentVersion !== null && (
              <span
                className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700"
                title="The agent version this run used"
                data-testid="run-agent-version"
              >
                v{agent.agentVersion}
              </span>
            )}
            {run.retryOfId && (
              <Link
                href={runDetailPath(run.kind, run.retryOfId)}
                className="inline-flex items-center gap-1 font-medium text-sky-700 hover:text-sky-900"
                data-testid="retry-of"
              >
                <CornerUpLeft className="size-3.5" aria-hidden />
                Retry of {run.retryOfId}
              </Link>
            )}
            {parent?.workflowRun && (
              <Link
                href={runDetailPath("workflow", parent.workflowRun.id)}
                className="inline-flex items-center gap-1 font-medium text-sky-700 hover:text-sky-900"
              >
                <GitBranch className="size-3.5" aria-hidden />
                Part of workflow {parent.workflowRun.workflow.name}
              </Link>
            )}
            {run.traceId && <TraceId traceId={run.traceId} traceUrl={run.traceUrl} />}
            {parent?.networkRun && (
              <Link
                href={runDetailPath("network", parent.networkRun.id)}
                className="inline-flex items-center gap-1 font-medium text-sky-700 hover:text-sky-900"
              >
                <GitBranch className="size-3.5" aria-hidden />
                Part of network {parent.networkRun.network.name}
              </Link>
            )}
          </div>
        </div>
        {actions}
      </div>

      <dl className="grid grid-cols-2 divide-zinc-100 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs sm:grid-cols-3 lg:grid-cols-6 lg:divide-x">
        <Meta label="Source">
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{run.source}</span>
        </Meta>
        <Meta label="Trigger">
          {run.triggerId ? (
            <Link
              href={`/observe?triggerId=${encodeURIComponent(run.triggerId)}`}
              className="block truncate text-sm text-sky-700 hover:text-sky-900"
              title={`Every run of this ${run.trigger?.type ?? "trigger"} (${run.triggerId})`}
            >
              {run.trigger ? run.trigger.name : <span className="font-mono text-xs">{run.triggerId}</span>}
              {run.trigger && <span className="ml-1 text-xs text-zinc-500">{run.trigger.type}</span>}
            </Link>
          ) : (
            <span className="text-zinc-400">None</span>
          )}
        </Meta>
        <Meta label="Started">
          <time dateTime={run.startedAt} title={formatExactTime(run.startedAt)} suppressHydrationWarning>
            {formatRelativeTime(run.startedAt, now)}
          </time>
        </Meta>
        <Meta label="Duration">
          <span className={`tabular-nums ${run.durationMs === null && duration !== null ? "text-sky-700" : ""}`} suppressHydrationWarning>
            {formatDuration(duration)}
          </span>
        </Meta>
        <Meta label="Tokens">
          <span className="tabular-nums">{formatTokens(run.tokens)}</span>
        </Meta>
        <Meta label="Cost">
          {run.costUsd === null ? (
            <span title="Cost unknown: the model is not in the price table" data-testid="run-cost-unknown">
              —
            </span>
          ) : (
            <span className="tabular-nums" title={`$${run.costUsd.toFixed(6)}`}>
              {formatCost(run.costUsd)}
            </span>
          )}
        </Meta>
      </dl>

      {run.error && run.status !== "COMPLETED" && (
        <div role="status" className="flex items-start gap-3 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="run-error">
          <CircleX className="mt-0.5 size-4 shrink-0 text-red-600" aria-hidden />
          <p className="min-w-0 break-words">{run.error}</p>
        </div>
      )}
      {run.cancelRequestedAt && ["QUEUED", "RUNNING", "SUSPENDED"].includes(run.status) && (
        <p role="status" className="rounded-xl border border-zinc-200 bg-zinc-50 px-4 py-2.5 text-sm text-zinc-700">
          Cancel requested {formatRelativeTime(run.cancelRequestedAt, now)}: the run stops at its next step boundary.
        </p>
      )}
    </header>
  );
}

/** The run's OpenTelemetry trace: its id to copy, and a link to it when a trace viewer is configured (SWITCHYARD_TRACE_URL). */
function TraceId({ traceId, traceUrl }: { traceId: string; traceUrl: string | null }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="inline-flex items-center gap-1.5" data-testid="run-trace">
      <span className="text-xs">Trace</span>
      <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 select-all" data-testid="run-trace-id">
        {traceId}
      </code>
      <button
        type="button"
        className="text-zinc-500 hover:text-zinc-900"
        aria-label={copied ? "Trace id copied" : "Copy trace id"}
        title={copied ? "Copied" : "Copy trace id"}
        onClick={async () => {
          await navigator.clipboard?.writeText(traceId).catch(() => {});
          setCopied(true);
        }}
      >
        {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      </button>
      {traceUrl && (
        <a
          href={traceUrl}
          target="_blank"
          rel="noreferrer"
          className="inline-flex items-center gap-1 font-medium text-sky-700 hover:text-sky-900"
          data-testid="run-trace-link"
        >
          Open trace
          <ExternalLink className="size-3.5" aria-hidden />
        </a>
      )}
    </span>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 px-4 py-3">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-1 truncate text-sm font-medium text-zinc-900">{children}</dd>
    </div>
  );
}
