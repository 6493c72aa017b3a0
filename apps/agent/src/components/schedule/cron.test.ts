import { describe, expect, it } from "vitest";
import { describeCron } from "./cron";

describe("describeCron", () => {
  it.each([
    ["*/30 * * * *", "Every 30 min"],
    ["0 22 * * *", "Daily at 10 PM"],
    ["50 22 * * 1-5", "At 10:50 PM on weekdays"],
    ["0 * * * *", "Hourly"],
    ["0 */6 * * *", "Every 6 h"],
    ["0 9 * * 1", "At 9 AM on Mon"],
    ["0 4-22/2 * * *", "Every 2 h, 4 AM–10 PM"],
    ["0 9-17/2 * * 1-5", "Every 2 h, 9 AM–5 PM on weekdays"],
    ["0 0 1 * *", "0 0 1 * *"],
  ])("%s reads %s", (expr, expected) => {
    expect(describeCron(expr)).toBe(expected);
  });

  it("shows a dash without a cron", () => {
    expect(describeCron(null)).toBe("—");
  });
});
