import { describe, expect, it } from "vitest";
import { describeRunCounts, unfinishedParts } from "./automation-view";

const stats = (counts: { successRuns?: number; failedRuns?: number; cancelledRuns?: number; inProgressRuns?: number }) => {
  const parts = { successRuns: 0, failedRuns: 0, cancelledRuns: 0, inProgressRuns: 0, ...counts };
  const totalRuns = parts.successRuns + parts.failedRuns + parts.cancelledRuns + parts.inProgressRuns;
  return { ...parts, totalRuns, successRate: null, avgDurationMs: null, lastRunAt: null, nextRunAt: null, runsLast30d: totalRuns };
};

describe("describeRunCounts", () => {
  it("breaks the total into finished (with failed), in progress and cancelled runs", () => {
    expect(describeRunCounts(stats({ successRuns: 4, failedRuns: 11, inProgressRuns: 2, cancelledRuns: 4 }))).toBe(
      "21 runs · 15 finished (11 failed) · 2 in progress · 4 cancelled",
    );
  });

  it("says a lone cancelled run is one run of which none finished", () => {
    expect(describeRunCounts(stats({ cancelledRuns: 1 }))).toBe("1 run · 0 finished · 1 cancelled");
    expect(unfinishedParts(stats({ cancelledRuns: 1 }))).toEqual(["1 cancelled"]);
  });
});
