import { describe, expect, it } from "vitest";
import { parseRuntimeFilters, queueTrend, runtimeEventsQuery, runtimeFiltersToSearchParams } from "./runtime-api";

describe("runtime filters", () => {
  it("round-trips through the URL with 24 h as the default range", () => {
    const filters = parseRuntimeFilters(new URLSearchParams("layer=execution&reason=TASK_CLAIMED&entity=evt_1&task=job_1&range=1h"));
    expect(filters).toEqual({ layer: "execution", reason: "TASK_CLAIMED", entity: "evt_1", task: "job_1", range: "1h" });
    expect(parseRuntimeFilters(runtimeFiltersToSearchParams(filters))).toEqual(filters);
    expect(runtimeFiltersToSearchParams({ range: "24h" }).toString()).toBe("");
  });

  it("drops values that are not plain tokens", () => {
    expect(parseRuntimeFilters(new URLSearchParams("layer=<script>&range=forever"))).toEqual({
      layer: undefined,
      reason: undefined,
      entity: undefined,
      task: undefined,
      range: "24h",
    });
  });

  it("builds the API query with a from bound for the range", () => {
    const now = Date.parse("2026-01-02T00:00:00.000Z");
    expect(runtimeEventsQuery({ layer: "worker", range: "1h" }, now)).toEqual({ limit: "100", layer: "worker", from: "2026-01-01T23:00:00.000Z" });
    expect(runtimeEventsQuery({ entity: "e", range: "all" }, now)).toEqual({ limit: "100", entityId: "e" });
  });
});

describe("queueTrend", () => {
  it("is zero without a previous snapshot and the difference otherwise", () => {
    const current = { PENDING: 3, RUNNING: 1, COMPLETED: 10, FAILED: 2, expiredLeases: 0 };
    expect(queueTrend(undefined, current).PENDING).toBe(0);
    expect(queueTrend({ ...current, PENDING: 5, FAILED: 1 }, current)).toEqual({ PENDING: -2, RUNNING: 0, COMPLETED: 0, FAILED: 1, expiredLeases: 0 });
  });
});
