import { Graph, layout } from "@dagrejs/dagre";
import type { RunGraph } from "@switchyard/core/runs/detail";
import type { Edge, Node } from "@xyflow/react";
import type { StepStatus, WorkflowStep } from "./types";

export const STEP_NODE_WIDTH = 232;
export const STEP_NODE_HEIGHT = 68;

export type StepNodeData = {
  stepId: string;
  name: string;
  stepType: string;
  /** Null when a definition is drawn on its own, without a run's steps. */
  status: StepStatus | null;
  /** The step this human gate guards, for an approval gate the runtime added. */
  gateFor: string | null;
  durationMs: number | null;
  attempt: number;
};

export type StepNode = Node<StepNodeData, "step">;

/** A laid-out graph: React Flow's nodes and edges and the size they take. */
export interface StepFlow {
  nodes: StepNode[];
  edges: Edge[];
  width: number;
  height: number;
}

type StepState = Pick<WorkflowStep, "stepId" | "status" | "durationMs" | "attempt">;

/**
 * React Flow nodes and edges for a workflow run: one node per step of the run's definition graph,
 * coloured by its step row's status (PENDING until the run reaches it), laid out left to right by
 * dagre. Without a readable definition the steps alone are drawn, unconnected. With `steps` null it
 * draws a definition itself (the editor's preview, a workflow's page): no statuses at all.
 */
export function buildStepFlow(graph: RunGraph | null, steps: readonly StepState[] | null, direction: "LR" | "TB" = "LR"): StepFlow {
  const stateOf = new Map((steps ?? []).map((step) => [step.stepId, step]));
  const source: RunGraph = graph ?? { nodes: (steps ?? []).map((step) => ({ id: step.stepId, type: "agent", name: step.stepId, gateFor: null })), edges: [] };
  const known = new Set(source.nodes.map((node) => node.id));
  const edges = source.edges.filter((edge) => known.has(edge.source) && known.has(edge.target));

  const dagreGraph = new Graph();
  dagreGraph.setGraph({ rankdir: direction, nodesep: 28, ranksep: 64, marginx: 16, marginy: 16 });
  dagreGraph.setDefaultEdgeLabel(() => ({}));
  for (const node of source.nodes) dagreGraph.setNode(node.id, { width: STEP_NODE_WIDTH, height: STEP_NODE_HEIGHT });
  for (const edge of edges) dagreGraph.setEdge(edge.source, edge.target);
  layout(dagreGraph);

  const nodes: StepNode[] = source.nodes.map((node) => {
    const state = stateOf.get(node.id);
    const { x, y } = dagreGraph.node(node.id);
    return {
      id: node.id,
      type: "step",
      // dagre gives centres; React Flow places nodes by their top-left corner.
      position: { x: x - STEP_NODE_WIDTH / 2, y: y - STEP_NODE_HEIGHT / 2 },
      data: {
        stepId: node.id,
        name: node.name,
        stepType: node.type,
        status: steps === null ? null : (state?.status ?? "PENDING"),
        gateFor: node.gateFor,
        durationMs: state?.durationMs ?? null,
        attempt: state?.attempt ?? 1,
      },
    };
  });
  const statusOf = new Map(nodes.map((node) => [node.id, node.data.status]));
  const { width = 0, height = 0 } = dagreGraph.graph();
  return {
    width,
    height,
    nodes,
    edges: edges.map((edge) => ({
      id: `${edge.source}->${edge.target}`,
      source: edge.source,
      target: edge.target,
      label: edge.branch ?? undefined,
      // Work flows along an edge while the step it leads to runs.
      animated: statusOf.get(edge.target) === "RUNNING",
      className: statusOf.get(edge.target) === "SKIPPED" ? "opacity-40" : undefined,
    })),
  };
}
