import { describe, expect, it } from "vitest";
import { anchorOf, cronForRunsPerDay, estimateRunsPerDay, halveFrequency } from "./frequency.ts";

const FROM = new Date("2026-01-15T12:02:30Z");
const NINE_AM = { minute: 0, hour: 9, dayOfMonth: 19, dayOfWeek: 1 };

describe("cron frequency", () => {
  it("measures runs per day in the schedule's timezone", () => {
    expect(estimateRunsPerDay("*/5 * * * *", "UTC", FROM)).toBe(288);
    expect(estimateRunsPerDay("0 */4 * * *", "UTC", FROM)).toBe(6);
    expect(estimateRunsPerDay("0 9 * * 1", "UTC", FROM)).toBeCloseTo(1 / 7, 10);
    expect(estimateRunsPerDay("0 9 1 1 *", "UTC", FROM)).toBeNull();
  });

  it("reads the next slot in the timezone", () => {
    // 12:02 UTC is 07:02 in New York; the next 09:00 there is today, a Thursday.
    expect(anchorOf("0 9 * * *", "America/New_York", FROM)).toEqual({ minute: 0, hour: 9, dayOfMonth: 15, dayOfWeek: 4 });
  });

  it("turns a rate into the nearest cron that runs no more often", () => {
    expect(cronForRunsPerDay(288, NINE_AM)).toBe("*/5 * * * *");
    expect(cronForRunsPerDay(100, NINE_AM)).toBe("*/15 * * * *");
    expect(cronForRunsPerDay(24, NINE_AM)).toBe("0 * * * *");
    expect(cronForRunsPerDay(4, NINE_AM)).toBe("0 3/6 * * *");
    expect(cronForRunsPerDay(5, NINE_AM)).toBe("0 4,9,13,18,23 * * *");
    expect(cronForRunsPerDay(1, NINE_AM)).toBe("0 9 * * *");
    expect(cronForRunsPerDay(0.5, NINE_AM)).toBe("0 9 */2 * *");
    expect(cronForRunsPerDay(1 / 7, NINE_AM)).toBe("0 9 * * 1");
    expect(cronForRunsPerDay(1 / 14, NINE_AM)).toBe("0 9 5,19 * *");
    expect(cronForRunsPerDay(1 / 60, NINE_AM)).toBe("0 9 19 */2 *");
  });

  it("halves a schedule's frequency, keeping its slot", () => {
    expect(halveFrequency("*/10 * * * *", "UTC", FROM)).toBe("*/20 * * * *");
    expect(halveFrequency("0 * * * *", "UTC", FROM)).toBe("0 1/2 * * *");
    expect(halveFrequency("30 8 * * *", "Europe/Berlin", FROM)).toBe("30 8 */2 * *");
    expect(halveFrequency("0 9 * * 1-5", "UTC", FROM)).toBe("0 9 */3 * *");
    expect(halveFrequency("0 9 1 * *", "UTC", FROM)).toBe("0 9 1 */2 *");
    expect(halveFrequency("0 9 1 1 *", "UTC", FROM)).toBeNull();
  });
});
