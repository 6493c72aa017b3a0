import { describe, expect, it } from "vitest";
import { classifyActivityStatus, runKeyOf, summarizeGroup, type GroupEvent } from "./group-stats.ts";

const base = Date.parse("2026-11-22T10:00:00.000Z");
let sequence = 0;
function event(type: string, seconds: number, extra: Partial<GroupEvent> = {}): GroupEvent {
  sequence += 1;
  return {
    id: `e${String(sequence).padStart(3, "0")}`,
    type,
    status: null,
    runId: null,
    workflowRunId: null,
    networkRunId: null,
    campaignId: null,
    missionId: null,
    costUsd: null,
    durationMs: null,
    createdAt: new Date(base + seconds * 1000),
    ...extra,
  };
}

describe("summarizeGroup", () => {
  it("counts a finished workflow as one completed run, whatever came before", () => {
    const wf = { workflowRunId: "wr1" };
    const events = [
      event("WORKFLOW_STARTED", 0, { ...wf, status: "running" }),
      event("WORKFLOW_SUSPENDED", 5, { ...wf, status: "suspended", costUsd: 0.01 }),
      event("APPROVAL_REQUESTED", 5, { ...wf, status: "pending" }),
      event("APPROVAL_DECIDED", 60, { ...wf, status: "approved" }),
      event("WORKFLOW_COMPLETED", 62, { ...wf, status: "completed", costUsd: 0.02, durationMs: 62_000 }),
    ];
    // Given out of order, as a page of events may be.
    expect(summarizeGroup("workflow", "wr1", [...events].reverse())).toEqual({
      status: "completed",
      stats: { events: 5, runs: 1, completed: 1, failed: 0, cancelled: 0, running: 0, waiting: 0, totalCost: 0.02, totalDuration: 62_000 },
    });
  });

  it("is waiting while a running root's newest event asks for a decision, running otherwise", () => {
    const wf = { workflowRunId: "wr2" };
    const started = event("WORKFLOW_STARTED", 0, { ...wf, status: "running" });
    expect(summarizeGroup("workflow", "wr2", [started]).status).toBe("running");
    expect(summarizeGroup("workflow", "wr2", [started, event("APPROVAL_REQUESTED", 3, { ...wf, status: "pending" })])).toMatchObject({
      status: "waiting",
      stats: { runs: 1, running: 0, waiting: 1 },
    });
    const suspended = summarizeGroup("workflow", "wr2", [started, event("WORKFLOW_SUSPENDED", 3, { ...wf, status: "suspended" })]);
    expect(suspended).toMatchObject({ status: "waiting", stats: { runs: 1, waiting: 1, running: 0, totalDuration: 3000 } });
  });

  it("counts a campaign's missions and tasks as runs by their latest event and takes the campaign's own cost", () => {
    const c = { campaignId: "c1" };
    const events = [
      event("CAMPAIGN_STARTED", 0, { ...c, status: "RUNNING" }),
      event("MISSION_STARTED", 1, { ...c, missionId: "m1", status: "RUNNING" }),
      event("TASK_COMPLETED", 2, { ...c, missionId: "m1", runId: "r1", status: "COMPLETED", costUsd: 0.1 }),
      event("TASK_FAILED", 3, { ...c, missionId: "m1", runId: "r2", status: "FAILED", costUsd: 0.05 }),
      event("MISSION_COMPLETED", 4, { ...c, missionId: "m1", status: "COMPLETED" }),
      event("MISSION_STARTED", 5, { ...c, missionId: "m2", status: "RUNNING" }),
    ];
    const running = summarizeGroup("campaign", "c1", events);
    expect(running).toEqual({
      status: "running",
      // No root cost yet: the runs' own costs add up.
      stats: { events: 6, runs: 5, completed: 2, failed: 1, cancelled: 0, running: 2, waiting: 0, totalCost: expect.closeTo(0.15, 9), totalDuration: 5000 },
    });
    const finished = summarizeGroup("campaign", "c1", [
      ...events,
      event("MISSION_COMPLETED", 6, { ...c, missionId: "m2", status: "COMPLETED" }),
      event("CAMPAIGN_COMPLETED", 7, { ...c, status: "COMPLETED", costUsd: 0.2, durationMs: 7000 }),
    ]);
    expect(finished).toEqual({
      status: "completed",
      stats: { events: 8, runs: 5, completed: 4, failed: 1, cancelled: 0, running: 0, waiting: 0, totalCost: 0.2, totalDuration: 7000 },
    });
  });

  it("reads a cancelled run as cancelled, not failed, and counts it apart from failures", () => {
    const wf = { workflowRunId: "wr3" };
    const events = [
      event("WORKFLOW_STARTED", 0, { ...wf, status: "running" }),
      event("AGENT_RUN_FAILED", 1, { ...wf, runId: "r1", status: "failed" }),
      event("AGENT_RUN_CANCELLED", 2, { ...wf, runId: "r2", status: "cancelled" }),
      event("WORKFLOW_CANCELLED", 3, { ...wf, status: "cancelled", durationMs: 3000 }),
    ];
    expect(summarizeGroup("workflow", "wr3", events)).toEqual({
      status: "cancelled",
      stats: { events: 4, runs: 3, completed: 0, failed: 1, cancelled: 2, running: 0, waiting: 0, totalCost: 0, totalDuration: 3000 },
    });
    // Networks write their statuses upper case; the type decides all the same.
    const network = summarizeGroup("network", "n1", [event("NETWORK_RUN_CANCELLED", 0, { networkRunId: "n1", status: "CANCELLED" })]);
    expect(network).toMatchObject({ status: "cancelled", stats: { runs: 1, cancelled: 1, failed: 0 } });
    expect(classifyActivityStatus("CANCELLED")).toBe("cancelled");
  });

  it("falls back to the newest run when the root's events are filtered out, and to null without runs", () => {
    const c = { campaignId: "c2" };
    expect(summarizeGroup("campaign", "c2", [event("TASK_FAILED", 0, { ...c, runId: "r9", status: "failed" })]).status).toBe("failed");
    expect(summarizeGroup("campaign", "c2", [event("APPROVAL_REQUESTED", 0, { ...c, status: "pending" })])).toMatchObject({
      status: null,
      stats: { runs: 0, events: 1 },
    });
  });

  it("keys runs by the id of what each event reports on", () => {
    expect(runKeyOf(event("NETWORK_RUN_STARTED", 0, { networkRunId: "n1" }))).toBe("network:n1");
    expect(runKeyOf(event("AGENT_RUN_COMPLETED", 0, { runId: "r1", workflowRunId: "w1" }))).toBe("run:r1");
    expect(runKeyOf(event("TRIGGER_FIRED", 0, { workflowRunId: "w1" }))).toBeNull();
  });
});
