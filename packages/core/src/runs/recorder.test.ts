import { describe, expect, it } from "vitest";
import { durationBetween } from "./recorder.ts";

describe("durationBetween", () => {
  it("measures milliseconds between two times, never negative", () => {
    expect(durationBetween(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:02.500Z"))).toBe(2500);
    expect(durationBetween(new Date("2026-01-01T00:00:02Z"), new Date("2026-01-01T00:00:00Z"))).toBe(0);
  });

  it("clamps a run that waited weeks for a human to what the Int column holds", () => {
    expect(durationBetween(new Date("2026-01-01T00:00:00Z"), new Date("2026-03-01T00:00:00Z"))).toBe(2_147_483_647);
  });
});
