import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convertDocument, definitionYaml, locateProblem, NEW_WORKFLOW_YAML, toWorkflowDocument } from "./workflow-document";

const SOURCE = {
  name: "Digest",
  description: "Daily summary",
  definition: { version: 1, trigger: { schedule: "0 6 * * *" }, nodes: [{ id: "collect", type: "tool", tool: "echo" }] },
};

const marked = (text: string, path: string, message = "") => {
  const { from, to } = locateProblem(text, path, message);
  return text.slice(from, to);
};

describe("workflow documents", () => {
  it("writes a stored workflow as the document the API imports, in YAML or JSON, without the format version", () => {
    const yaml = toWorkflowDocument(SOURCE, "yaml");
    expect(yaml.startsWith("name: Digest\ndescription: Daily summary\n")).toBe(true);
    const expected = { name: "Digest", description: "Daily summary", trigger: { schedule: "0 6 * * *" }, nodes: SOURCE.definition.nodes };
    expect(parse(yaml)).toEqual(expected);
    expect(JSON.parse(toWorkflowDocument(SOURCE, "json"))).toEqual(expected);
    expect(parse(toWorkflowDocument({ ...SOURCE, description: null }, "yaml"))).not.toHaveProperty("description");
  });

  it("puts keys in reading order whatever order the database returned them in", () => {
    const stored = { nodes: [{ tool: "echo", type: "tool", input: { a: 1 }, id: "collect", dependsOn: [] }], version: 1, trigger: { schedule: "0 6 * * *" } };
    const yaml = toWorkflowDocument({ name: "Digest", description: null, definition: stored }, "yaml");
    expect(yaml).toBe(
      "name: Digest\ntrigger:\n  schedule: 0 6 * * *\nnodes:\n  - id: collect\n    type: tool\n    tool: echo\n    dependsOn: []\n    input:\n      a: 1\n",
    );
    expect(definitionYaml(stored).startsWith("trigger:")).toBe(true);
  });

  it("converts between YAML and JSON, and gives up on text that does not parse", () => {
    const json = convertDocument(NEW_WORKFLOW_YAML, "json");
    expect(JSON.parse(json ?? "")).toEqual(parse(NEW_WORKFLOW_YAML));
    expect(parse(convertDocument(json ?? "", "yaml") ?? "")).toEqual(parse(NEW_WORKFLOW_YAML));
    expect(convertDocument("nodes: [\n", "json")).toBeNull();
    expect(convertDocument("just text", "json")).toBeNull();
  });

  it("marks the value a problem's path points at, or the first line of the deepest part that exists", () => {
    const text = [
      "name: X",
      "trigger:",
      "  schedule: every day",
      "nodes:",
      "  - id: a",
      "    type: email",
      "    dependsOn: [ghost]",
      "  - id: b",
      "    inputs:",
      "      x: 1",
    ].join("\n");
    expect(marked(text, "trigger.schedule")).toBe("every day");
    expect(marked(text, "nodes.0.type")).toBe("email");
    expect(marked(text, "nodes.0.dependsOn.0")).toBe("ghost");
    // The importer reads seed 003's `inputs` as `input`.
    expect(marked(text, "nodes.1.input.x")).toBe("1");
    // A key the step lacks: the step's first line.
    expect(marked(text, "nodes.1.agent")).toBe("id: b");
    expect(marked(text, "nodes")).toBe("- id: a");
    expect(marked(text, "")).toBe("name: X");
  });

  it("marks a YAML syntax error at its line and column, and finds paths in JSON text too", () => {
    const text = "name: X\nnodes:\n  - id: a\n  bad: [\n";
    expect(locateProblem(text, "yaml", "line 4, column 3: Map keys must be unique").from).toBe(text.indexOf("bad"));
    const json = '{\n  "nodes": [\n    { "id": "a", "type": "email" }\n  ]\n}';
    expect(marked(json, "nodes.0.type")).toBe('"email"');
  });
});
