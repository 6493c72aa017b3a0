import { isMap, isNode, isSeq, parse, parseDocument, stringify, type Document } from "yaml";

/**
 * The editor's text is one document: the workflow's name, description (and slug on create) beside
 * its definition, as the API's YAML import reads it. JSON is YAML too (YAML 1.2 is a superset), so
 * whichever the editor shows is sent as `yaml`, and problems come back with the same paths.
 */
export type DocumentFormat = "yaml" | "json";

export interface WorkflowDocumentSource {
  name: string;
  description: string | null;
  definition: unknown;
}

export const NEW_WORKFLOW_YAML = `name: New workflow
description: What this workflow does
# trigger:            # start it on an event, or on a schedule
#   schedule: "0 9 * * 1"
#   timezone: UTC
nodes:
  - id: prepare
    type: transform
    expression: '{ "topic": input.topic }'
  - id: announce
    type: tool
    tool: echo
    dependsOn: [prepare]
    input:
      message: "Working on {{ steps.prepare.topic }}"
`;

/** The order people read a document in; the database returns JSON keys in an order of its own. */
const DOCUMENT_KEYS = ["name", "description", "approvalPolicy", "trigger", "inputSchema", "nodes", "output"];
const STEP_KEYS = ["id", "type", "name", "description", "agent", "tool", "action", "prompt", "expression", "dependsOn"];

function ordered(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const rank = (key: string) => (keys.includes(key) ? keys.indexOf(key) : keys.length);
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => rank(a) - rank(b)));
}

/** A definition without its format version, its keys and its steps' keys in reading order. */
function readableDefinition(definition: unknown): Record<string, unknown> {
  const { version: _formatVersion, ...rest } = (definition ?? {}) as Record<string, unknown>;
  const nodes = Array.isArray(rest.nodes)
    ? rest.nodes.map((node) => (node && typeof node === "object" ? ordered(node as Record<string, unknown>, STEP_KEYS) : node))
    : rest.nodes;
  return ordered({ ...rest, ...(rest.nodes !== undefined && { nodes }) }, DOCUMENT_KEYS);
}

/** The document of a stored workflow: name and description first, then the definition without its format version. */
export function toWorkflowDocument(source: WorkflowDocumentSource, format: DocumentFormat): string {
  const document = { name: source.name, ...(source.description ? { description: source.description } : {}), ...readableDefinition(source.definition) };
  return format === "json" ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
}

/** The same document in the other format, or null while the text does not parse. */
export function convertDocument(text: string, format: DocumentFormat): string | null {
  let value: unknown;
  try {
    value = parse(text, { uniqueKeys: true });
  } catch {
    return null;
  }
  if (value === null || typeof value !== "object") return null;
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}

export interface Located {
  from: number;
  to: number;
}

/**
 * Where in the text a problem's path (`nodes.1.dependsOn.0`, `trigger.schedule`) points: the value
 * at the deepest part of the path the document has (a missing key marks its parent's first line).
 * The importer's rename of seed 003's `inputs` to `input` is undone on the way. A `yaml` problem
 * carries its own line and column.
 */
export function locateProblem(text: string, path: string, message: string, document: Document = parseDocument(text)): Located {
  if (path === "yaml") {
    const match = /^line (\d+), column (\d+)/.exec(message);
    return match ? firstLineFrom(text, offsetOf(text, Number(match[1]), Number(match[2]))) : firstLineFrom(text, 0);
  }
  const segments = path.split(".").filter(Boolean);
  let node: unknown = document.contents;
  let depth = 0;
  for (const segment of segments) {
    let next: unknown;
    if (isMap(node)) next = node.get(segment, true) ?? (segment === "input" ? node.get("inputs", true) : undefined);
    else if (isSeq(node)) next = node.get(Number(segment), true);
    if (!isNode(next)) break;
    node = next;
    depth++;
  }
  const range = isNode(node) ? node.range : undefined;
  if (!range) return firstLineFrom(text, 0);
  const isWholePath = segments.length > 0 && depth === segments.length;
  // A value spanning lines (a whole step) is marked on its first line, which is where the eye goes.
  if (isWholePath && !text.slice(range[0], range[1]).includes("\n")) return { from: range[0], to: Math.max(range[1], range[0] + 1) };
  return firstLineFrom(text, range[0]);
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  const before = lines.slice(0, Math.max(0, line - 1)).reduce((sum, current) => sum + current.length + 1, 0);
  return Math.min(text.length, before + Math.max(0, column - 1));
}

function firstLineFrom(text: string, from: number): Located {
  const end = text.indexOf("\n", from);
  const to = end === -1 ? text.length : end;
  return { from, to: Math.max(to, Math.min(text.length, from + 1)) };
}

/** A stored definition on its own (a version's), as YAML without the format version. */
export function definitionYaml(definition: unknown): string {
  return stringify(readableDefinition(definition), { lineWidth: 0 });
}
