import { describe, expect, it } from "vitest";
import { artifactsOf, stepRowsOf, subRunsOf, toolCallsOf } from "./run-parts";
import type { RunDetailResponse } from "./types";

const run = (kind: RunDetailResponse["run"]["kind"]): RunDetailResponse["run"] => ({
  kind,
  id: `${kind}-1`,
  name: "Thing",
  status: "COMPLETED",
  source: "manual",
  startedAt: "2026-11-22T10:00:00.000Z",
  completedAt: "2026-11-22T10:05:00.000Z",
  durationMs: 300_000,
  tokens: 10,
  costUsd: 0.01,
  triggerId: null,
  entity: { id: "e1", slug: "thing", name: "Thing" },
  retryOfId: null,
  error: null,
  heartbeatAt: null,
  cancelRequestedAt: null,
  trigger: null,
  traceId: null,
  traceUrl: null,
});

const summary = (id: string) => ({
  id,
  status: "COMPLETED",
  durationMs: 1_000,
  totalTokens: 5,
  costUsd: 0.001,
  startedAt: "2026-11-22T10:01:00.000Z",
  completedAt: "2026-11-22T10:01:01.000Z",
});

describe("run parts", () => {
  it("lists a network's member calls with the router's reason and links each sub-run", () => {
    const response: RunDetailResponse = {
      run: run("network"),
      timeline: [],
      detail: {
        steps: [
          {
            id: "s1",
            stepNumber: 1,
            routingDecision: { chosen: "writer", reason: "writes" },
            status: "COMPLETED",
            input: null,
            output: { ok: 1 },
            error: null,
            startedAt: null,
            durationMs: 9,
            agentRun: { ...summary("a1"), agentVersion: 3, agent: { id: "g", slug: "writer", name: "Writer" } },
          },
        ],
        toolCalls: [],
        artifacts: [],
        feedback: [],
        evaluation: null,
      },
    };
    expect(stepRowsOf(response)).toEqual([
      expect.objectContaining({ title: "#1 Writer", subtitle: "writes", status: "COMPLETED", subRun: { kind: "agent", id: "a1" } }),
    ]);
    expect(subRunsOf(response)).toEqual([
      expect.objectContaining({ kind: "agent", id: "a1", title: "Writer", context: "Network step #1", tokens: 5, agentVersion: 3 }),
    ]);
    expect(toolCallsOf(response)).toEqual([]);
  });

  it("lists every agent call of a workflow's loop step as a sub-run with its step, attempt and role", () => {
    const agent = (name: string) => ({ id: name, slug: name.toLowerCase(), name });
    const response: RunDetailResponse = {
      run: run("workflow"),
      timeline: [],
      detail: {
        graph: null,
        steps: [
          {
            id: "s1",
            stepId: "draft",
            stepType: "loop",
            name: "Draft",
            status: "COMPLETED",
            attempt: 2,
            input: null,
            output: null,
            error: null,
            totalTokens: 20,
            costUsd: 0.004,
            startedAt: null,
            completedAt: null,
            durationMs: 4_000,
            agentRun: { ...summary("a3"), agentId: "editor" },
          },
        ],
        subRuns: [
          { ...summary("a1"), agent: agent("Writer"), stepId: "draft", attempt: 1, role: "producer" },
          { ...summary("a2"), agent: agent("Critic"), stepId: "draft", attempt: 1, role: "evaluator" },
          { ...summary("a3"), agent: agent("Editor"), stepId: "draft", attempt: 2, role: "reviser" },
          { ...summary("a4"), agent: agent("Critic"), stepId: "draft", attempt: 2, role: "evaluator" },
        ],
        events: [],
        toolCalls: [],
        artifacts: [],
        evaluation: null,
        feedback: [],
        approvals: [],
      },
    };
    expect(subRunsOf(response).map((subRun) => [subRun.id, subRun.title, subRun.context, subRun.tokens])).toEqual([
      ["a1", "Writer", "Step draft · attempt 1 · producer", 5],
      ["a2", "Critic", "Step draft · attempt 1 · evaluator", 5],
      ["a3", "Editor", "Step draft · attempt 2 · reviser", 5],
      ["a4", "Critic", "Step draft · attempt 2 · evaluator", 5],
    ]);
  });

  it("groups a campaign's tasks under their missions and offers its plan and review as JSON artifacts", () => {
    const response: RunDetailResponse = {
      run: run("campaign"),
      timeline: [],
      detail: {
        intent: "Scan",
        missions: [
          {
            id: "m1",
            sequence: 1,
            name: "Collect",
            objective: "",
            status: "COMPLETED",
            startedAt: null,
            completedAt: null,
            tasks: [
              {
                id: "t1",
                name: "Find",
                status: "COMPLETED",
                error: null,
                output: null,
                startedAt: "2026-11-22T10:00:00.000Z",
                completedAt: "2026-11-22T10:00:02.000Z",
                agent: { id: "g", slug: "scout", name: "Scout" },
                agentRun: summary("a2"),
              },
            ],
          },
        ],
        approvals: [],
        plan: { missions: 1 },
        afterActionReview: null,
      },
    };
    expect(stepRowsOf(response)).toEqual([expect.objectContaining({ title: "Find", subtitle: "Scout", group: "Mission 1: Collect", durationMs: 2_000 })]);
    expect(subRunsOf(response).map((subRun) => subRun.context)).toEqual(["Collect · Find"]);
    expect(artifactsOf(response)).toEqual([expect.objectContaining({ filename: "plan.json", contentType: "application/json", content: '{"missions":1}' })]);
    expect(toolCallsOf(response)).toBeNull();
  });

  it("offers a pulse's report as a markdown artifact and has no steps", () => {
    const response: RunDetailResponse = { run: run("pulse"), timeline: [], detail: { rankings: [], actions: [], report: "# Weekly" } };
    expect(artifactsOf(response)).toEqual([expect.objectContaining({ filename: "report.md", contentType: "text/markdown", content: "# Weekly" })]);
    expect(stepRowsOf(response)).toEqual([]);
    expect(subRunsOf(response)).toEqual([]);
  });
});
