import { describe, expect, it } from "vitest";
import {
  ACTIVITY_EVENT_TYPES,
  EVENT_TYPE_CONFIG,
  chainRefOfEvent,
  chainUrl,
  godmodeFiltersToSearchParams,
  parseChainRef,
  parseGodmodeFilters,
  summarizeHealth,
  typesForFilter,
} from "./event-config";

describe("EVENT_TYPE_CONFIG", () => {
  it("configures every activity type, including the four workflow types", () => {
    for (const type of ACTIVITY_EVENT_TYPES) expect(EVENT_TYPE_CONFIG[type].label).toBeTruthy();
    expect(EVENT_TYPE_CONFIG.WORKFLOW_SUSPENDED.label).toBe("Workflow suspended");
  });

  it("maps the Workflows pill to the four WORKFLOW_* types", () => {
    expect(typesForFilter("workflows")).toBe("WORKFLOW_STARTED,WORKFLOW_COMPLETED,WORKFLOW_FAILED,WORKFLOW_SUSPENDED");
    expect(typesForFilter(undefined)).toBeUndefined();
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

describe("summarizeHealth", () => {
  it("counts completions and failures only", () => {
    const summary = summarizeHealth([
      { type: "WORKFLOW_COMPLETED", status: "COMPLETED" },
      { type: "AGENT_RUN_FAILED", status: "FAILED" },
      { type: "AGENT_RUN_STARTED", status: "RUNNING" },
      { type: "TASK_COMPLETED", status: "completed" },
    ]);
    expect(summary).toEqual({ succeeded: 2, failed: 1, total: 3, successRate: (2 / 3) * 100 });
    expect(summarizeHealth([]).successRate).toBe(100);
  });
});
