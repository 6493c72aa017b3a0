import { describe, expect, it } from "vitest";
import { getSeverity, getSeverityStyles, getSuccessRate, severitySortOrder } from "./severity.ts";

describe("getSuccessRate", () => {
  it("is the completed share of completed + failed runs, in percent with one decimal", () => {
    expect(getSuccessRate(4, 11)).toBe(26.7);
    expect(getSuccessRate(2, 1)).toBe(66.7);
    expect(getSuccessRate(5, 0)).toBe(100);
    expect(getSuccessRate(0, 3)).toBe(0);
  });

  it("is null, not 0 %, when no run finished (only cancelled or unfinished ones)", () => {
    expect(getSuccessRate(0, 0)).toBeNull();
    expect(getSeverity(getSuccessRate(0, 0), 0)).toBe("healthy");
  });
});

describe("getSeverity", () => {
  it("treats an automation without runs as healthy", () => {
    expect(getSeverity(0, 0)).toBe("healthy");
  });

  it.each([
    [100, "healthy"],
    [95, "healthy"],
    [94.9, "degrading"],
    [80, "degrading"],
    [79.9, "unstable"],
    [60, "unstable"],
    [59.9, "failing"],
    [46, "failing"],
  ] as const)("puts %s%% success in the %s band", (rate, band) => {
    expect(getSeverity(rate, 10)).toBe(band);
  });

  it("styles each band with its colour and sorts failing first", () => {
    expect(getSeverityStyles("failing").border).toBe("border-l-red-500");
    expect(getSeverityStyles("degrading").badge).toBe("bg-yellow-100 text-yellow-700");
    const sorted = (["healthy", "failing", "degrading", "unstable"] as const).slice().sort((a, b) => severitySortOrder[a] - severitySortOrder[b]);
    expect(sorted).toEqual(["failing", "unstable", "degrading", "healthy"]);
  });
});
