import { describe, expect, it } from "vitest";
import * as core from "@switchyard/core/runs/unified";
import {
  hasAnyFilter,
  metricsApiQuery,
  parseRunFilters,
  RUN_KINDS,
  RUN_SOURCES,
  RUN_STATUSES,
  runFiltersToSearchParams,
  runsApiQuery,
  toSearchParams,
} from "./run-filters";

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

  it("reads the time range and search, leaving out the default range", () => {
    expect(parseRunFilters(new URLSearchParams("range=7D&search=%20scout%20"))).toEqual({ range: "7d", search: "scout" });
    expect(parseRunFilters(new URLSearchParams("range=all"))).toEqual({});
    expect(parseRunFilters(new URLSearchParams("range=forever"))).toEqual({});
    expect(parseRunFilters(new URLSearchParams(`search=${"x".repeat(300)}`)).search).toHaveLength(200);
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
    expect(runFiltersToSearchParams({ search: "a b", range: "1h", kind: "pulse" }).toString()).toBe("kind=pulse&range=1h&search=a+b");
  });
});

describe("API queries", () => {
  const now = Date.parse("2026-11-22T12:00:00.000Z");

  it("turn the time range into a from for the runs list", () => {
    const query = runsApiQuery({ kind: "workflow", status: "FAILED", range: "24h", search: "nightly" }, now);
    expect(toSearchParams(query).toString()).toBe("kind=workflow&status=FAILED&from=2026-11-21T12%3A00%3A00.000Z&search=nightly");
    expect(toSearchParams(runsApiQuery({}, now)).toString()).toBe("");
  });

  it("give the metrics every status, a bucket for the range, and all kinds by default", () => {
    expect(metricsApiQuery({ status: "FAILED", range: "1h", source: "webhook" }, now)).toEqual({
      kind: "all",
      from: "2026-11-22T11:00:00.000Z",
      bucket: "minute",
      source: "webhook",
      search: undefined,
      triggerId: undefined,
    });
    expect(metricsApiQuery({ kind: "agent" }, now)).toMatchObject({ kind: "agent", from: undefined, bucket: "day" });
  });
});
