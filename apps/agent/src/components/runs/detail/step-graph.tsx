"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type NodeMouseHandler, type NodeProps } from "@xyflow/react";
import { Bot, Braces, GitFork, Hand, Repeat, Wrench, type LucideIcon } from "lucide-react";
import { memo, useMemo } from "react";
import { formatDuration } from "../format";
import type { StepFlow, StepNode } from "./graph-layout";
import { stepStatusStyle } from "./step-status";

const STEP_ICONS: Record<string, LucideIcon> = { agent: Bot, tool: Wrench, human: Hand, condition: GitFork, loop: Repeat, transform: Braces };

const NODE_TYPES = { step: memo(StepNodeCard) };
const EDGE_DEFAULTS = { type: "smoothstep", markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 }, style: { strokeWidth: 1.5 } };
const MIN_CANVAS_HEIGHT = 220;
const MAX_CANVAS_HEIGHT = 560;
/** A definition drawn on its own: one neutral look, the step type where a run would show its status. */
const DEFINITION_NODE = "border-zinc-300 bg-white";

/**
 * A workflow's DAG laid out by `buildStepFlow`, drawn with React Flow: a run's steps coloured by
 * status (run detail), or a definition on its own (a workflow's page, the editor's live preview).
 * The canvas is as tall as the graph needs, within bounds, and refits whenever its shape changes.
 */
export function StepGraph({
  flow,
  selectedId = null,
  onSelect,
  testId,
}: {
  flow: StepFlow;
  selectedId?: string | null;
  onSelect?: (stepId: string) => void;
  testId: string;
}) {
  const nodes = useMemo(() => flow.nodes.map((node) => ({ ...node, selected: node.id === selectedId })), [flow.nodes, selectedId]);
  // fitView runs when React Flow mounts: a new shape (steps added, removed, rewired) mounts a new canvas.
  const shape = useMemo(() => [...flow.nodes.map((node) => node.id), ...flow.edges.map((edge) => edge.id)].join("|"), [flow]);
  const onNodeClick: NodeMouseHandler<StepNode> = (_, node) => onSelect?.(node.id);
  const canvasHeight = Math.min(MAX_CANVAS_HEIGHT, Math.max(MIN_CANVAS_HEIGHT, flow.height + 64));
  return (
    <div className="bg-zinc-50/60" style={{ height: canvasHeight }} data-testid={testId}>
      <ReactFlow
        key={shape}
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={NODE_TYPES}
        defaultEdgeOptions={EDGE_DEFAULTS}
        onNodeClick={onSelect ? onNodeClick : undefined}
        nodesDraggable={false}
        nodesConnectable={false}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
        minZoom={0.3}
      >
        <Background gap={16} color="#e4e4e7" />
        <Controls showInteractive={false} orientation="horizontal" />
      </ReactFlow>
    </div>
  );
}

function StepNodeCard({ data, selected }: NodeProps<StepNode>) {
  const Icon = STEP_ICONS[data.stepType] ?? Bot;
  const style = data.status === null ? null : stepStatusStyle(data.status);
  const kind = data.gateFor ? `approval gate for ${data.gateFor}` : `${data.stepType} step`;
  return (
    <div
      data-testid="graph-node"
      data-step-id={data.stepId}
      data-status={data.status ?? undefined}
      title={`${data.name}: ${style?.label ?? kind}`}
      className={`flex h-[68px] w-[232px] items-center gap-3 rounded-lg border-2 px-3 shadow-xs transition-shadow ${style?.node ?? DEFINITION_NODE} ${style ? "cursor-pointer" : ""} ${selected ? "shadow-md outline-2 outline-offset-2 outline-zinc-900" : ""}`}
    >
      <Handle type="target" position={Position.Left} className="opacity-0!" isConnectable={false} />
      <span className="grid size-8 shrink-0 place-items-center rounded-md bg-white/80 text-zinc-600 ring-1 ring-zinc-200">
        <Icon className="size-4" aria-hidden />
      </span>
      <div className="min-w-0 flex-1">
        <div className="truncate text-sm font-medium text-zinc-900">{data.name}</div>
        {style ? (
          <div className="flex items-center gap-1.5 text-xs text-zinc-600">
            <span className="relative flex size-2" aria-hidden>
              {data.status === "RUNNING" && <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-75 ${style.dot}`} />}
              <span className={`relative inline-flex size-2 rounded-full ${style.dot}`} />
            </span>
            <span className="truncate">
              {style.label}
              {data.durationMs !== null && ` · ${formatDuration(data.durationMs)}`}
              {data.attempt > 1 && ` · attempt ${data.attempt}`}
            </span>
          </div>
        ) : (
          <div className="truncate text-xs text-zinc-500">{kind}</div>
        )}
      </div>
      <Handle type="source" position={Position.Right} className="opacity-0!" isConnectable={false} />
    </div>
  );
}
