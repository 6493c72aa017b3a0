"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type NodeMouseHandler, type NodeProps } from "@xyflow/react";
import { Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import { Bot, Braces, GitFork, Hand, Repeat, Wrench, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { memo, useMemo, useState } from "react";
import { formatDuration } from "../format";
import { buildStepFlow, type StepNode } from "./graph-layout";
import { StepIO } from "./step-io";
import { STEP_STATUS_STYLES, stepStatusStyle } from "./step-status";
import { StepStatusBadge } from "./step-status-badge";
import type { WorkflowDetail } from "./types";

const STEP_ICONS: Record<string, LucideIcon> = { agent: Bot, tool: Wrench, human: Hand, condition: GitFork, loop: Repeat, transform: Braces };

const NODE_TYPES = { step: memo(StepNodeCard) };
const EDGE_DEFAULTS = { type: "smoothstep", markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 }, style: { strokeWidth: 1.5 } };
const MIN_CANVAS_HEIGHT = 220;
const MAX_CANVAS_HEIGHT = 560;
/** Where attention belongs first: the step that failed, waits for someone, or runs. */
const ATTENTION = ["FAILED", "WAITING", "RUNNING"];

/** The workflow's DAG with each step coloured by its status; clicking a step shows its input and output. */
export function GraphTab({ detail }: { detail: WorkflowDetail }) {
  const flow = useMemo(() => buildStepFlow(detail.graph, detail.steps), [detail.graph, detail.steps]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const selectedId = chosenId ?? flow.nodes.find((node) => ATTENTION.includes(node.data.status))?.id ?? null;
  const nodes = useMemo(() => flow.nodes.map((node) => ({ ...node, selected: node.id === selectedId })), [flow.nodes, selectedId]);
  const selectedStep = detail.steps.find((step) => step.stepId === selectedId);
  const selectedNode = flow.nodes.find((node) => node.id === selectedId);
  const onNodeClick: NodeMouseHandler<StepNode> = (_, node) => setChosenId(node.id);

  if (flow.nodes.length === 0) return <EmptyState title="This run has no steps to draw" />;
  // As tall as the laid-out graph needs (within bounds), so a short pipeline leaves no empty canvas.
  const canvasHeight = Math.min(MAX_CANVAS_HEIGHT, Math.max(MIN_CANVAS_HEIGHT, flow.height + 64));
  return (
    <div className="space-y-4">
      <Card className="overflow-hidden">
        <CardHeader
          title="Workflow graph"
          description={
            detail.graph
              ? "Steps of the definition version this run started with. Click a step for its input and output."
              : "The definition could not be read; steps are drawn without their edges."
          }
          actions={<Legend />}
        />
        <div className="bg-zinc-50/60" style={{ height: canvasHeight }} data-testid="run-graph">
          <ReactFlow
            nodes={nodes}
            edges={flow.edges}
            nodeTypes={NODE_TYPES}
            defaultEdgeOptions={EDGE_DEFAULTS}
            onNodeClick={onNodeClick}
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
      </Card>
      <Card className="min-w-0" data-testid="step-panel">
        {selectedNode ? (
          <>
            <CardHeader
              title={selectedNode.data.name}
              description={[
                `${selectedNode.data.stepType} step`,
                selectedNode.id,
                selectedStep?.durationMs != null && `took ${formatDuration(selectedStep.durationMs)}`,
                selectedStep && selectedStep.attempt > 1 && `attempt ${selectedStep.attempt}`,
              ]
                .filter(Boolean)
                .join(" · ")}
              actions={<StepStatusBadge status={selectedNode.data.status} />}
            />
            <div className="px-4 py-4">
              {selectedNode.data.status === "WAITING" && (
                <p className="mb-3 text-sm text-amber-800">
                  This step waits for a decision.{" "}
                  <Link href="/command" className="font-medium underline underline-offset-2 hover:text-amber-950">
                    Decide it in Command
                  </Link>
                </p>
              )}
              {selectedStep ? (
                <StepIO
                  error={selectedStep.error}
                  input={selectedStep.input}
                  output={selectedStep.output}
                  subRun={selectedStep.agentRun ? { kind: "agent", id: selectedStep.agentRun.id } : null}
                  columns
                />
              ) : (
                <p className="text-sm text-zinc-500">The run has not reached this step.</p>
              )}
            </div>
          </>
        ) : (
          <EmptyState title="Select a step">Click a step in the graph to see its input, output and errors.</EmptyState>
        )}
      </Card>
    </div>
  );
}

function StepNodeCard({ data, selected }: NodeProps<StepNode>) {
  const style = stepStatusStyle(data.status);
  const Icon = STEP_ICONS[data.stepType] ?? Bot;
  return (
    <div
      data-testid="graph-node"
      data-step-id={data.stepId}
      data-status={data.status}
      title={`${data.name}: ${style.label}`}
      className={`flex h-[68px] w-[232px] cursor-pointer items-center gap-3 rounded-lg border-2 px-3 shadow-xs transition-shadow ${style.node} ${selected ? "shadow-md outline-2 outline-offset-2 outline-zinc-900" : ""}`}
    >
      <Handle type="target" position={Position.Left} className="opacity-0!" isConnectable={false} />
      <span className="grid size-8 shrink-0 place-items-center rounded-md bg-white/80 text-zinc-600 ring-1 ring-zinc-200">
        <Icon className="size-4" aria-hidden />
      </span>
      <div className="min-w-0 flex-1">
        <div className="truncate text-sm font-medium text-zinc-900">{data.name}</div>
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
      </div>
      <Handle type="source" position={Position.Right} className="opacity-0!" isConnectable={false} />
    </div>
  );
}

const LEGEND = (["PENDING", "RUNNING", "WAITING", "COMPLETED", "FAILED", "SKIPPED"] as const).map((status) => ({ status, ...STEP_STATUS_STYLES[status] }));

function Legend() {
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600" aria-label="Step colours">
      {LEGEND.map((entry) => (
        <li key={entry.status} className="flex items-center gap-1.5">
          <span className={`size-2.5 rounded-full ${entry.status === "SKIPPED" ? "border border-dashed border-zinc-400 bg-white" : entry.dot}`} aria-hidden />
          {entry.status === "WAITING" ? "Waiting" : entry.label}
        </li>
      ))}
    </ul>
  );
}
