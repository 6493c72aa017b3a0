import type { RunGraph } from "@switchyard/core/runs/detail";
import { describe, expect, it } from "vitest";
import { buildStepFlow, STEP_NODE_HEIGHT, STEP_NODE_WIDTH } from "./graph-layout";
import { STEP_STATUS_STYLES, stepStatusStyle } from "./step-status";

// The demo's SDLC review: two parallel transforms, a summary, a human review, a merge.
const sdlc: RunGraph = {
  nodes: [
    { id: "classify-risk", type: "transform", name: "classify-risk", gateFor: null },
    { id: "analyze-codebase", type: "transform", name: "analyze-codebase", gateFor: null },
    { id: "summarize-change", type: "agent", name: "Summarize", gateFor: null },
    { id: "review", type: "human", name: "review", gateFor: null },
    { id: "merge", type: "tool", name: "merge", gateFor: null },
  ],
  edges: [
    { source: "classify-risk", target: "summarize-change", branch: null },
    { source: "analyze-codebase", target: "summarize-change", branch: null },
    { source: "summarize-change", target: "review", branch: null },
    { source: "review", target: "merge", branch: null },
  ],
};

const step = (stepId: string, status: "COMPLETED" | "RUNNING" | "WAITING" | "FAILED" | "SKIPPED", durationMs: number | null = 100) => ({
  stepId,
  status,
  durationMs,
  attempt: 1,
});

describe("buildStepFlow", () => {
  it("gives every definition node the status of its step row, PENDING before the run reaches it", () => {
    const { nodes } = buildStepFlow(sdlc, [
      step("classify-risk", "COMPLETED"),
      step("analyze-codebase", "COMPLETED"),
      step("summarize-change", "RUNNING", null),
    ]);
    expect(nodes.map((node) => [node.id, node.data.status])).toEqual([
      ["classify-risk", "COMPLETED"],
      ["analyze-codebase", "COMPLETED"],
      ["summarize-change", "RUNNING"],
      ["review", "PENDING"],
      ["merge", "PENDING"],
    ]);
    expect(nodes.every((node) => node.type === "step")).toBe(true);
    expect(nodes[2].data).toMatchObject({ name: "Summarize", stepType: "agent", durationMs: null });
  });

  it("lays the graph out left to right by dependency, parallel steps in one column", () => {
    const { nodes, width, height } = buildStepFlow(sdlc, []);
    // Four columns of nodes, two rows at the widest: the size the canvas is given.
    expect(width).toBeGreaterThanOrEqual(4 * STEP_NODE_WIDTH);
    expect(height).toBeGreaterThanOrEqual(2 * STEP_NODE_HEIGHT);
    expect(height).toBeLessThan(3 * STEP_NODE_HEIGHT + 100);
    const x = Object.fromEntries(nodes.map((node) => [node.id, node.position.x]));
    const y = Object.fromEntries(nodes.map((node) => [node.id, node.position.y]));
    expect(x["classify-risk"]).toBe(x["analyze-codebase"]);
    expect(y["classify-risk"]).not.toBe(y["analyze-codebase"]);
    expect(x["summarize-change"]).toBeGreaterThanOrEqual(x["classify-risk"] + STEP_NODE_WIDTH);
    expect(x.review).toBeGreaterThan(x["summarize-change"]);
    expect(x.merge).toBeGreaterThan(x.review);
    // Positions are top-left corners inside the margin, never negative.
    expect(Math.min(...Object.values(x), ...Object.values(y))).toBeGreaterThanOrEqual(0);
  });

  it("draws an edge per dependency, animated into a running step and labelled on condition branches", () => {
    const graph: RunGraph = {
      nodes: [
        { id: "check", type: "condition", name: "check", gateFor: null },
        { id: "yes", type: "agent", name: "yes", gateFor: null },
        { id: "no", type: "agent", name: "no", gateFor: null },
      ],
      edges: [
        { source: "check", target: "yes", branch: "then" },
        { source: "check", target: "no", branch: "else" },
        { source: "check", target: "gone", branch: null },
      ],
    };
    const { edges } = buildStepFlow(graph, [step("check", "COMPLETED"), step("yes", "RUNNING"), step("no", "SKIPPED")]);
    expect(edges).toEqual([
      expect.objectContaining({ id: "check->yes", source: "check", target: "yes", label: "then", animated: true }),
      expect.objectContaining({ id: "check->no", source: "check", target: "no", label: "else", animated: false, className: "opacity-40" }),
    ]);
  });

  it("draws the step rows alone when the definition could not be read", () => {
    const { nodes, edges } = buildStepFlow(null, [step("a", "COMPLETED"), step("b", "FAILED")]);
    expect(nodes.map((node) => [node.id, node.data.status])).toEqual([
      ["a", "COMPLETED"],
      ["b", "FAILED"],
    ]);
    expect(edges).toEqual([]);
  });

  it("draws a definition on its own without statuses, laid out as a run of it would be", () => {
    const definition = buildStepFlow(sdlc, null);
    const run = buildStepFlow(sdlc, []);
    expect(definition.nodes.map((node) => node.data.status)).toEqual([null, null, null, null, null]);
    expect(definition.nodes.map((node) => node.position)).toEqual(run.nodes.map((node) => node.position));
    expect(definition.edges.every((edge) => !edge.animated)).toBe(true);
  });
});

describe("step status colours", () => {
  it("maps each status to its colour: pending grey, running blue, completed green, failed red, waiting amber, skipped dashed", () => {
    expect(STEP_STATUS_STYLES.PENDING.node).toContain("zinc");
    expect(STEP_STATUS_STYLES.RUNNING.node).toContain("sky");
    expect(STEP_STATUS_STYLES.COMPLETED.node).toContain("emerald");
    expect(STEP_STATUS_STYLES.FAILED.node).toContain("red");
    expect(STEP_STATUS_STYLES.WAITING.node).toContain("amber");
    expect(STEP_STATUS_STYLES.SKIPPED.node).toContain("border-dashed");
  });

  it("falls back to the pending look for a status it does not know, keeping its name", () => {
    expect(stepStatusStyle("PAUSED")).toMatchObject({ label: "PAUSED", node: STEP_STATUS_STYLES.PENDING.node });
  });
});
