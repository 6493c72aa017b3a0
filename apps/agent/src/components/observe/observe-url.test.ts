import { describe, expect, it } from "vitest";
import * as core from "@switchyard/core/runs/triggers-feed";
import { observeHref, observeSearch, parseObserveView, TRIGGER_EVENT_STATUSES } from "./observe-url";

describe("observe view in the URL", () => {
  it("lists the statuses the triggers API validates against", () => {
    expect([...TRIGGER_EVENT_STATUSES]).toEqual([...core.TRIGGER_EVENT_STATUSES]);
  });

  it("reads the tab and event status, defaulting to the runs tab", () => {
    expect(parseObserveView(new URLSearchParams("tab=triggers&eventStatus=failed&kind=workflow"))).toEqual({
      tab: "triggers",
      filters: { kind: "workflow" },
      eventStatus: "FAILED",
    });
    expect(parseObserveView({ tab: "nonsense", eventStatus: "LOST" })).toEqual({ tab: "runs", filters: {} });
  });

  it("writes one canonical URL per view and round-trips", () => {
    const view = { tab: "triggers" as const, filters: { triggerId: "trg_1", range: "24h" as const }, eventStatus: "FIRED" as const };
    expect(observeSearch(view)).toBe("range=24h&triggerId=trg_1&tab=triggers&eventStatus=FIRED");
    expect(parseObserveView(new URLSearchParams(observeSearch(view)))).toEqual(view);
    expect(observeHref({ tab: "runs", filters: {} })).toBe("/observe");
    expect(observeHref({ tab: "runs", filters: { triggerId: "trg 1" } })).toBe("/observe?triggerId=trg+1");
  });
});
