"use client";

import { useQuery } from "@tanstack/react-query";
import { Button, ErrorState, Placeholders, Sheet, Skeleton, cn } from "@switchyard/ui/components";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useState } from "react";
import { formatCost, formatDuration } from "@/components/runs/format";
import { ApiError } from "@/components/api-client";
import { fetchChain, godmodeKeys, type CausalNode } from "./api";
import { runDetailPath } from "@/components/runs/detail/run-api";
import type { ChainRef } from "./event-config";
import Link from "next/link";

const KIND_LABELS: Record<string, string> = {
  campaign: "Campaign",
  mission: "Mission",
  task: "Task",
  workflow_run: "Workflow run",
  workflow_step: "Step",
  network_run: "Network run",
  network_step: "Network step",
  agent_run: "Agent run",
  tool_call: "Tool call",
};

/** The run detail page a chain node opens, for the node kinds that are runs. */
const RUN_KIND_OF_NODE: Record<string, "agent" | "workflow" | "network" | "campaign"> = {
  campaign: "campaign",
  workflow_run: "workflow",
  network_run: "network",
  agent_run: "agent",
};

export function nodeStatusTone(status: string): string {
  const value = status.toLowerCase();
  if (["completed", "approved", "success", "succeeded"].includes(value)) return "bg-emerald-500";
  if (["failed", "error", "rejected"].includes(value)) return "bg-red-500";
  // Stopped on request: not a failure (as the feed's cancelled events and group badges read).
  if (value === "cancelled") return "bg-zinc-400";
  if (["running", "in_progress", "active"].includes(value)) return "bg-sky-500";
  if (["suspended", "waiting", "pending", "queued", "paused"].includes(value)) return "bg-amber-500";
  return "bg-zinc-300";
}

function countNodes(node: CausalNode): number {
  return 1 + node.children.reduce((sum, child) => sum + countNodes(child), 0);
}

function TreeNode({ node, depth }: { node: CausalNode; depth: number }) {
  const [isOpen, setIsOpen] = useState(depth < 3);
  const hasChildren = node.children.length > 0;
  const isRunning = node.status.toLowerCase() === "running";
  const runKind = RUN_KIND_OF_NODE[node.kind];
  const Chevron = isOpen ? ChevronDown : ChevronRight;
  return (
    <li>
      <div className="group flex items-center gap-2 rounded-md py-1 pr-2 hover:bg-zinc-50" style={{ paddingLeft: depth * 16 + 4 }}>
        {hasChildren ? (
          <button
            type="button"
            onClick={() => setIsOpen((open) => !open)}
            aria-expanded={isOpen}
            aria-label={isOpen ? `Collapse ${node.label}` : `Expand ${node.label}`}
            className="grid size-5 shrink-0 place-items-center rounded text-zinc-500 hover:bg-zinc-200"
          >
            <Chevron className="size-3.5" aria-hidden />
          </button>
        ) : (
          <span className="size-5 shrink-0" aria-hidden />
        )}
        <span className="relative flex size-2 shrink-0" title={node.status} aria-hidden>
          {isRunning && <span className={cn("absolute inline-flex size-full animate-ping rounded-full opacity-75", nodeStatusTone(node.status))} />}
          <span className={cn("relative inline-flex size-2 rounded-full", nodeStatusTone(node.status))} />
        </span>
        <span className="shrink-0 text-[11px] font-medium tracking-wide text-zinc-400 uppercase">{KIND_LABELS[node.kind] ?? node.kind}</span>
        <span className="min-w-0 flex-1 truncate text-sm text-zinc-900" title={node.label}>
          {runKind ? (
            <Link href={runDetailPath(runKind, node.id)} className="hover:underline">
              {node.label}
            </Link>
          ) : (
            node.label
          )}
        </span>
        <span className="shrink-0 text-xs text-zinc-500 lowercase">{node.status}</span>
        <span className="w-16 shrink-0 text-right font-mono text-xs text-zinc-500 tabular-nums">{formatDuration(node.durationMs)}</span>
        <span className="w-20 shrink-0 text-right font-mono text-xs text-zinc-500 tabular-nums">{node.costUsd ? formatCost(node.costUsd) : "—"}</span>
      </div>
      {hasChildren && isOpen && (
        <ul>
          {node.children.map((child) => (
            <TreeNode key={`${child.kind}:${child.id}`} node={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

const TITLES: Record<ChainRef["kind"], string> = { campaign: "Campaign chain", workflow: "Workflow trace", network: "Network trace", run: "Agent run trace" };

/** A side sheet with the causal tree of a campaign, workflow run, network run or agent run. */
export function ChainInspector({ chainRef, onClose }: { chainRef: ChainRef; onClose: () => void }) {
  const chain = useQuery({
    queryKey: godmodeKeys.chain(chainRef),
    queryFn: ({ signal }) => fetchChain(chainRef, signal),
    refetchInterval: (query) => (query.state.data && hasRunning(query.state.data.chain) ? 5_000 : false),
  });
  const root = chain.data?.chain;
  const runKind = chainRef.kind === "run" ? "agent" : chainRef.kind;
  return (
    <Sheet
      open
      onOpenChange={(open) => !open && onClose()}
      title={TITLES[chainRef.kind]}
      description={<span className="font-mono">{chainRef.id}</span>}
      className="max-w-2xl"
    >
      {chain.isPending && (
        <div role="status" aria-busy="true" aria-label="Loading chain" className="space-y-2">
          <Placeholders count={6}>{() => <Skeleton className="h-5" />}</Placeholders>
        </div>
      )}
      {chain.isError && (
        <ErrorState
          title="The chain could not be loaded"
          message={chain.error instanceof ApiError && chain.error.status === 404 ? "This execution no longer exists." : chain.error.message}
          onRetry={() => void chain.refetch()}
        />
      )}
      {root && (
        <>
          <div className="mb-3 flex flex-wrap items-center gap-4 text-xs text-zinc-500">
            <span>
              <span className="font-medium text-zinc-900">{countNodes(root)}</span> nodes
            </span>
            <span>
              Cost <span className="font-medium text-zinc-900">{formatCost(root.costUsd)}</span>
            </span>
            <span>
              Duration <span className="font-medium text-zinc-900">{formatDuration(root.durationMs)}</span>
            </span>
            <Button asChild size="sm" className="ml-auto">
              <Link href={runDetailPath(runKind, chainRef.id)}>Open run details</Link>
            </Button>
          </div>
          {/* Nested lists with disclosure buttons: an ARIA tree would promise arrow-key navigation. */}
          <ul aria-label={TITLES[chainRef.kind]} className="-mx-2">
            <TreeNode node={root} depth={0} />
          </ul>
        </>
      )}
    </Sheet>
  );
}

function hasRunning(node: CausalNode): boolean {
  return node.status.toLowerCase() === "running" || node.children.some(hasRunning);
}
