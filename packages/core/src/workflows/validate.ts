import Ajv from "ajv";
import type { OrgContext } from "../context.ts";
import { isRecord, parseWorkflowDefinition, type Problem, type WorkflowDefinition } from "./definition.ts";
import { ancestorsOf, findCycles, predecessors, type GraphNode } from "./graph.ts";
import { compileExpression, expressionStepReferences, templateReferences } from "./templates.ts";

export type ValidationResult = { ok: true; definition: WorkflowDefinition; problems: [] } | { ok: false; definition: null; problems: Problem[] };

/**
 * Compiles an agent step's output JSON Schema into a check that returns what is wrong with a value
 * (null when it conforms). Throws with ajv's message when the schema itself is invalid. One ajv per
 * schema, so two schemas with the same `$id` do not collide; formats need a plugin we do not ship,
 * so `format` is accepted and not checked.
 */
export function compileOutputSchema(schema: Record<string, unknown>): (value: unknown) => string | null {
  const ajv = new Ajv({ allErrors: true, validateFormats: false });
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? null : ajv.errorsText(validate.errors, { dataVar: "output" }));
}

/** Keys of a node that are structure, not text: templates in them are not resolved. */
const STRUCTURAL_KEYS = new Set(["id", "type", "dependsOn", "then", "else", "agent", "tool", "expression", "outputSchema"]);

interface RawNode {
  index: number;
  id?: string;
  type?: unknown;
  raw: Record<string, unknown>;
}

/**
 * Every problem with a definition that can be found without the database: shape, unknown step types,
 * duplicate ids, dangling references, cycles, templates and expressions that read a step that does
 * not run before them, and invalid output schemas. Checks run on whatever parsed, so one pass reports
 * every problem.
 */
export function checkWorkflowDefinition(raw: unknown): ValidationResult {
  const parsed = parseWorkflowDefinition(raw);
  const nodes = rawNodes(raw);
  const graph: GraphNode[] = nodes
    .filter((node): node is RawNode & { id: string } => node.id !== undefined)
    .map((node) => ({
      id: node.id,
      dependsOn: strings(node.raw.dependsOn),
      then: node.type === "condition" ? strings(node.raw.then) : [],
      else: node.type === "condition" ? strings(node.raw.else) : [],
    }));
  const preds = predecessors(graph);
  const problems = [
    ...parsed.problems,
    ...duplicateIds(nodes),
    ...danglingReferences(nodes, new Set(preds.keys())),
    ...findCycles(preds).map((cycle) => ({ path: "nodes", message: `cycle: ${cycle.join(" → ")}` })),
    ...nodes.flatMap((node) => referenceProblems(node, preds)),
    ...outputReferenceProblems(isRecord(raw) ? raw.output : undefined, new Set(preds.keys())),
    ...nodes.flatMap(outputSchemaProblems),
    ...schemaProblems(isRecord(raw) ? raw.inputSchema : undefined, "inputSchema"),
  ];
  return problems.length === 0 && parsed.definition ? { ok: true, definition: parsed.definition, problems: [] } : { ok: false, definition: null, problems };
}

/** All checks, including that every agent a step names exists in the caller's organization. */
export async function validateWorkflowDefinition(ctx: OrgContext, raw: unknown): Promise<ValidationResult> {
  const checked = checkWorkflowDefinition(raw);
  const references = rawNodes(raw).flatMap(agentReferences);
  const slugs = [...new Set(references.map((reference) => reference.slug))];
  const found = slugs.length ? await ctx.db.agent.findMany({ where: { organizationId: ctx.organizationId, slug: { in: slugs } }, select: { slug: true } }) : [];
  const known = new Set(found.map((agent) => agent.slug));
  const unknown = references
    .filter((reference) => !known.has(reference.slug))
    .map((reference) => ({ path: reference.path, message: `unknown agent "${reference.slug}" in this organization` }));
  if (unknown.length === 0) return checked;
  return { ok: false, definition: null, problems: [...checked.problems, ...unknown] };
}

function rawNodes(raw: unknown): RawNode[] {
  if (!isRecord(raw) || !Array.isArray(raw.nodes)) return [];
  return raw.nodes.map((node, index) => {
    const record = isRecord(node) ? node : {};
    return { index, id: typeof record.id === "string" ? record.id : undefined, type: record.type, raw: record };
  });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function duplicateIds(nodes: RawNode[]): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  for (const node of nodes) {
    if (node.id === undefined) continue;
    const first = firstIndex.get(node.id);
    if (first === undefined) firstIndex.set(node.id, node.index);
    else problems.push({ path: `nodes.${node.index}.id`, message: `duplicate step id "${node.id}" (also nodes.${first})` });
  }
  return problems;
}

