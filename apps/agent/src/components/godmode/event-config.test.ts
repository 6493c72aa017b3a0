import { ActivityEventType } from "@switchyard/database";
import { describe, expect, it } from "vitest";
import {
  ACTIVITY_EVENT_TYPES,
  EVENT_TYPE_CONFIG,
  GROUP_STATE_DISPLAY,
  TYPE_FILTERS,
  chainRefOfEvent,
  chainUrl,
  godmodeFiltersToSearchParams,
  parseChainRef,
  parseGodmodeFilters,
  runHrefOfEvent,
  typesForFilter,
} from "./event-config";

describe("EVENT_TYPE_CONFIG", () => {
  it("configures every activity type, including the workflow types", () => {
    for (const type of ACTIVITY_EVENT_TYPES) expect(EVENT_TYPE_CONFIG[type].label).toBeTruthy();
    expect(EVENT_TYPE_CONFIG.WORKFLOW_SUSPENDED.label).toBe("Workflow suspended");
    for (const type of ["WORKFLOW_STARTED", "WORKFLOW_COMPLETED", "WORKFLOW_FAILED", "WORKFLOW_SUSPENDED"] as const)
      expect(EVENT_TYPE_CONFIG[type].icon).toBeTruthy();
  });

  it("lists exactly the database's activity types", () => {
    expect([...ACTIVITY_EVENT_TYPES].sort()).toEqual(Object.values(ActivityEventType).sort());
  });

  it("maps the Workflows pill to the WORKFLOW_* types", () => {
    expect(typesForFilter("workflows")).toBe("WORKFLOW_STARTED,WORKFLOW_COMPLETED,WORKFLOW_FAILED,WORKFLOW_CANCELLED,WORKFLOW_SUSPENDED");
    expect(typesForFilter(undefined)).toBeUndefined();
  });

  it("shows cancellations in their kind's pill, in a neutral colour and not as failures", () => {
    const cancelled = ACTIVITY_EVENT_TYPES.filter((type) => type.endsWith("_CANCELLED"));
    expect(cancelled).toEqual(["AGENT_RUN_CANCELLED", "WORKFLOW_CANCELLED", "NETWORK_RUN_CANCELLED", "CAMPAIGN_CANCELLED"]);
    for (const type of cancelled) {
      expect(TYPE_FILTERS.filter((filter) => (filter.types as readonly string[]).includes(type)).map((filter) => filter.id)).toHaveLength(1);
      expect(EVENT_TYPE_CONFIG[type].chip).toContain("zinc");
    }
    expect(typesForFilter("campaigns")).toContain("CAMPAIGN_CANCELLED");
    expect(GROUP_STATE_DISPLAY.cancelled).toMatchObject({ label: "Cancelled", tone: "neutral" });
  });
});

describe("filters", () => {
  it("round-trips through the URL and drops unknown values", () => {
    const filters = parseGodmodeFilters(new URLSearchParams("type=workflows&q=scout&chain=workflow:wr_1"));
    expect(filters).toEqual({ type: "workflows", q: "scout", chain: "workflow:wr_1" });
    expect(godmodeFiltersToSearchParams(filters).toString()).toBe("type=workflows&q=scout&chain=workflow%3Awr_1");
    expect(parseGodmodeFilters(new URLSearchParams("type=nope&chain=evil:../x"))).toEqual({ type: undefined, q: undefined, chain: undefined });
  });
});

describe("chains", () => {
  it("opens the campaign first, then network, workflow and agent run", () => {
    expect(chainRefOfEvent({ campaignId: "c", networkRunId: "n", workflowRunId: "w", runId: "r" })).toEqual({ kind: "campaign", id: "c" });
    expect(chainRefOfEvent({ campaignId: null, networkRunId: null, workflowRunId: "w", runId: "r" })).toEqual({ kind: "workflow", id: "w" });
    expect(chainRefOfEvent({ campaignId: null, networkRunId: null, workflowRunId: null, runId: null })).toBeNull();
    expect(chainUrl(parseChainRef("campaign:c1")!)).toBe("/api/godmode/campaign-chain?campaignId=c1");
    expect(chainUrl(parseChainRef("network:n1")!)).toBe("/api/godmode/trace-chain?networkRunId=n1");
  });
});

describe("run links", () => {
  it("link an event to its most specific run's detail page", () => {
    expect(runHrefOfEvent({ runId: "r1", workflowRunId: "w1", networkRunId: null, campaignId: "c1" })).toBe("/observe/runs/agent/r1");
    expect(runHrefOfEvent({ runId: null, workflowRunId: "w1", networkRunId: null, campaignId: null })).toBe("/observe/runs/workflow/w1");
    expect(runHrefOfEvent({ runId: null, workflowRunId: null, networkRunId: null, campaignId: "c1" })).toBe("/observe/runs/campaign/c1");
    expect(runHrefOfEvent({ runId: null, workflowRunId: null, networkRunId: null, campaignId: null })).toBeNull();
  });
});
