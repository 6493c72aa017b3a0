import { describe, expect, it } from "vitest";
import * as core from "@switchyard/core/runs/unified";
import { hasAnyFilter, parseRunFilters, RUN_KINDS, RUN_SOURCES, RUN_STATUSES, runFiltersToSearchParams } from "./run-filters";

describe("filter values", () => {
  // Client code keeps its own copy (it must not import the database package); this keeps them in step.
  it("match the lists the runs API validates against", () => {
    expect([...RUN_STATUSES]).toEqual([...core.RUN_STATUSES]);
    expect([...RUN_SOURCES]).toEqual([...core.RUN_SOURCES]);
    expect([...RUN_KINDS]).toEqual([...core.RUN_KINDS]);
  });
});

describe("parseRunFilters", () => {
  it("keeps known values and drops unknown ones", () => {
    const filters = parseRunFilters(new URLSearchParams("status=running&source=WEBHOOK&kind=robot&triggerId=trg_1&extra=1"));
    expect(filters).toEqual({ status: "RUNNING", source: "webhook", triggerId: "trg_1" });
  });

  it("reads Next's searchParams record, taking the first of repeated keys", () => {
    expect(parseRunFilters({ status: ["FAILED", "COMPLETED"], kind: "workflow", source: "" })).toEqual({ status: "FAILED", kind: "workflow" });
  });
});

describe("runFiltersToSearchParams", () => {
  it("writes keys in a fixed order so equal filters give equal URLs", () => {
    const a = runFiltersToSearchParams({ triggerId: "t", status: "QUEUED", kind: "agent" }).toString();
    const b = runFiltersToSearchParams({ kind: "agent", status: "QUEUED", triggerId: "t" }).toString();
    expect(a).toBe("kind=agent&status=QUEUED&triggerId=t");
    expect(a).toBe(b);
    expect(hasAnyFilter({})).toBe(false);
  });
});