function danglingReferences(nodes: RawNode[], ids: Set<string>): Problem[] {
  const problems: Problem[] = [];
  for (const node of nodes) {
    const label = node.id ?? `#${node.index}`;
    strings(node.raw.dependsOn).forEach((dep, position) => {
      if (!ids.has(dep)) problems.push({ path: `nodes.${node.index}.dependsOn.${position}`, message: `step "${label}" depends on unknown step "${dep}"` });
    });
    if (node.type !== "condition") continue;
    for (const branch of ["then", "else"] as const) {
      strings(node.raw[branch]).forEach((target, position) => {
        if (!ids.has(target))
          problems.push({ path: `nodes.${node.index}.${branch}.${position}`, message: `condition "${label}" branches to unknown step "${target}"` });
      });
    }
  }
  return problems;
}

/** Templates and expressions may read only steps that finish before the node runs. */
function referenceProblems(node: RawNode, preds: Map<string, string[]>): Problem[] {
  const ids = new Set(preds.keys());
  const upstream = node.id ? ancestorsOf(node.id, preds) : new Set<string>();
  const problems: Problem[] = [];
  const checkStep = (path: string, what: string, stepId: string) => {
    if (!ids.has(stepId)) problems.push({ path, message: `${what} references unknown step "${stepId}"` });
    else if (stepId === node.id) problems.push({ path, message: `${what} references its own step "${stepId}"` });
    else if (!upstream.has(stepId)) {
      problems.push({ path, message: `${what} references step "${stepId}", which does not run before "${node.id}" (add it to dependsOn)` });
    }
  };
  const checkExpression = (path: string, source: unknown) => {
    if (typeof source !== "string") return;
    try {
      compileExpression(source);
    } catch (error) {
      problems.push({ path, message: `invalid expression: ${(error as Error).message}` });
      return;
    }
    for (const stepId of expressionStepReferences(source)) checkStep(path, "expression", stepId);
  };
  const roots = node.type === "loop" ? ["input", "steps", "loop"] : ["input", "steps"];
  const base = `nodes.${node.index}`;

  checkExpression(`${base}.expression`, node.raw.expression);
  if (node.type === "loop" && isRecord(node.raw.evaluator)) checkExpression(`${base}.evaluator.score`, node.raw.evaluator.score);
  for (const [key, value] of Object.entries(node.raw)) {
    if (STRUCTURAL_KEYS.has(key)) continue;
    forEachString(value, `${base}.${key}`, (text, path) => {
      if (path === `${base}.evaluator.score`) return;
      for (const reference of templateReferences(text)) {
        if (reference.error) problems.push({ path, message: `invalid template ${reference.template}: ${reference.error}` });
        else if (reference.root !== undefined && !roots.includes(reference.root)) {
          problems.push({ path, message: `template ${reference.template} reads "${reference.root}" (expected ${roots.join(", ")})` });
        }
        for (const stepId of reference.steps) checkStep(path, `template ${reference.template}`, stepId);
      }
    });
  }
  return problems;
}

function outputReferenceProblems(output: unknown, ids: Set<string>): Problem[] {
  const problems: Problem[] = [];
  forEachString(output, "output", (text, path) => {
    for (const reference of templateReferences(text)) {
      if (reference.error) problems.push({ path, message: `invalid template ${reference.template}: ${reference.error}` });
      else if (reference.root !== undefined && reference.root !== "input" && reference.root !== "steps") {
        problems.push({ path, message: `template ${reference.template} reads "${reference.root}" (expected input, steps)` });
      }
      for (const stepId of reference.steps) {
        if (!ids.has(stepId)) problems.push({ path, message: `template ${reference.template} references unknown step "${stepId}"` });
      }
    }
  });
  return problems;
}

function outputSchemaProblems(node: RawNode): Problem[] {
  return node.type === "agent" ? schemaProblems(node.raw.outputSchema, `nodes.${node.index}.outputSchema`) : [];
}

function schemaProblems(schema: unknown, path: string): Problem[] {
  if (!isRecord(schema)) return [];
  try {
    compileOutputSchema(schema);
    return [];
  } catch (error) {
    return [{ path, message: `invalid JSON Schema: ${(error as Error).message}` }];
  }
}

function agentReferences(node: RawNode): { path: string; slug: string }[] {
  const base = `nodes.${node.index}`;
  if (node.type === "agent" && typeof node.raw.agent === "string") return [{ path: `${base}.agent`, slug: node.raw.agent }];
  if (node.type !== "loop") return [];
  return (["producer", "evaluator", "reviser"] as const).flatMap((role) => {
    const call = node.raw[role];
    return isRecord(call) && typeof call.agent === "string" ? [{ path: `${base}.${role}.agent`, slug: call.agent }] : [];
  });
}

function forEachString(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) forEachString(item, `${path}.${index}`, visit);
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) forEachString(item, `${path}.${key}`, visit);
}
