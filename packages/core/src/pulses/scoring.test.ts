import { describe, expect, it } from "vitest";
import { decideCapacityActions, rankMembers, type MemberStats } from "./scoring.ts";

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
});
