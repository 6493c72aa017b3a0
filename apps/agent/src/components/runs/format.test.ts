import { describe, expect, it } from "vitest";
import { formatCost, formatDuration, formatRelativeTime, formatTokens } from "./format";

describe("formatCost", () => {
  it("shows four decimals under a dollar and two above", () => {
    expect(formatCost(0.0123)).toBe("$0.0123");
    expect(formatCost(0.5)).toBe("$0.5000");
    expect(formatCost(12.345)).toBe("$12.35");
    expect(formatCost(1234.5)).toBe("$1,234.50");
  });

  it("never rounds a real cost down to zero", () => {
    expect(formatCost(0)).toBe("$0.00");
    expect(formatCost(0.000045)).toBe("<$0.0001");
    expect(formatCost(0.0001)).toBe("$0.0001");
  });
});

describe("formatDuration", () => {
  it("picks a unit that reads at a glance", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(420)).toBe("420ms");
    expect(formatDuration(1_250)).toBe("1.3s");
    expect(formatDuration(42_000)).toBe("42s");
    expect(formatDuration(192_000)).toBe("3m 12s");
    expect(formatDuration(3_840_000)).toBe("1h 4m");
  });
});

describe("formatTokens", () => {
  it("groups and abbreviates", () => {
    expect(formatTokens(0)).toBe("—");
    expect(formatTokens(1_234)).toBe("1,234");
    expect(formatTokens(45_600)).toBe("45.6k");
    expect(formatTokens(2_500_000)).toBe("2.5M");
  });
});

describe("formatRelativeTime", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");
  it("counts back from now", () => {
    expect(formatRelativeTime("2026-11-22T11:59:58Z", now)).toBe("just now");
    expect(formatRelativeTime("2026-11-22T11:59:18Z", now)).toBe("42s ago");
    expect(formatRelativeTime("2026-11-22T11:55:00Z", now)).toBe("5m ago");
    expect(formatRelativeTime("2026-11-22T09:00:00Z", now)).toBe("3h ago");
    expect(formatRelativeTime("2026-11-20T12:00:00Z", now)).toBe("2d ago");
  });
});
