import { describe, expect, it } from "vitest";
import { matchesAutomation, type RuleSubject, sortAutomations } from "./rules.ts";

function subject(overrides: Partial<RuleSubject> & { id: string }): RuleSubject {
  return {
    name: overrides.id,
    description: null,
    primitiveType: "agent",
    type: "schedule",
    sourceType: "schedule",
    severity: "healthy",
    successRate: 100,
    estMonthlyCost: null,
    entity: null,
    config: { cronExpr: null, eventName: null, webhookPath: null },
    stats: { totalRuns: 10, successRuns: 10, failedRuns: 0 },
    lastRun: null,
    nextRunAt: null,
    ...overrides,
  };
}

describe("automation rules", () => {
  it("puts the busiest automation of a severity band first, then names", () => {
    const list = [
      subject({ id: "rare-failing", severity: "failing", successRate: 10, stats: { totalRuns: 5, successRuns: 1, failedRuns: 4 } }),
      subject({ id: "healthy" }),
      subject({ id: "busy-failing", severity: "failing", successRate: 50, stats: { totalRuns: 200, successRuns: 100, failedRuns: 100 } }),
      subject({ id: "b-unstable", severity: "unstable", successRate: 70 }),
      subject({ id: "a-unstable", severity: "unstable", successRate: 70 }),
    ];
    expect(sortAutomations(list).map((a) => a.id)).toEqual(["busy-failing", "rare-failing", "a-unstable", "b-unstable", "healthy"]);
  });

  it("sorts dates given as Date or ISO string alike, nulls last in both directions", () => {
    const early = subject({ id: "early", nextRunAt: "2026-01-01T00:00:00Z" });
    const late = subject({ id: "late", nextRunAt: new Date("2026-01-02T00:00:00Z") });
    const never = subject({ id: "never" });
    expect(sortAutomations([never, late, early], "nextRun").map((a) => a.id)).toEqual(["early", "late", "never"]);
    expect(sortAutomations([never, early, late], "nextRun", "desc").map((a) => a.id)).toEqual(["late", "early", "never"]);
  });

  it("matches type filters on the type or the source type, and searches names, entities and configs", () => {
    const webhook = subject({
      id: "hook",
      type: "webhook",
      sourceType: "trigger",
      entity: { id: "e1", slug: "scout", name: "Social Scout" },
      config: { cronExpr: null, eventName: null, webhookPath: "demo-scout" },
    });
    expect(matchesAutomation(webhook, { type: "trigger" })).toBe(true);
    expect(matchesAutomation(webhook, { type: "webhook" })).toBe(true);
    expect(matchesAutomation(webhook, { type: "schedule" })).toBe(false);
    expect(matchesAutomation(webhook, { search: "SOCIAL" })).toBe(true);
    expect(matchesAutomation(webhook, { search: "demo-sc" })).toBe(true);
    expect(matchesAutomation(webhook, { search: "pulse" })).toBe(false);
    expect(matchesAutomation(webhook, { entitySlug: "scout", primitiveType: "agent" })).toBe(true);
  });
});
