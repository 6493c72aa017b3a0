import jsonata from "jsonata";
import { readPath } from "../json-path.ts";

/** What templates and expressions see: the run's input, completed step outputs and, inside a loop, the loop state. */
export interface TemplateScope {
  input: unknown;
  steps: Record<string, unknown>;
  loop?: Record<string, unknown>;
  [key: string]: unknown;
}

const TEMPLATE = /\{\{\s*([\s\S]+?)\s*\}\}/g;
/** `input.repo`, `steps.classify-risk.riskLevel`, `steps.scan.items.0`: read directly, hyphens and indexes allowed. */
const SIMPLE_PATH = /^[A-Za-z_$][\w$]*(?:\.[\w-]+)*$/;
/** String literals are matched first so they are left alone; then `steps.<id>` with a hyphen in the id. */
const HYPHENATED_STEP = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)|\bsteps\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+)/g;
const STEP_REFERENCE = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\bsteps\.(?:`([^`]+)`|([A-Za-z0-9_]+))/g;

/** Bounds on one evaluation: an expression is data, and a runaway one must not stall a worker. */
const LIMITS = { timeout: 1000, stack: 300, sequence: 100_000 };

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

/**
 * Step ids may contain hyphens, which JSONata would read as subtraction: `steps.classify-risk` is
 * rewritten to steps.`classify-risk` before parsing.
 */
export function quoteStepIds(source: string): string {
  return source.replace(HYPHENATED_STEP, (match, literal: string | undefined, id: string | undefined) => (literal ? match : `steps.\`${id}\``));
}

/** Parses a JSONata expression; throws ExpressionError with the position of a syntax error. */
export function compileExpression(source: string): jsonata.Expression {
  try {
    return jsonata(quoteStepIds(source), LIMITS);
  } catch (error) {
    throw new ExpressionError(describeJsonataError(error));
  }
}

/** Evaluates a JSONata expression (never JavaScript) and returns plain JSON (undefined when nothing matched). */
export async function evaluateExpression(source: string, scope: TemplateScope): Promise<unknown> {
  const expression = compileExpression(source);
  try {
    const result = await expression.evaluate(scope);
    return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  } catch (error) {
    throw new ExpressionError(describeJsonataError(error));
  }
}

function describeJsonataError(error: unknown): string {
  const { message, code, position } = (error ?? {}) as { message?: string; code?: string; position?: number };
  const text = message || (code === "D1012" ? "evaluation took too long" : code === "D1011" ? "evaluation nested too deeply" : (code ?? String(error)));
  return position === undefined ? text : `${text} (at position ${position})`;
}

/**
 * Resolves every template in a value: strings inside objects and arrays too. A string that is exactly
 * one template keeps the value's type (an array stays an array); inside text, values are stringified.
 */
export async function resolveTemplates(value: unknown, scope: TemplateScope): Promise<unknown> {
  if (typeof value === "string") return resolveString(value, scope);
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolveTemplates(item, scope)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await resolveTemplates(item, scope)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** Resolves the templates in a string and always returns a string. */
export async function renderTemplate(text: string, scope: TemplateScope): Promise<string> {
  return stringify(await resolveString(text, scope));
}

async function resolveString(text: string, scope: TemplateScope): Promise<unknown> {
  const matches = [...text.matchAll(TEMPLATE)];
  if (matches.length === 0) return text;
  if (matches.length === 1 && matches[0][0] === text) return evaluateTemplate(matches[0][1], scope);
  const values = await Promise.all(matches.map((match) => evaluateTemplate(match[1], scope)));
  let index = 0;
  return text.replace(TEMPLATE, () => stringify(values[index++]));
}

async function evaluateTemplate(expression: string, scope: TemplateScope): Promise<unknown> {
  return SIMPLE_PATH.test(expression) ? readPath(scope, expression) : evaluateExpression(expression, scope);
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface TemplateReference {
  /** The template as written, e.g. `{{ steps.scan.vulnerabilities }}`. */
  template: string;
  /** The first path segment (`input`, `steps`, ...), for simple paths only. */
  root?: string;
  /** Step ids the template reads. */
  steps: string[];
  /** A syntax error in an expression template. */
  error?: string;
}

/** Every template in a string with what it reads, for validation. */
export function templateReferences(text: string): TemplateReference[] {
  return [...text.matchAll(TEMPLATE)].map(([template, expression]) => {
    if (SIMPLE_PATH.test(expression)) {
      const [root, stepId] = expression.split(".");
      return { template, root, steps: root === "steps" && stepId ? [stepId] : [] };
    }
    try {
      compileExpression(expression);
      return { template, steps: expressionStepReferences(expression) };
    } catch (error) {
      return { template, steps: [], error: (error as Error).message };
    }
  });
}

/** Step ids a JSONata expression reads through `steps.<id>`. */
export function expressionStepReferences(source: string): string[] {
  const ids = new Set<string>();
  for (const match of quoteStepIds(source).matchAll(STEP_REFERENCE)) {
    const id = match[2] ?? match[3];
    if (id) ids.add(id);
  }
  return [...ids];
}
