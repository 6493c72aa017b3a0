import { describe, expect, it } from "vitest";
import { getSeverity, getSeverityStyles, severitySortOrder } from "./severity.ts";

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
