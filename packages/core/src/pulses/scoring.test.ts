import { describe, expect, it } from "vitest";
import { DEFAULT_SCORING_RULES, decideCapacityActions, rankMembers, ScoringRules, scoringRulesOf, type MemberStats } from "./scoring.ts";

const member = (slug: string, stats: Partial<MemberStats>): MemberStats => ({
  memberId: `m-${slug}`,
  agentId: `a-${slug}`,
  agentSlug: slug,
  agentName: slug,
  capacity: 3,
  runs: 0,
  completed: 0,
  totalCostUsd: 0,
  evalScores: [],
  ...stats,
});

describe("pulse scoring", () => {
  it("weighs success 75% and cost efficiency 25% without evaluation scores", () => {
    const rankings = rankMembers([
      member("comet", { runs: 4, completed: 1, totalCostUsd: 0.04 }),
      member("idle", {}),
      member("atlas", { runs: 10, completed: 9, totalCostUsd: 0.1 }),
      member("beacon", { runs: 10, completed: 5, totalCostUsd: 0.2 }),
    ]);
    expect(rankings.map(({ rank, agentSlug, successRate, avgCostUsd, score }) => ({ rank, agentSlug, successRate, avgCostUsd, score }))).toEqual([
      { rank: 1, agentSlug: "atlas", successRate: 0.9, avgCostUsd: 0.01, score: 92.5 },
      { rank: 2, agentSlug: "beacon", successRate: 0.5, avgCostUsd: 0.02, score: 50 },
      { rank: 3, agentSlug: "comet", successRate: 0.25, avgCostUsd: 0.01, score: 43.8 },
      { rank: 4, agentSlug: "idle", successRate: null, avgCostUsd: null, score: null },
    ]);
  });

  it("weighs evaluation scores 20% when a member has them", () => {
    const [ranked] = rankMembers([member("beacon", { runs: 10, completed: 5, totalCostUsd: 0.2, evalScores: [90, 70] })]);
    // 0.6 × 0.5 success + 0.2 × 1 (cheapest) + 0.2 × 0.8 evaluation
    expect(ranked).toMatchObject({ avgEvalScore: 80, score: 66 });
  });

  it("raises the top third, lowers poor members, within bounds and with enough runs", () => {
    const rankings = rankMembers([
      member("atlas", { runs: 10, completed: 10, totalCostUsd: 0.1 }),
      member("maxed", { runs: 10, completed: 10, totalCostUsd: 0.1, capacity: 10 }),
      member("beacon", { runs: 10, completed: 8, totalCostUsd: 0.1 }),
      member("comet", { runs: 4, completed: 0, totalCostUsd: 0.04 }),
      member("floor", { runs: 4, completed: 0, totalCostUsd: 0.04, capacity: 1 }),
      member("newbie", { runs: 2, completed: 0, totalCostUsd: 0.02 }),
    ]);
    expect(decideCapacityActions(rankings).map(({ agentSlug, type, from, to }) => ({ agentSlug, type, from, to }))).toEqual([
      { agentSlug: "atlas", type: "raise_capacity", from: 3, to: 4 },
      { agentSlug: "comet", type: "lower_capacity", from: 3, to: 2 },
    ]);
  });

  it("ranks by a pulse's own weights: cost-first puts the cheap member ahead of the reliable one", () => {
    const members = [member("reliable", { runs: 10, completed: 10, totalCostUsd: 1 }), member("cheap", { runs: 10, completed: 6, totalCostUsd: 0.1 })];
    expect(rankMembers(members).map((m) => [m.agentSlug, m.score])).toEqual([
      ["reliable", 77.5],
      ["cheap", 70],
    ]);
    const costFirst = { ...DEFAULT_SCORING_RULES, weights: { success: 0.2, cost: 0.6, eval: 0.2 } };
    // Without evaluation scores: (0.2 × 0.6 + 0.6 × 1) / 0.8 for cheap, (0.2 × 1 + 0.6 × 0.1) / 0.8 for reliable.
    expect(rankMembers(members, costFirst).map((m) => [m.agentSlug, m.score])).toEqual([
      ["cheap", 90],
      ["reliable", 32.5],
    ]);
  });

  it("decides by a pulse's own thresholds and minimum runs", () => {
    const rankings = rankMembers([
      member("atlas", { runs: 2, completed: 2, totalCostUsd: 0.02 }),
      member("beacon", { runs: 10, completed: 6, totalCostUsd: 0.1 }),
    ]);
    // By default atlas has too few runs and beacon's 70 is between the thresholds: nothing changes.
    expect(decideCapacityActions(rankings)).toEqual([]);
    const eager = { ...DEFAULT_SCORING_RULES, minRunsToAct: 2, lowerBelowScore: 72 };
    expect(decideCapacityActions(rankings, eager).map(({ agentSlug, type, to, reason }) => ({ agentSlug, type, to, reason }))).toEqual([
      { agentSlug: "atlas", type: "raise_capacity", to: 4, reason: "Ranked #1 with score 100 (100% success over 2 runs)" },
      { agentSlug: "beacon", type: "lower_capacity", to: 2, reason: "Score 70 is below 72 (60% success over 10 runs)" },
    ]);
  });

  it("checks rules at their fields, and reads a pulse without rules (or with unreadable ones) as the defaults", () => {
    const parsed = ScoringRules.safeParse({ ...DEFAULT_SCORING_RULES, weights: { success: 0.5, cost: 0.2, eval: 0.2 }, lowerBelowScore: 80 });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."))).toEqual(["weights", "lowerBelowScore"]);
    expect(scoringRulesOf(null)).toEqual(DEFAULT_SCORING_RULES);
    expect(scoringRulesOf({ weights: "heavy" })).toEqual(DEFAULT_SCORING_RULES);
    const custom = { ...DEFAULT_SCORING_RULES, minRunsToAct: 5 };
    expect(scoringRulesOf(custom)).toEqual(custom);
  });
});
