import { describe, expect, it } from "vitest";
import { describeBulkResult, describeOccurrence, parseJsonObject, scheduleIdOf, timeZoneOptions } from "./schedule-edit";

describe("schedule editing helpers", () => {
  it("finds the schedule id of schedule rows only", () => {
    expect(scheduleIdOf({ id: "agent-schedule:abc", source: "agent-schedule" })).toBe("abc");
    expect(scheduleIdOf({ id: "campaign-schedule:c1", source: "campaign-schedule" })).toBe("c1");
    expect(scheduleIdOf({ id: "agent-trigger:t1", source: "agent-trigger" })).toBeNull();
    expect(scheduleIdOf({ id: "pulse:p1", source: "pulse" })).toBeNull();
  });

  it("offers UTC first, once, and zones by their current names", () => {
    expect(timeZoneOptions(["Europe/Paris", "UTC", "Asia/Tokyo"])).toEqual(["UTC", "Asia/Tokyo", "Europe/Paris"]);
    expect(timeZoneOptions(["Europe/Paris"])).toEqual(["UTC", "Europe/Paris"]);
    expect(timeZoneOptions(["Asia/Katmandu", "Europe/Kiev", "Asia/Kathmandu"])).toEqual(["UTC", "Asia/Kathmandu", "Europe/Kyiv"]);
    const all = timeZoneOptions();
    expect(all).toContain("Asia/Kolkata");
    expect(all).not.toContain("Asia/Calcutta");
  });

  it("reads an occurrence on the zone's wall clock, not the browser's", () => {
    expect(describeOccurrence("2026-03-29T09:00:00+02:00")).toEqual({ day: "Sun, Mar 29", time: "09:00", offset: "UTC+02:00" });
    expect(describeOccurrence("2026-01-15T17:48:00+05:45")).toEqual({ day: "Thu, Jan 15", time: "17:48", offset: "UTC+05:45" });
    expect(describeOccurrence("2026-01-15T12:00:00+00:00").offset).toBe("UTC");
  });

  it("summarises a bulk action, naming what it did not change", () => {
    expect(describeBulkResult({ action: "pause", summary: { requested: 2, changed: 2, unchanged: 0, notFound: 0, failed: 0 } })).toBe("Paused 2 schedules.");
    expect(describeBulkResult({ action: "resume", summary: { requested: 4, changed: 1, unchanged: 2, notFound: 1, failed: 0 } })).toBe(
      "Resumed 1 schedule. 2 were already active. 1 was not found.",
    );
  });

  it("parses the input JSON or says what is wrong", () => {
    expect(parseJsonObject("")).toEqual({});
    expect(parseJsonObject('{"topic":"x"}')).toEqual({ topic: "x" });
    expect(parseJsonObject("[1]")).toBe("Input must be a JSON object");
    expect(parseJsonObject("{")).toMatch(/^Not valid JSON/);
  });
});
