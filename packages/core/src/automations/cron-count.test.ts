import { describe, expect, it } from "vitest";
import { countByIteration, countOccurrences, listOccurrences } from "./cron-count.ts";

const EXPRESSIONS = [
  "*/30 * * * *",
  "0 22 * * 1-5",
  "0 4-22/2 * * *",
  "15 10 1,15 * *",
  "* * * * *",
  "0 * * * *",
  "5,35 */3 * * *",
  "0 9 * * 1",
  "0 9 1 * 1",
  "0 0 L * *",
  "0 12 * * 5#2",
  "30 2 * * *",
  "0 1-3 * * 0",
  "*/7 9-17 * * 1-5",
  "0 0 29 2 *",
  "0 0 1 */2 *",
  "*/15 * 10-20 * 2,4",
  "0 0 * * 7",
  "*/10 * * * * *",
  "0 0 */2 * 1",
  "0 6 1-7 * */2",
  "0 0 ? * MON",
];
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago"];

/** A deterministic pseudo-random sequence so failures are reproducible. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("countOccurrences", () => {
  it("equals brute-force iteration on many expressions, zones and ranges (incl. DST changes)", () => {
    const next = random(42);
    let checked = 0;
    for (const expr of EXPRESSIONS) {
      for (const zone of ZONES) {
        for (let i = 0; i < 3; i++) {
          // Ranges from a few minutes to ~40 days, anywhere in 2025-2027, at odd milliseconds.
          const from = Date.UTC(2025, 0, 1) + Math.floor(next() * 2 * 365 * 86_400_000);
          const span = expr.split(" ").length === 6 ? Math.floor(next() * 86_400_000) : Math.floor(next() ** 3 * 40 * 86_400_000) + 1;
          const to = from + span;
          expect(countOccurrences(expr, zone, new Date(from), new Date(to)), `${expr} ${zone} ${new Date(from).toISOString()}+${span}`).toBe(
            countByIteration(expr, zone, from, to),
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(EXPRESSIONS.length * ZONES.length * 3);
  });

  it("is exact across the spring-forward and fall-back days", () => {
    const cases: [string, string, string][] = [
      ["America/New_York", "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z"],
      ["America/New_York", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z"],
      ["Europe/Berlin", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"],
      ["Europe/Berlin", "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z"],
    ];
    for (const [zone, from, to] of cases) {
      for (const expr of ["* * * * *", "30 2 * * *", "0 1-3 * * *", "*/30 * * * *", "0 0 * * *"]) {
        expect(countOccurrences(expr, zone, new Date(from), new Date(to)), `${expr} ${zone} ${from}`).toBe(
          countByIteration(expr, zone, Date.parse(from), Date.parse(to)),
        );
      }
    }
  });

  it("counts known figures and honours the half-open range", () => {
    const from = new Date("2026-11-01T00:00:00Z");
    const to = new Date("2026-12-01T00:00:00Z");
    expect(countOccurrences("* * * * *", "UTC", from, to)).toBe(43_200);
    expect(countOccurrences("*/30 * * * *", "UTC", from, to)).toBe(1_440);
    expect(countOccurrences("0 22 * * 1-5", "UTC", from, to)).toBe(21);
    expect(countOccurrences("15 10 1,15 * *", "UTC", from, to)).toBe(2);
    expect(countOccurrences("0 0 * * *", "UTC", from, to)).toBe(30);
    expect(countOccurrences("0 0 * * *", "UTC", from, from)).toBe(0);
  });

  it("lists occurrences in range", () => {
    const list = listOccurrences("0 22 * * 1-5", "UTC", new Date("2026-11-02T00:00:00Z"), new Date("2026-11-09T00:00:00Z"));
    expect(list.map((d) => d.toISOString().slice(0, 10))).toEqual(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"]);
  });
});
