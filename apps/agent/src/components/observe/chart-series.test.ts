import type { MetricsBucket } from "@switchyard/core/runs/metrics";
import { describe, expect, it } from "vitest";
import { formatBucketTick, formatBucketTitle, toChartPoints } from "./chart-series";

function bucket(at: string, parts: Partial<MetricsBucket> & { agent?: number; workflow?: number }): MetricsBucket {
  const byKind = {
    agent: { count: parts.agent ?? 0, costUsd: 0 },
    workflow: { count: parts.workflow ?? 0, costUsd: 0 },
    network: { count: 0, costUsd: 0 },
    campaign: { count: 0, costUsd: 0 },
    pulse: { count: 0, costUsd: 0 },
  };
  return { bucket: at, total: 0, completed: 0, failed: 0, costUsd: 0, byKind, ...parts } as MetricsBucket;
}

describe("toChartPoints", () => {
  it("flattens kinds and splits outcomes so bars can stack", () => {
    const [point] = toChartPoints([bucket("2026-11-22T10:00:00.000Z", { total: 7, completed: 4, failed: 1, costUsd: 0.25, agent: 5, workflow: 2 })]);
    expect(point).toEqual({
      at: "2026-11-22T10:00:00.000Z",
      total: 7,
      completed: 4,
      failed: 1,
      other: 2,
      costUsd: 0.25,
      successRate: 80,
      agent: 5,
      workflow: 2,
      network: 0,
      campaign: 0,
      pulse: 0,
    });
  });

  it("has no success rate where nothing finished, rather than a misleading zero", () => {
    const points = toChartPoints([bucket("2026-11-22T10:00:00.000Z", { total: 2, agent: 2 }), bucket("2026-11-22T11:00:00.000Z", {})]);
    expect(points.map((p) => p.successRate)).toEqual([null, null]);
    expect(points[0].other).toBe(2);
  });
});

describe("bucket labels", () => {
  it("fit the bucket size", () => {
    expect(formatBucketTick("2026-11-22T14:05:00.000Z", "minute", "UTC")).toBe("14:05");
    expect(formatBucketTick("2026-11-22T14:00:00.000Z", "hour", "UTC")).toBe("14:00");
    expect(formatBucketTick("2026-11-22T00:00:00.000Z", "hour", "UTC")).toBe("Nov 22");
    expect(formatBucketTick("2026-11-03T00:00:00.000Z", "day", "UTC")).toBe("Nov 3");
    expect(formatBucketTitle("2026-11-22T14:00:00.000Z", "hour", "UTC")).toBe("Sun, Nov 22, 14:00");
    expect(formatBucketTitle("2026-11-22T00:00:00.000Z", "day", "UTC")).toBe("Sun, Nov 22");
  });
});
