import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../workflows/definition.ts";
import { buildPlan, type PlanAgent } from "../workflows/plan.ts";
import { buildRunGraph, buildTimeline, traceUrlOf } from "./detail.ts";

const agent = (slug: string, riskLevel: PlanAgent["riskLevel"]): [string, PlanAgent] => [slug, { id: `id-${slug}`, slug, riskLevel }];

const definition: WorkflowDefinition = {
  version: 1,
  nodes: [
    { id: "fetch", type: "tool", tool: "echo" },
    { id: "check", type: "condition", expression: "true", then: ["write"], else: ["skip"], dependsOn: ["fetch"] },
    { id: "write", type: "agent", agent: "writer", name: "Write it" },
    { id: "skip", type: "transform", expression: "1" },
  ],
};

describe("buildRunGraph", () => {
  it("has a node per planned step and an edge per dependency, branch edges labelled", () => {
    const graph = buildRunGraph(buildPlan(definition, new Map([agent("writer", "AUTO")])), []);
    expect(graph.nodes.map((node) => [node.id, node.type, node.name])).toEqual([
      ["fetch", "tool", "fetch"],
      ["check", "condition", "check"],
      ["write", "agent", "Write it"],
      ["skip", "transform", "skip"],
    ]);
    expect(graph.edges).toEqual([
      { source: "fetch", target: "check", branch: null },
      { source: "check", target: "write", branch: "then" },
      { source: "check", target: "skip", branch: "else" },
    ]);
  });

  it("puts the approval gate of a risky agent between the step and its dependencies", () => {
    const graph = buildRunGraph(buildPlan(definition, new Map([agent("writer", "APPROVAL_REQUIRED")])), []);
    expect(graph.nodes.find((node) => node.id === "write:approval")).toEqual({
      id: "write:approval",
      type: "human",
      name: "Approve Write it",
      gateFor: "write",
    });
    expect(graph.edges).toContainEqual({ source: "check", target: "write:approval", branch: "then" });
    expect(graph.edges).toContainEqual({ source: "write:approval", target: "write", branch: null });
    expect(graph.edges).not.toContainEqual(expect.objectContaining({ source: "check", target: "write" }));
  });

  it("draws a gated step behind its approval gate only: every edge comes from a dependsOn", () => {
    const gated: WorkflowDefinition = {
      version: 1,
      nodes: [
        { id: "assess", type: "agent", agent: "assessor" },
        { id: "patch", type: "agent", agent: "patcher", dependsOn: ["assess"], approvalRequired: true },
        { id: "announce", type: "tool", tool: "echo", dependsOn: ["patch"] },
      ],
    };
    const graph = buildRunGraph(buildPlan(gated, new Map([agent("assessor", "AUTO"), agent("patcher", "AUTO")])), []);
    expect(graph.nodes.map((node) => node.id)).toEqual(["assess", "patch:approval", "patch", "announce"]);
    expect(graph.edges).toEqual([
      { source: "assess", target: "patch:approval", branch: null },
      { source: "patch:approval", target: "patch", branch: null },
      { source: "patch", target: "announce", branch: null },
    ]);
  });

  it("keeps a gate the run passed through even when today's plan no longer has it", () => {
    const graph = buildRunGraph(buildPlan(definition, new Map([agent("writer", "AUTO")])), ["fetch", "check", "write:approval", "write"]);
    expect(graph.nodes.map((node) => node.id)).toEqual(["fetch", "check", "write:approval", "write", "skip"]);
    expect(graph.edges).toContainEqual({ source: "check", target: "write:approval", branch: "then" });
    expect(graph.edges).toContainEqual({ source: "write:approval", target: "write", branch: null });
    expect(graph.edges).not.toContainEqual(expect.objectContaining({ source: "check", target: "write" }));
  });
});

describe("buildTimeline", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 6, minute));
  const base = { createdAt: at(0), startedAt: at(0), cancelRequestedAt: null, heartbeatAt: null, suspendedAt: null };

  it("starts a run resumed after an approval at its first step, not at its latest claim", () => {
    const timeline = buildTimeline({ ...base, status: "COMPLETED", claimedAt: at(50), completedAt: at(51), firstStepAt: at(1) });
    expect(timeline).toEqual([
      { state: "queued", at: at(0).toISOString() },
      { state: "started", at: at(1).toISOString() },
      { state: "completed", at: at(51).toISOString() },
    ]);
  });

  it("starts at the claim when no step began earlier, and leaves a queued run queued", () => {
    expect(buildTimeline({ ...base, status: "RUNNING", claimedAt: at(2), completedAt: null, firstStepAt: at(3) }).map((entry) => entry.at)).toEqual([
      at(0).toISOString(),
      at(2).toISOString(),
    ]);
    expect(buildTimeline({ ...base, status: "QUEUED", claimedAt: null, completedAt: null }).map((entry) => entry.state)).toEqual(["queued"]);
  });

  it("shows an agent run held for approval as suspended, not started, until it is claimed", () => {
    const held = { ...base, claimedAt: null, completedAt: null, suspendedAt: at(0) };
    expect(buildTimeline({ ...held, status: "SUSPENDED" }).map((entry) => entry.state)).toEqual(["queued", "suspended"]);
    expect(buildTimeline({ ...held, status: "CANCELLED", completedAt: at(9) }).map((entry) => entry.state)).toEqual(["queued", "suspended", "cancelled"]);
    expect(buildTimeline({ ...held, status: "COMPLETED", claimedAt: at(10), completedAt: at(11) }).map((entry) => entry.state)).toEqual([
      "queued",
      "suspended",
      "started",
      "completed",
    ]);
  });
});

describe("traceUrlOf", () => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  it("puts the trace id into the configured trace viewer URL", () => {
    expect(traceUrlOf(traceId, "https://jaeger.example/trace/{traceId}")).toBe(`https://jaeger.example/trace/${traceId}`);
    expect(traceUrlOf(traceId, "http://tempo.local/t/{traceId}?from={traceId}")).toBe(`http://tempo.local/t/${traceId}?from=${traceId}`);
  });

  it("links nowhere without a template, without the placeholder, or to anything but http(s)", () => {
    expect(traceUrlOf(traceId, undefined)).toBeNull();
    expect(traceUrlOf(traceId, "https://jaeger.example/search")).toBeNull();
    expect(traceUrlOf(traceId, "javascript:alert('{traceId}')")).toBeNull();
  });
});
