import { describe, expect, it } from "vitest";
import { computeNextRunAt, nextByCronParser } from "./cron.ts";

const EXPRESSIONS = [
  "* * * * *",
  "*/15 * * * *",
  "0 * * * *",
  "0 9 * * 1-5",
  "30 2 * * *",
  "0 */6 * * *",
  "15 8,12,18 * * *",
  "0 0 * * 0",
  "*/30 9-17 * * 1-5",
  "45 23 * * *",
  "0 12 1 * *",
  "7/20 3-21/3 * * *",
  "0 0 29 2 *",
  "0 0 1,15 * 3",
  "5 4 * jan-mar mon,fri",
  "0 0 ? * MON",
  "0 0 L * *",
  "0 12 * * 5#2",
  "0 1-3 * * 0",
  "0 0 31 * *",
  "10,40 * 13 * 5",
  "*/10 * * * * *",
  "0 30 1 * * *",
];
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago"];

/** A deterministic pseudo-random sequence so failures are reproducible. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("computeNextRunAt", () => {
  it("equals cron-parser for many expressions, zones and instants, DST changes included", () => {
    const next = random(7);
    let checked = 0;
    for (const expr of EXPRESSIONS) {
      for (const zone of ZONES) {
        for (let i = 0; i < 12; i++) {
          // Anywhere in 2025-2027; a third of them exactly on a minute, as scheduler slots are.
          let from = Date.UTC(2025, 0, 1) + Math.floor(next() * 3 * 365 * 86_400_000);
          if (i % 3 === 0) from = Math.floor(from / 60_000) * 60_000;
          const at = new Date(from);
          expect(computeNextRunAt(expr, zone, at).toISOString(), `${expr} ${zone} ${at.toISOString()}`).toBe(nextByCronParser(expr, zone, at).toISOString());
          checked++;
        }
      }
    }
    expect(checked).toBe(EXPRESSIONS.length * ZONES.length * 12);
  });

  it("equals cron-parser around the spring-forward and fall-back hours", () => {
    const starts = ["2026-03-08T05:00:00Z", "2026-11-01T04:30:00Z", "2026-03-29T00:00:00Z", "2026-10-25T00:30:00Z", "2026-04-05T14:00:00Z"];
    for (const zone of ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]) {
      for (const start of starts) {
        for (let minutes = 0; minutes < 6 * 60; minutes += 7) {
          const at = new Date(Date.parse(start) + minutes * 60_000);
          for (const expr of ["30 2 * * *", "* * * * *", "0 1-3 * * *", "*/30 * * * *", "0 3 * * *"]) {
            expect(computeNextRunAt(expr, zone, at).toISOString(), `${expr} ${zone} ${at.toISOString()}`).toBe(nextByCronParser(expr, zone, at).toISOString());
          }
        }
      }
    }
  });

  it("refuses an invalid expression or zone the way cron-parser does", () => {
    expect(() => computeNextRunAt("61 * * * *", "UTC")).toThrow(/Invalid cron expression/);
    expect(() => computeNextRunAt("0 9 * * *", "Mars/Olympus_Mons")).toThrow(/Invalid cron expression/);
  });
});
