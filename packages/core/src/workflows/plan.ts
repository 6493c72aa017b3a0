import type { Agent, StepStatus } from "@switchyard/database";
import type { ApprovalPolicy, HumanNode, WorkflowDefinition, WorkflowNode } from "./definition.ts";
import { branchMemberships, predecessors, type BranchMembership } from "./graph.ts";

export type PlanAgent = Pick<Agent, "id" | "slug" | "riskLevel">;

/** Why a step runs behind an automatic human gate (seed 003 section 8). */
export interface Gate {
  nodeId: string;
  reason: "approvalRequired" | "agentRiskLevel";
  agent?: PlanAgent;
}

/** One executable step: a definition node, or the human gate the runtime puts in front of one. */
export interface PlanNode {
  id: string;
  node: WorkflowNode;
  /** Steps that must be COMPLETED or SKIPPED first. */
  deps: string[];
  /** The condition branches the step is on; on an untaken branch it is SKIPPED. */
  branches: BranchMembership[];
  gate?: Gate;
}

export const gateStepId = (nodeId: string) => `${nodeId}:approval`;

/**
 * The steps a run executes: the definition's nodes, each risky one preceded by a human gate that
 * shares its dependencies and branches. Recomputed from the agents' current risk levels on every
 * batch, so an agent made APPROVAL_REQUIRED mid-run is gated before it runs.
 */
export function buildPlan(definition: WorkflowDefinition, agents: ReadonlyMap<string, PlanAgent>): PlanNode[] {
  const graph = definition.nodes.map((node) => ({ id: node.id, dependsOn: node.dependsOn, then: thenOf(node), else: elseOf(node) }));
  const preds = predecessors(graph);
  const memberships = branchMemberships(graph);
  return definition.nodes.flatMap((node): PlanNode[] => {
    const deps = preds.get(node.id) ?? [];
    const branches = memberships.get(node.id) ?? [];
    const gate = gateFor(node, agents, definition.approvalPolicy ?? "standard");
    if (!gate) return [{ id: node.id, node, deps, branches }];
    const gateNode: PlanNode = { id: gateStepId(node.id), node: gateHumanNode(node, gate), deps, branches, gate };
    return [gateNode, { id: node.id, node, deps: [...deps, gateNode.id], branches }];
  });
}

function thenOf(node: WorkflowNode): string[] {
  return node.type === "condition" ? node.then : [];
}

function elseOf(node: WorkflowNode): string[] {
  return node.type === "condition" ? node.else : [];
}

/** The agents a step calls: an agent step's, or a loop's producer, evaluator and reviser. */
export function agentSlugsOfNode(node: WorkflowNode): string[] {
  if (node.type === "agent") return [node.agent];
  if (node.type !== "loop") return [];
  return [node.producer.agent, node.evaluator.agent, node.reviser?.agent].filter((slug): slug is string => Boolean(slug));
}

/** Every agent a definition calls, once each. */
export function agentSlugsOf(definition: WorkflowDefinition): string[] {
  return [...new Set(definition.nodes.flatMap(agentSlugsOfNode))];
}

/**
 * `approvalRequired: true` gates any agent, tool or loop step. An agent whose risk level is
 * APPROVAL_REQUIRED gates its step too: a step opts out of that with `approvalRequired: false` only
 * in a workflow whose approval policy is `trusted` (seed 003 §8.2, e.g. an emergency runbook).
 */
function gateFor(node: WorkflowNode, agents: ReadonlyMap<string, PlanAgent>, policy: ApprovalPolicy): Gate | undefined {
  if (node.type !== "agent" && node.type !== "tool" && node.type !== "loop") return undefined;
  const used = agentSlugsOfNode(node)
    .map((slug) => agents.get(slug))
    .filter((agent): agent is PlanAgent => Boolean(agent));
  const risky = used.find((agent) => agent.riskLevel === "APPROVAL_REQUIRED");
  const isTrustedOptOut = policy === "trusted" && node.approvalRequired === false;
  if (risky && !isTrustedOptOut) return { nodeId: node.id, reason: "agentRiskLevel", agent: risky };
  if (node.approvalRequired) return { nodeId: node.id, reason: "approvalRequired", agent: used[0] };
  return undefined;
}

function gateHumanNode(node: WorkflowNode & { approvalPrompt?: string }, gate: Gate): HumanNode {
  const label = node.name ?? node.id;
  const who = gate.agent ? ` (agent ${gate.agent.slug}${gate.reason === "agentRiskLevel" ? ", risk level APPROVAL_REQUIRED" : ""})` : "";
  const task = node.type === "agent" ? node.prompt : node.type === "loop" ? node.producer.prompt : undefined;
  return {
    id: gateStepId(node.id),
    type: "human",
    name: `Approve ${label}`,
    prompt: node.approvalPrompt ?? `Approve "${label}"${who} before it runs.${task ? `\n\n${task}` : ""}`,
  };
}

export interface StepState {
  status: StepStatus;
  output: unknown;
}

/** Why a ready step is skipped instead of run, or null when it runs. */
export function skipReason(step: PlanNode, stateOf: (id: string) => StepState | undefined): string | null {
  for (const { conditionId, branch } of step.branches) {
    const condition = stateOf(conditionId);
    if (condition?.status === "SKIPPED") return `condition "${conditionId}" was skipped`;
    const taken = (condition?.output as { branch?: string } | null)?.branch;
    if (taken !== branch) return `condition "${conditionId}" took the ${taken ?? "other"} branch`;
  }
  if (step.deps.length > 0 && step.deps.every((id) => stateOf(id)?.status === "SKIPPED")) return "every step it depends on was skipped";
  return null;
}
