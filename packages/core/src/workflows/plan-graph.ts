import type { OrgContext } from "../context.ts";
import type { StepType, WorkflowDefinition } from "./definition.ts";
import { agentSlugsOf, buildPlan, gateStepId, type PlanNode } from "./plan.ts";

/** One step of a workflow run's graph: a definition node or the human gate the runtime put before one. */
export interface RunGraphNode {
  id: string;
  type: StepType;
  name: string;
  /** The step this approval gate guards, for a gate the runtime added. */
  gateFor: string | null;
}

export interface RunGraphEdge {
  source: string;
  target: string;
  /** Set when the edge leads from a condition into one of its branches. */
  branch: "then" | "else" | null;
}

export interface RunGraph {
  nodes: RunGraphNode[];
  edges: RunGraphEdge[];
}

/**
 * Nodes and edges of a run's plan: each edge is a step's `dependsOn` (or condition branch), except
 * that a gated step's dependencies lead into its approval gate and the gate alone into the step. The
 * plan gates steps by the agents' risk levels of today, so a gate the run actually passed through
 * (it has a step row) is kept even if today's plan has none.
 */
export function buildRunGraph(plan: readonly PlanNode[], stepIds: readonly string[]): RunGraph {
  const nodes: RunGraphNode[] = [];
  const edges: RunGraphEdge[] = [];
  const planned = new Set(plan.map((step) => step.id));
  for (const step of plan) {
    const branchOf = (source: string) => step.branches.find((membership) => membership.conditionId === source)?.branch ?? null;
    const depsInto = (target: string) => step.deps.map((source) => ({ source, target, branch: branchOf(source) }));
    const gateId = gateStepId(step.id);
    const hasPlannedGate = planned.has(gateId);
    const hasPastGate = !hasPlannedGate && stepIds.includes(gateId);
    if (hasPastGate) {
      nodes.push({ id: gateId, type: "human", name: `Approve ${step.node.name ?? step.id}`, gateFor: step.id });
      edges.push(...depsInto(gateId));
    }
    // The plan has a gated step depend on its gate and on the gate's own dependencies; drawn, the gate alone leads into it.
    edges.push(...(hasPlannedGate || hasPastGate ? [{ source: gateId, target: step.id, branch: null }] : depsInto(step.id)));
    nodes.push({ id: step.id, type: step.node.type, name: step.node.name ?? step.id, gateFor: step.gate?.nodeId ?? null });
  }
  return { nodes, edges };
}

/**
 * The graph a definition runs as in the caller's organization: its steps plus the approval gates
 * its agents' risk levels add today. `stepIds` are a run's step rows, for the gates it passed.
 */
export async function definitionGraph(ctx: OrgContext, definition: WorkflowDefinition, stepIds: readonly string[] = []): Promise<RunGraph> {
  const agents = await ctx.db.agent.findMany({
    where: { organizationId: ctx.organizationId, slug: { in: agentSlugsOf(definition) } },
    select: { id: true, slug: true, riskLevel: true },
  });
  return buildRunGraph(buildPlan(definition, new Map(agents.map((agent) => [agent.slug, agent]))), stepIds);
}
