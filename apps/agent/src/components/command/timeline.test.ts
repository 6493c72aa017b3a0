import { describe, expect, it } from "vitest";
import { decisionTimeline, type TimelineReview } from "./timeline";

const requested = { action: "requested", actor: "system", notes: null, at: "2026-11-22T10:00:00.000Z" };
const pending: TimelineReview = {
  status: "pending",
  requestedAt: "2026-11-22T10:00:00.000Z",
  notifiedAt: "2026-11-22T10:00:00.000Z",
  expiresAt: null,
  decidedAt: null,
  decidedBy: null,
  decisionNotes: null,
  workflowRun: { status: "SUSPENDED" },
  audit: [requested],
};

describe("decisionTimeline", () => {
  it("ends a pending review at the decision it awaits", () => {
    expect(
      decisionTimeline({ ...pending, expiresAt: "2026-11-23T10:00:00.000Z" }).map(({ key, tone, actor, expiresAt }) => ({ key, tone, actor, expiresAt })),
    ).toEqual([
      { key: "requested", tone: "done", actor: "system", expiresAt: undefined },
      { key: "notified", tone: "done", actor: null, expiresAt: undefined },
      { key: "waiting", tone: "current", actor: null, expiresAt: "2026-11-23T10:00:00.000Z" },
    ]);
  });

  it("shows who approved a workflow gate, with notes, then what the workflow did", () => {
    const steps = decisionTimeline({
      ...pending,
      status: "approved",
      decidedAt: "2026-11-22T10:30:00.000Z",
      decidedBy: "Ada Admin",
      decisionNotes: "Looks safe",
      workflowRun: { status: "COMPLETED" },
      audit: [requested, { action: "approved", actor: "Ada Admin", notes: "Looks safe", at: "2026-11-22T10:30:00.000Z" }],
    });
    expect(steps.slice(2)).toEqual([
      { key: "decided", label: "Approved", at: "2026-11-22T10:30:00.000Z", actor: "Ada Admin", notes: "Looks safe", detail: null, tone: "approved" },
      { key: "outcome", label: "Workflow completed", at: null, actor: null, notes: null, detail: null, tone: "approved" },
    ]);
  });

  it("follows an approved agent review to what its held run did, and a rejected one to its cancellation", () => {
    const decided = { ...pending, workflowRun: null, decidedAt: "2026-11-22T10:30:00.000Z", decidedBy: "Ada Admin" };
    expect(decisionTimeline({ ...decided, status: "approved", agentRun: { status: "COMPLETED" } }).at(-1)).toMatchObject({
      key: "outcome",
      label: "Run completed",
      tone: "approved",
    });
    expect(decisionTimeline({ ...decided, status: "approved", agentRun: { status: "RUNNING" } }).at(-1)).toMatchObject({
      label: "Run started",
      tone: "current",
    });
    expect(decisionTimeline({ ...decided, status: "rejected", agentRun: { status: "CANCELLED" } }).at(-1)).toMatchObject({
      label: "Run cancelled",
      tone: "rejected",
    });
  });

  it("records an integration action carried out after approval, and a rejection", () => {
    const approved = decisionTimeline({
      ...pending,
      status: "approved",
      workflowRun: null,
      decidedAt: "2026-11-22T11:00:00.000Z",
      decidedBy: "Ops",
      audit: [
        requested,
        { action: "approved", actor: "Ops", notes: null, at: "2026-11-22T11:00:00.000Z" },
        { action: "executed", actor: "Ops", notes: null, at: "2026-11-22T11:00:01.000Z" },
      ],
    });
    expect(approved.map((step) => step.label)).toEqual(["Requested", "Notified", "Approved", "Action carried out"]);
    const rejected = decisionTimeline({
      ...pending,
      status: "rejected",
      workflowRun: null,
      decidedAt: "2026-11-22T11:00:00.000Z",
      decidedBy: "Ops",
      decisionNotes: "No",
    });
    expect(rejected.at(-1)).toMatchObject({ key: "decided", label: "Rejected", tone: "rejected", notes: "No" });
  });

  it("shows an expired review with the system's reason, and a missing notification", () => {
    const steps = decisionTimeline({
      ...pending,
      status: "expired",
      notifiedAt: null,
      decisionNotes: "Workflow run failed: step failed",
      audit: [requested, { action: "expired", actor: "system", notes: "Workflow run failed: step failed", at: "2026-11-22T10:05:00.000Z" }],
    });
    expect(steps[1]).toMatchObject({ key: "notified", tone: "missing", at: null });
    expect(steps[2]).toEqual({
      key: "expired",
      label: "Expired",
      at: "2026-11-22T10:05:00.000Z",
      actor: "system",
      notes: "Workflow run failed: step failed",
      detail: null,
      tone: "expired",
    });
    expect(steps).toHaveLength(3);
  });
});
