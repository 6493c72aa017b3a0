"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { formatCost, formatDuration } from "@/components/runs/format";
import { ApiError } from "@/components/schedule/api";
import { fetchChain, godmodeKeys, type CausalNode } from "./api";
import type { ChainRef } from "./event-config";

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

export function nodeStatusTone(status: string): string {
  const value = status.toLowerCase();
  if (["completed", "approved", "success", "succeeded"].includes(value)) return "bg-emerald-500";
  if (["failed", "error", "cancelled", "rejected"].includes(value)) return "bg-red-500";
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
  return (
    <li role="treeitem" aria-expanded={hasChildren ? isOpen : undefined} aria-selected={false}>
      <div className="group flex items-center gap-2 rounded-md py-1 pr-2 hover:bg-zinc-50" style={{ paddingLeft: depth * 16 + 4 }}>
        {hasChildren ? (
          <button
            type="button"
            onClick={() => setIsOpen((open) => !open)}
            aria-label={isOpen ? `Collapse ${node.label}` : `Expand ${node.label}`}
            className="grid size-5 shrink-0 place-items-center rounded text-xs text-zinc-500 hover:bg-zinc-200"
          >
            {isOpen ? "▾" : "▸"}
          </button>
        ) : (
          <span className="size-5 shrink-0" aria-hidden />
        )}
        <span className="relative flex size-2 shrink-0" title={node.status} aria-hidden>
          {isRunning && <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-75 ${nodeStatusTone(node.status)}`} />}
          <span className={`relative inline-flex size-2 rounded-full ${nodeStatusTone(node.status)}`} />
        </span>
        <span className="shrink-0 text-[11px] font-medium uppercase tracking-wide text-zinc-400">{KIND_LABELS[node.kind] ?? node.kind}</span>
        <span className="min-w-0 flex-1 truncate text-sm text-zinc-900" title={node.label}>
          {node.label}
        </span>
        <span className="shrink-0 text-xs lowercase text-zinc-500">{node.status}</span>
        <span className="w-16 shrink-0 text-right font-mono text-xs tabular-nums text-zinc-500">{formatDuration(node.durationMs)}</span>
        <span className="w-20 shrink-0 text-right font-mono text-xs tabular-nums text-zinc-500">{node.costUsd ? formatCost(node.costUsd) : "—"}</span>
      </div>
      {hasChildren && isOpen && (
        <ul role="group">
          {node.children.map((child) => (
            <TreeNode key={`${child.kind}:${child.id}`} node={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

const TITLES: Record<ChainRef["kind"], string> = { campaign: "Campaign chain", workflow: "Workflow trace", network: "Network trace", run: "Agent run trace" };

/** A side panel with the causal tree of a campaign, workflow run, network run or agent run. */
export function ChainInspector({ chainRef, onClose }: { chainRef: ChainRef; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const chain = useQuery({
    queryKey: godmodeKeys.chain(chainRef),
    queryFn: ({ signal }) => fetchChain(chainRef, signal),
    refetchInterval: (query) => (query.state.data && hasRunning(query.state.data.chain) ? 5_000 : false),
  });

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const root = chain.data?.chain;
  return (
    <div className="fixed inset-0 z-30 flex justify-end" role="dialog" aria-modal="true" aria-labelledby="chain-inspector-title">
      <button type="button" aria-label="Close inspector" tabIndex={-1} className="absolute inset-0 bg-zinc-900/20" onClick={onClose} />
      <section className="relative flex h-full w-full max-w-2xl flex-col border-l border-zinc-200 bg-white shadow-xl">
        <header className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-4">
          <div className="min-w-0">
            <h2 id="chain-inspector-title" className="text-base font-semibold text-zinc-900">
              {TITLES[chainRef.kind]}
            </h2>
            <p className="mt-0.5 truncate font-mono text-xs text-zinc-500">{chainRef.id}</p>
          </div>
          <button
            ref={closeRef}
            type="button"
            onClick={onClose}
            className="rounded-md border border-zinc-200 px-2.5 py-1 text-sm text-zinc-700 hover:bg-zinc-50"
          >
            Close <kbd className="ml-1 text-[10px] text-zinc-400">Esc</kbd>
          </button>
        </header>
        <div className="flex-1 overflow-y-auto px-3 py-3">
          {chain.isPending && (
            <div aria-busy="true" aria-label="Loading chain" className="space-y-2 px-2">
              {Array.from({ length: 6 }, (_, index) => (
                <div key={index} className="h-5 animate-pulse rounded bg-zinc-100" style={{ marginLeft: (index % 3) * 16 }} />
              ))}
            </div>
          )}
          {chain.isError && (
            <div role="alert" className="m-2 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
              {chain.error instanceof ApiError && chain.error.status === 404 ? "This execution no longer exists." : `The chain could not be loaded: ${chain.error.message}`}
              <button type="button" onClick={() => void chain.refetch()} className="ml-2 font-medium underline">
                Retry
              </button>
            </div>
          )}
          {root && (
            <>
              <div className="mb-3 flex flex-wrap gap-4 px-2 text-xs text-zinc-500">
                <span>
                  <span className="font-medium text-zinc-900">{countNodes(root)}</span> nodes
                </span>
                <span>
                  Cost <span className="font-medium text-zinc-900">{formatCost(root.costUsd)}</span>
                </span>
                <span>
                  Duration <span className="font-medium text-zinc-900">{formatDuration(root.durationMs)}</span>
                </span>
              </div>
              <ul role="tree" aria-label={TITLES[chainRef.kind]}>
                <TreeNode node={root} depth={0} />
              </ul>
            </>
          )}
        </div>
      </section>
    </div>
  );
}

function hasRunning(node: CausalNode): boolean {
  return node.status.toLowerCase() === "running" || node.children.some(hasRunning);
}
