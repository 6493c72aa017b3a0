import type { TriggerEventItem } from "@switchyard/core/runs/triggers-feed";
import { describe, expect, it } from "vitest";
import { eventOrigin, eventPrimitive, eventStatusStyle, eventTrigger, linkedRuns } from "./trigger-events";

function event(parts: Partial<TriggerEventItem>): TriggerEventItem {
  return {
    id: "te_1",
    status: "FIRED",
    source: "webhook",
    entityType: null,
    eventName: null,
    error: null,
    receivedAt: "2026-11-22T10:00:00.000Z",
    processedAt: null,
    trigger: null,
    campaignTrigger: null,
    agent: null,
    agentRun: null,
    workflow: null,
    workflowRun: null,
    network: null,
    networkRun: null,
    campaign: null,
    ...parts,
  };
}

const run = (id: string, status = "COMPLETED") => ({ id, status, durationMs: 1_000, costUsd: 0.01 });

describe("linkedRuns", () => {
  it("links every run the event started to its detail page", () => {
    const links = linkedRuns(event({ workflowRun: run("wr_1"), agentRun: run("ar/1", "FAILED") }));
    expect(links).toEqual([
      { kind: "agent", id: "ar/1", status: "FAILED", href: "/observe/runs/agent/ar%2F1" },
      { kind: "workflow", id: "wr_1", status: "COMPLETED", href: "/observe/runs/workflow/wr_1" },
    ]);
  });

  it("treats a campaign as its own run", () => {
    expect(linkedRuns(event({ campaign: { id: "c_1", name: "Digest", status: "RUNNING" } }))).toEqual([
      { kind: "campaign", id: "c_1", status: "RUNNING", href: "/observe/runs/campaign/c_1" },
    ]);
    expect(linkedRuns(event({ status: "FILTERED" }))).toEqual([]);
  });
});

describe("eventTrigger, eventPrimitive, eventOrigin", () => {
  it("reads a webhook delivery to a workflow trigger", () => {
    const delivery = event({
      trigger: { id: "t_1", name: "PR opened", type: "webhook", entityType: "workflow", webhookPath: "sdlc-review" },
      workflow: { id: "w_1", slug: "sdlc-review", name: "SDLC review" },
    });
    expect(eventTrigger(delivery)).toEqual({ id: "t_1", name: "PR opened", type: "webhook" });
    expect(eventPrimitive(delivery)).toEqual({ kind: "workflow", name: "SDLC review", slug: "sdlc-review" });
    expect(eventOrigin(delivery)).toBe("/api/webhooks/sdlc-review");
  });

  it("reads an event delivery to a campaign trigger", () => {
    const delivery = event({
      source: "event",
      eventName: "digest.requested",
      campaignTrigger: { id: "ct_1", name: "Digest on demand", eventName: "digest.requested" },
      campaign: { id: "c_1", name: "Weekly digest", status: "COMPLETED" },
    });
    expect(eventTrigger(delivery)).toEqual({ id: "ct_1", name: "Digest on demand", type: "event" });
    expect(eventPrimitive(delivery)).toEqual({ kind: "campaign", name: "Weekly digest", slug: null });
    expect(eventOrigin(delivery)).toBe("digest.requested");
    expect(eventTrigger(event({}))).toBeNull();
    expect(eventPrimitive(event({}))).toBeNull();
  });
});

describe("eventStatusStyle", () => {
  it("labels known statuses and passes unknown ones through", () => {
    expect(eventStatusStyle("FAILED")).toEqual({ label: "Failed", tone: "danger" });
    expect(eventStatusStyle("NEW")).toEqual({ label: "NEW", tone: "neutral" });
  });
});
