import { describe, expect, it } from "vitest";
import { routeNextStep, sharedTerms, type RouterMember } from "./router.ts";

const members: RouterMember[] = [
  { agentId: "a-research", slug: "researcher", name: "Researcher", role: "research", description: "Finds sources", position: 0 },
  { agentId: "a-write", slug: "writer", name: "Writer", role: "drafting", description: "Writes the report", position: 1 },
  { agentId: "a-review", slug: "reviewer", name: "Reviewer", role: "quality", description: "Reviews drafts for accuracy", position: 2 },
];
const base = { networkId: "net-1", goal: "Research the topic, write a report and review it", input: { prompt: "Solar panel prices" }, members, maxSteps: 8 };

describe("routeNextStep", () => {
  it("calls the members the goal needs, once each, in member order, with the reason", () => {
    const first = routeNextStep({ ...base, calledAgentIds: [] });
    expect(first).toMatchObject({ action: "call", agentId: "a-research", agentSlug: "researcher" });
    expect(first.reason).toBe('researcher (research) matches "research" in the request');
    expect(routeNextStep({ ...base, calledAgentIds: ["a-research"] })).toMatchObject({ action: "call", agentId: "a-write", matchedTerms: ["write", "report"] });
    expect(routeNextStep({ ...base, calledAgentIds: ["a-research", "a-write"] })).toMatchObject({ action: "call", agentId: "a-review" });
    expect(routeNextStep({ ...base, calledAgentIds: ["a-research", "a-write", "a-review"] })).toEqual({
      action: "finish",
      goalMet: true,
      reason: "Goal met: researcher, writer, reviewer contributed",
    });
  });

  it("leaves out members the goal does not need", () => {
    const decision = routeNextStep({ ...base, goal: "Check it for accuracy", calledAgentIds: [] });
    expect(decision).toMatchObject({ action: "call", agentId: "a-review" });
    expect(routeNextStep({ ...base, goal: "Check it for accuracy", calledAgentIds: ["a-review"] })).toMatchObject({ action: "finish", goalMet: true });
  });

  it("finishes at maxSteps before the goal is met", () => {
    expect(routeNextStep({ ...base, maxSteps: 2, calledAgentIds: ["a-research", "a-write"] })).toEqual({
      action: "finish",
      goalMet: false,
      reason: "Reached maxSteps (2) before reviewer could contribute",
    });
  });

  it("chooses one member by a seeded draw when none matches, the same way every time", () => {
    const unmatched = { ...base, goal: null, input: { prompt: "Quarterly numbers?" }, calledAgentIds: [] };
    const decision = routeNextStep(unmatched);
    expect(decision.action).toBe("call");
    expect(decision).toEqual(routeNextStep(unmatched));
    if (decision.action !== "call") return;
    expect(decision.reason).toMatch(/^No member matches the request; seeded choice of \w+ among 3 members$/);
    expect(routeNextStep({ ...unmatched, calledAgentIds: [decision.agentId] })).toMatchObject({ action: "finish", goalMet: true });
  });

  it("matches terms that share a stem", () => {
    expect(sharedTerms("researching reviews", "researcher reviewer")).toEqual(["researching", "reviews"]);
    expect(sharedTerms("present the data", "prevent dates")).toEqual([]);
    expect(sharedTerms("research and review", "researcher reviewer")).toEqual(["research", "review"]);
  });
});
