import { describe, expect, it } from "vitest";
import { costForTokens } from "../agents/pricing.ts";
import { deriveCampaignPlan, estimateTaskCostUsd, resolveIntent, resolveParameters, type PlanningAgent } from "./planner.ts";

const agent = (slug: string, description: string): PlanningAgent => ({
  id: `id-${slug}`,
  slug,
  name: slug,
  description,
  instructions: `You are ${slug}.`,
  modelName: "gpt-4o-mini",
  simulation: { failureRate: 0 },
});
const agents = [agent("collector", "Collects sources"), agent("analyst", "Extracts claims and surveys prior work"), agent("publisher", "Publishes digests")];

describe("resolveParameters and resolveIntent", () => {
  it("fills placeholders from the campaign's values over the template's defaults", () => {
    const parameters = resolveParameters(
      { topic: "AI", audience: { default: "engineers", description: "who reads it" }, depth: { required: true } },
      { topic: "solar" },
    );
    expect(parameters).toEqual({ topic: "solar", audience: "engineers" });
    expect(resolveIntent("Brief {{ audience }} on {{topic}} at {{ depth }} depth", parameters)).toEqual({
      intent: "Brief engineers on solar at {{ depth }} depth",
      missing: ["depth"],
    });
    expect(resolveIntent("Count {{ n }}", { n: 3 })).toEqual({ intent: "Count 3", missing: [] });
  });
});

describe("deriveCampaignPlan", () => {
  const intent = "Distill what we know about solar: collect sources and survey prior work, then extract the key claims, then publish a digest";

  it("turns clauses into missions: 'then' starts the next sequence, 'and' runs missions in parallel", () => {
    const plan = deriveCampaignPlan({ seed: "template-1", intent, agents });
    expect(plan.missions.map((m) => [m.sequence, m.name, m.requiresApproval, m.tasks[0].agentSlug])).toEqual([
      [1, "Collect sources", false, "collector"],
      [1, "Survey prior work", false, "analyst"],
      // The mission before an external action (publishing) needs a human's sign-off.
      [2, "Extract the key claims", true, "analyst"],
      [3, "Publish a digest", false, "publisher"],
    ]);
    expect(plan.missions[2].tasks[0]).toMatchObject({
      instructions: `Extract the key claims. This is part of the campaign: ${intent}`,
      assignmentReason: 'matches "extract", "claims"',
    });
    const estimate = plan.missions.flatMap((m) => m.tasks).reduce((sum, task) => sum + task.estimatedCostUsd, 0);
    expect(plan.estimatedCostUsd).toBeCloseTo(estimate, 9);
    expect(plan.summary).toBe(`4 mission(s) in 3 sequence(s), 4 task(s), estimated $${plan.estimatedCostUsd.toFixed(4)}`);
  });

  it("is deterministic, and assigns unmatched work by a seeded draw", () => {
    const vague = "Make the quarter better";
    const plan = deriveCampaignPlan({ seed: "template-2", intent: vague, agents });
    expect(plan).toEqual(deriveCampaignPlan({ seed: "template-2", intent: vague, agents }));
    expect(plan.missions).toHaveLength(1);
    expect(plan.missions[0].tasks[0].assignmentReason).toBe("no agent matches; seeded choice among 3");
  });

  it("keeps a clause whole when splitting it would leave one-word parts", () => {
    const plan = deriveCampaignPlan({ seed: "t", intent: "Weigh pros and cons", agents });
    expect(plan.missions.map((m) => m.name)).toEqual(["Weigh pros and cons"]);
  });

  it("estimates a task at the simulated model's mean tokens and the agent's model price", () => {
    const instructions = "Collect sources.";
    const promptTokens = Math.ceil((agents[0].instructions.length + instructions.length) / 4) + 70;
    expect(estimateTaskCostUsd(agents[0], instructions)).toBe(costForTokens("gpt-4o-mini", promptTokens, 350));
  });
});
