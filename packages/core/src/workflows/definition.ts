import { parseDocument } from "yaml";
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Problem } from "./problem.ts";
import { parseTriggerBlock, type TriggerBlock } from "./trigger-block.ts";

export type { Problem } from "./problem.ts";

export const STEP_TYPES = ["agent", "tool", "human", "condition", "loop", "transform"] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const BUILT_IN_TOOLS = ["http", "echo", "wait"] as const;

/** The current definition format; stored definitions carry it so a later format can migrate them. */
export const DEFINITION_VERSION = 1;

const StepId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be 1-64 letters, digits, _ or -, starting with a letter or digit");
const AgentSlug = z.string().min(1).max(120);
/** A string in which `{{ input.x }}` and `{{ steps.<id>.<path> }}` are resolved at run time. */
const Template = z.string().max(20_000);
/** A JSONata expression over `{ input, steps }`; never JavaScript. */
const Expression = z.string().min(1).max(5_000);
const JsonObject = z.record(z.string(), z.unknown());

const common = {
  id: StepId,
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  dependsOn: z.array(StepId).max(100).optional(),
};

/**
 * Gate the step behind a human approval. An agent whose risk level is APPROVAL_REQUIRED gates it as
 * well; `approvalRequired: false` lifts that gate only in a workflow whose `approvalPolicy` is trusted.
 */
const gated = {
  approvalRequired: z.boolean().optional(),
  approvalPrompt: Template.optional(),
};

const AgentCall = z.strictObject({ agent: AgentSlug, prompt: Template.optional(), input: JsonObject.optional() });

export const AgentNode = z.strictObject({
  ...common,
  ...gated,
  type: z.literal("agent"),
  agent: AgentSlug,
  action: z.string().max(200).optional(),
  prompt: Template.optional(),
  input: JsonObject.optional(),
  /** JSON Schema the agent's output must satisfy (checked with ajv). */
  outputSchema: JsonObject.optional(),
});

export const ToolNode = z.strictObject({ ...common, ...gated, type: z.literal("tool"), tool: z.enum(BUILT_IN_TOOLS), input: JsonObject.optional() });

export const HumanNode = z.strictObject({ ...common, type: z.literal("human"), title: z.string().max(200).optional(), prompt: Template });

export const ConditionNode = z.strictObject({
  ...common,
  type: z.literal("condition"),
  expression: Expression,
  then: z.array(StepId).max(100).default([]),
  else: z.array(StepId).max(100).default([]),
});

/** Producer → evaluator → reviser (seed 004): revise until the score reaches `passThreshold` or attempts run out. */
export const LoopNode = z.strictObject({
  ...common,
  ...gated,
  type: z.literal("loop"),
  producer: AgentCall,
  evaluator: z.strictObject({
    agent: AgentSlug.optional(),
    prompt: Template.optional(),
    /** JSONata over `{ input, steps, attempt, output, evaluation }` giving the attempt's score. */
    score: Expression,
  }),
  /** Defaults to the producer, prompted with the previous output and its evaluation. */
  reviser: AgentCall.optional(),
  passThreshold: z.number(),
  maxAttempts: z.number().int().min(1).max(10),
});

export const TransformNode = z.strictObject({ ...common, type: z.literal("transform"), expression: Expression });

const NODE_SCHEMAS = { agent: AgentNode, tool: ToolNode, human: HumanNode, condition: ConditionNode, loop: LoopNode, transform: TransformNode };

export type AgentNode = z.infer<typeof AgentNode>;
export type ToolNode = z.infer<typeof ToolNode>;
export type HumanNode = z.infer<typeof HumanNode>;
export type ConditionNode = z.infer<typeof ConditionNode>;
export type LoopNode = z.infer<typeof LoopNode>;
export type TransformNode = z.infer<typeof TransformNode>;
export type WorkflowNode = AgentNode | ToolNode | HumanNode | ConditionNode | LoopNode | TransformNode;

export interface WorkflowDefinition {
  version: typeof DEFINITION_VERSION;
  nodes: WorkflowNode[];
  /** Templates for the run's output; by default the outputs of the steps nothing depends on. */
  output?: unknown;
  /** JSON Schema of the run's input: Start run renders a form from it, and runs are checked against it. */
  inputSchema?: Record<string, unknown>;
  /**
   * `trusted` (seed 003 §8.2): a step's `approvalRequired: false` overrides its agent's APPROVAL_REQUIRED
   * risk level. `standard` (the default): the agent's risk level always wins.
   */
  approvalPolicy?: ApprovalPolicy;
  /** What starts the workflow: saving the definition makes the matching event trigger or schedule. */
  trigger?: TriggerBlock;
}

export const APPROVAL_POLICIES = ["standard", "trusted"] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

const DefinitionShell = z.strictObject({
  version: z.literal(DEFINITION_VERSION).default(DEFINITION_VERSION),
  nodes: z.array(z.unknown()).min(1, "a workflow needs at least one step").max(200),
  output: z.unknown().optional(),
  inputSchema: JsonObject.optional(),
  approvalPolicy: z.enum(APPROVAL_POLICIES).optional(),
  /** Checked by parseTriggerBlock, so its problems are reported beside the nodes'. */
  trigger: z.unknown().optional(),
});

