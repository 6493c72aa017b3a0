import { describe, expect, it } from "vitest";
import { describeRange, rangeBucket, rangeStart, TIME_RANGES } from "./time-range";

const now = Date.parse("2026-11-22T12:00:00.000Z");

describe("rangeStart", () => {
  it("counts back from now", () => {
    expect(rangeStart("1h", now)).toBe("2026-11-22T11:00:00.000Z");
    expect(rangeStart("24h", now)).toBe("2026-11-21T12:00:00.000Z");
    expect(rangeStart("7d", now)).toBe("2026-11-15T12:00:00.000Z");
    expect(rangeStart("30d", now)).toBe("2026-10-23T12:00:00.000Z");
  });

  it("has no start for all time, the default", () => {
    expect(rangeStart("all", now)).toBeUndefined();
    expect(rangeStart(undefined, now)).toBeUndefined();
  });
});

describe("rangeBucket", () => {
  it("keeps every range within the metrics API's bucket limit (2,200) and readable", () => {
    expect(rangeBucket("1h")).toBe("minute");
    expect(rangeBucket("24h")).toBe("hour");
    expect(rangeBucket("7d")).toBe("hour");
    expect(rangeBucket("30d")).toBe("day");
    expect(rangeBucket(undefined)).toBe("day");
    const bucketMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
    for (const range of TIME_RANGES) {
      const from = rangeStart(range, now);
      if (from) expect((now - Date.parse(from)) / bucketMs[rangeBucket(range)], range).toBeLessThanOrEqual(2_200);
    }
  });
});

describe("describeRange", () => {
  it("reads as a caption", () => {
    expect(describeRange("24h")).toBe("in the last 24 hours");
    expect(describeRange(undefined)).toBe("all time");
  });
});
