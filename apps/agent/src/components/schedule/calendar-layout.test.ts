import { describe, expect, it } from "vitest";
import type { CalendarEntry } from "./api";
import {
  agentSwatches,
  agentsOf,
  cellKey,
  concurrencyLevel,
  expansionKey,
  hourIn,
  layoutWeek,
  legendFor,
  swatchOf,
  weekDays,
  weekLabel,
  weekStartOf,
} from "./calendar-layout";

const scout = { type: "agent" as const, id: "a1", slug: "social-scout", name: "Social Scout" };
const advocate = { type: "agent" as const, id: "a2", slug: "devils-advocate", name: "Devil's Advocate" };

function entry(overrides: Partial<CalendarEntry>): CalendarEntry {
  return {
    automationId: "agent-schedule:1",
    name: "Sweep",
    title: "Social Scout",
    primitiveType: "agent",
    severity: "healthy",
    date: "2026-11-16",
    at: "2026-11-16T22:00:00.000Z",
    count: 1,
    compressed: false,
    byHour: null,
    weight: 1,
    entity: scout,
    ...overrides,
  };
}

describe("calendar layout", () => {
  it("weeks start on Monday and are labelled compactly", () => {
    expect(weekStartOf("2026-11-22")).toBe("2026-11-16"); // a Sunday
    expect(weekStartOf("2026-11-16")).toBe("2026-11-16");
    expect(weekDays("2026-11-30")).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weekLabel("2026-11-16")).toBe("Nov 16 – 22, 2026");
    expect(weekLabel("2026-11-30")).toBe("Nov 30 – Dec 6, 2026");
  });

  it("reads hours in the zone", () => {
    expect(hourIn("2026-11-16T22:30:00.000Z", "UTC")).toBe(22);
    expect(hourIn("2026-11-16T22:30:00.000Z", "Europe/Paris")).toBe(23);
    expect(hourIn("2026-11-16T23:30:00.000Z", "Europe/Paris")).toBe(0);
  });

  it("keeps a compressed automation as one entry per day and still counts every firing in the overlay", () => {
    const byHour = Array.from({ length: 24 }, () => 2);
    const layout = layoutWeek(
      [
        entry({ automationId: "agent-schedule:adv", name: "Challenge", entity: advocate, compressed: true, at: null, count: 48, byHour }),
        entry({ name: "Nightly synthesis" }),
        entry({ name: "Nightly launch", primitiveType: "campaign", entity: null, weight: 4, at: "2026-11-16T22:05:00.000Z" }),
        entry({ name: "Morning", at: "2026-11-16T07:00:00.000Z" }),
      ],
      "UTC",
    );
    expect(layout.compressed.get("2026-11-16")!.map((e) => e.count)).toEqual([48]);
    expect(layout.cells.get(cellKey("2026-11-16", 22))!.map((e) => e.name)).toEqual(["Nightly synthesis", "Nightly launch"]);
    // 2 compressed firings + 1 agent run + a campaign worth 4 agent runs.
    expect(layout.load.get(cellKey("2026-11-16", 22))).toBe(7);
    expect(layout.load.get(cellKey("2026-11-16", 7))).toBe(3);
    expect(layout.load.get(cellKey("2026-11-16", 3))).toBe(2);
    expect(layout.cells.has(cellKey("2026-11-16", 3))).toBe(false);
  });

  it("expands a compressed day into its hours on request, leaving other days and the overlay as they were", () => {
    const byHour = Array.from({ length: 24 }, (_, hour) => (hour < 12 ? 2 : 0));
    const monday = entry({ automationId: "agent-schedule:adv", name: "Challenge", entity: advocate, compressed: true, at: null, count: 24, byHour });
    const tuesday = { ...monday, date: "2026-11-17" };
    const collapsed = layoutWeek([monday, tuesday], "UTC");
    const opened = layoutWeek([monday, tuesday], "UTC", new Set([expansionKey(monday)]));

    expect(collapsed.expandedCells.size).toBe(0);
    expect([...opened.expandedCells.keys()]).toEqual(Array.from({ length: 12 }, (_, hour) => cellKey("2026-11-16", hour)));
    expect(opened.expandedCells.get(cellKey("2026-11-16", 3))).toEqual([{ entry: monday, firings: 2 }]);
    // Still one compressed entry per day (to collapse it again), and the same load either way.
    expect(opened.compressed.get("2026-11-16")).toEqual([monday]);
    expect(opened.load).toEqual(collapsed.load);
  });

  it("grades concurrency green 1–3, yellow 4–7, red 8+ by default, or against the density threshold", () => {
    expect([0, 1, 3, 4, 7, 8, 20].map((n) => concurrencyLevel(n))).toEqual(["none", "low", "low", "medium", "medium", "high", "high"]);
    expect([4, 5, 9, 10].map((n) => concurrencyLevel(n, 10))).toEqual(["low", "medium", "medium", "high"]);
  });

  it("colours by agent, primitive or health, with a legend of what is shown", () => {
    const entries = [entry({}), entry({ entity: advocate, severity: "failing" }), entry({ primitiveType: "pulse", entity: null })];
    const colors = agentSwatches(agentsOf(entries));
    expect(agentsOf(entries).map((a) => a.name)).toEqual(["Devil's Advocate", "Social Scout"]);
    expect(swatchOf(entries[0]!, "agent", colors)).not.toEqual(swatchOf(entries[1]!, "agent", colors));
    expect(swatchOf(entries[0]!, "primitive", colors)).toEqual(swatchOf(entries[1]!, "primitive", colors));
    expect(swatchOf(entries[1]!, "health", colors).dot).toBe("bg-red-500");
    expect(swatchOf(entries[2]!, "agent", colors).dot).toBe("bg-zinc-400");

    expect(legendFor("agent", entries, colors).map((i) => i.label)).toEqual(["Devil's Advocate", "Social Scout", "Campaigns, pulses, workflows"]);
    expect(legendFor("primitive", entries, colors).map((i) => i.label)).toEqual(["Agent", "Pulse"]);
    expect(legendFor("health", entries, colors).map((i) => i.label)).toEqual(["Healthy", "Degrading", "Unstable", "Failing"]);
  });
});