/**
 * Checks the shape of a definition, node by node, so every malformed node is reported (not only the
 * first). Graph, template and agent checks are in validate.ts.
 */
export function parseWorkflowDefinition(raw: unknown): { definition: WorkflowDefinition | null; problems: Problem[] } {
  const shell = DefinitionShell.safeParse(raw);
  if (!shell.success) return { definition: null, problems: zodProblems(shell.error) };

  const problems: Problem[] = [];
  const nodes: WorkflowNode[] = [];
  shell.data.nodes.forEach((rawNode, index) => {
    const path = `nodes.${index}`;
    if (!isRecord(rawNode)) {
      problems.push({ path, message: "a step must be an object" });
      return;
    }
    const type = rawNode.type;
    if (type === undefined) {
      problems.push({ path: `${path}.type`, message: `step ${describeStep(rawNode, index)} has no type (expected one of ${STEP_TYPES.join(", ")})` });
      return;
    }
    if (typeof type !== "string" || !(STEP_TYPES as readonly string[]).includes(type)) {
      problems.push({ path: `${path}.type`, message: `unknown step type ${JSON.stringify(type)} (expected one of ${STEP_TYPES.join(", ")})` });
      return;
    }
    const parsed = NODE_SCHEMAS[type as StepType].safeParse(rawNode);
    if (parsed.success) nodes.push(parsed.data);
    else problems.push(...zodProblems(parsed.error, path));
  });
  const trigger = shell.data.trigger === undefined ? null : parseTriggerBlock(shell.data.trigger);
  if (trigger) problems.push(...trigger.problems);
  if (problems.length > 0) return { definition: null, problems };
  const { version, output, inputSchema, approvalPolicy } = shell.data;
  return {
    definition: {
      version,
      nodes,
      output,
      ...(inputSchema && { inputSchema }),
      ...(approvalPolicy && { approvalPolicy }),
      ...(trigger?.block && { trigger: trigger.block }),
    },
    problems,
  };
}

export function zodProblems(error: z.ZodError, prefix?: string): Problem[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."), message: issue.message }));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeStep(node: Record<string, unknown>, index: number): string {
  return typeof node.id === "string" ? `"${node.id}"` : `#${index}`;
}

export interface ImportedWorkflow {
  name?: string;
  slug?: string;
  description?: string;
  /** Not yet validated: pass it to validateWorkflowDefinition. The `trigger:` block stays in it, so each version records its own. */
  definition: Record<string, unknown>;
}

/**
 * Reads a workflow from YAML: our own format, or the shape of seed 003 section 5, where a node with
 * an `agent` and no `type` is an agent step, `inputs` is its input, and templates say
 * `{{ context.x }}` and `{{ nodes.<id>.output.<path> }}` for our `{{ input.x }}` and `{{ steps.<id>.<path> }}`.
 */
export function importWorkflowYaml(text: string): ImportedWorkflow {
  const read = readWorkflowYaml(text);
  if ("problems" in read) throw new AppError("validation_failed", read.message, read.problems);
  return read;
}

/** `importWorkflowYaml` without the throw: a document that does not parse answers its problems (path `yaml`, with the line). */
export function readWorkflowYaml(text: string): ImportedWorkflow | { message: string; problems: Problem[] } {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({
      path: "yaml",
      message: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}: ${firstLine(error.message)}` : firstLine(error.message),
    }));
    return { message: "The YAML could not be parsed", problems };
  }
  const doc: unknown = document.toJS({ maxAliasCount: 100 });
  if (!isRecord(doc)) return { message: "The YAML must be a mapping with a nodes list", problems: [{ path: "yaml", message: "expected a mapping" }] };

  const { name, slug, description, nodes, ...rest } = doc;
  const definition: Record<string, unknown> = { ...rest, nodes: Array.isArray(nodes) ? nodes.map(importNode) : nodes };
  return {
    name: typeof name === "string" ? name : undefined,
    slug: typeof slug === "string" ? slug : undefined,
    description: typeof description === "string" ? description : undefined,
    definition,
  };
}

function importNode(node: unknown): unknown {
  if (!isRecord(node)) return node;
  const { inputs, ...rest } = node;
  const imported: Record<string, unknown> = { ...rest };
  if (imported.type === undefined && typeof imported.agent === "string") imported.type = "agent";
  if (inputs !== undefined && imported.input === undefined) imported.input = inputs;
  return rewriteSeedTemplates(imported);
}

/** `{{ context.x }}` → `{{ input.x }}`, `{{ nodes.a.output.b }}` → `{{ steps.a.b }}`, inside templates only. */
function rewriteSeedTemplates(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(/\{\{([\s\S]+?)\}\}/g, (_match, inner: string) => {
      const rewritten = inner.replace(/\bcontext\./g, "input.").replace(/\bnodes\.([A-Za-z0-9_-]+)\.output\b/g, "steps.$1");
      return `{{${rewritten}}}`;
    });
  }
  if (Array.isArray(value)) return value.map(rewriteSeedTemplates);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteSeedTemplates(item)]));
  return value;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** `Security Audit on PR` → `security-audit-on-pr`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
}
