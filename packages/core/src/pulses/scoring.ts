import { z } from "zod";

/** What a member did in the evaluation window, read from its AgentRuns. */
export interface MemberStats {
  memberId: string;
  agentId: string;
  agentSlug: string;
  agentName: string;
  capacity: number;
  /** Finished runs (completed or failed) in the window. */
  runs: number;
  completed: number;
  totalCostUsd: number;
  /** Evaluation scores (0–100) of the window's runs, from their RunArtifacts. */
  evalScores: number[];
}

export interface MemberRanking {
  rank: number;
  memberId: string;
  agentId: string;
  agentSlug: string;
  agentName: string;
  capacity: number;
  runs: number;
  /** 0–1; null without runs. */
  successRate: number | null;
  avgCostUsd: number | null;
  /** 0–100 average; null when no run was evaluated. */
  avgEvalScore: number | null;
  /** 0–100; null without runs. */
  score: number | null;
}

export interface CapacityAction {
  type: "raise_capacity" | "lower_capacity";
  memberId: string;
  agentId: string;
  agentSlug: string;
  from: number;
  to: number;
  reason: string;
  /** The member's AgentSchedule rewritten to `to` runs a day, when it has one. */
  schedule: { scheduleId: string; cronFrom: string; cronTo: string } | null;
}

export const MIN_CAPACITY = 1;
export const MAX_CAPACITY = 10;

const Weight = z.number().min(0).max(1);
const Score = z.number().min(0).max(100);

/**
 * How a pulse scores and acts on its members: the weights of success rate, cost efficiency and
 * evaluation score (adding up to 1), the score a top-third member needs to gain capacity, the score
 * under which a member loses some, and the runs a member needs before its capacity changes at all.
 */
export const ScoringRules = z
  .strictObject({
    weights: z.strictObject({ success: Weight, cost: Weight, eval: Weight }),
    raiseAtScore: Score,
    lowerBelowScore: Score,
    minRunsToAct: z.number().int().min(1).max(1000),
  })
  .superRefine((rules, ctx) => {
    const { success, cost, eval: evaluation } = rules.weights;
    if (Math.abs(success + cost + evaluation - 1) > 0.001) ctx.addIssue({ code: "custom", path: ["weights"], message: "The weights must add up to 1" });
    // Members without evaluation scores are scored on success and cost alone.
    if (success + cost === 0) ctx.addIssue({ code: "custom", path: ["weights", "success"], message: "Success and cost cannot both weigh 0" });
    if (rules.lowerBelowScore > rules.raiseAtScore) {
      ctx.addIssue({ code: "custom", path: ["lowerBelowScore"], message: "Must not be above raiseAtScore" });
    }
  });
export type ScoringRules = z.infer<typeof ScoringRules>;

/** The rules of a pulse that sets none. */
export const DEFAULT_SCORING_RULES: ScoringRules = {
  weights: { success: 0.6, cost: 0.2, eval: 0.2 },
  raiseAtScore: 75,
  lowerBelowScore: 50,
  minRunsToAct: 3,
};

/** A pulse's stored rules (`Pulse.scoringRules`), or the defaults when it has none. */
export function scoringRulesOf(stored: unknown): ScoringRules {
  if (stored === null || stored === undefined) return DEFAULT_SCORING_RULES;
  const parsed = ScoringRules.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_SCORING_RULES;
}

/**
 * Scores and ranks members. The score (0–100) weighs success rate, cost efficiency (the cheapest
 * member's average cost over this member's: cheapest = 1, twice as dear = 0.5) and the average
 * evaluation score by the rules' weights (by default 60/20/20); a member without evaluation scores is
 * scored on success and cost alone, their weights scaled up to 1 (75/25). Members without runs rank
 * last, unscored. Ties go to the higher success rate, then more runs, then slug.
 */
export function rankMembers(stats: MemberStats[], rules: ScoringRules = DEFAULT_SCORING_RULES): MemberRanking[] {
  const avgCost = (member: MemberStats) => (member.runs > 0 ? roundTo(member.totalCostUsd / member.runs, 6) : null);
  const costs = stats.map(avgCost).filter((cost): cost is number => cost !== null);
  const cheapest = costs.length > 0 ? Math.min(...costs) : 0;
  const { weights } = rules;

  const scored = stats.map((member) => {
    const avgCostUsd = avgCost(member);
    const avgEvalScore = member.evalScores.length > 0 ? roundTo(member.evalScores.reduce((sum, s) => sum + s, 0) / member.evalScores.length, 1) : null;
    if (member.runs === 0 || avgCostUsd === null) {
      return { ...pick(member), runs: 0, successRate: null, avgCostUsd: null, avgEvalScore, score: null };
    }
    const successRate = member.completed / member.runs;
    const costEfficiency = avgCostUsd === 0 ? 1 : cheapest / avgCostUsd;
    const weighted =
      avgEvalScore === null
        ? (weights.success * successRate + weights.cost * costEfficiency) / (weights.success + weights.cost)
        : (weights.success * successRate + weights.cost * costEfficiency + weights.eval * (avgEvalScore / 100)) /
          (weights.success + weights.cost + weights.eval);
    // Rounded twice so float noise (43.74999…) does not move a score across a half.
    return {
      ...pick(member),
      runs: member.runs,
      successRate: roundTo(successRate, 4),
      avgCostUsd,
      avgEvalScore,
      score: roundTo(roundTo(weighted * 100, 6), 1),
    };
  });

  scored.sort(
    (a, b) => (b.score ?? -1) - (a.score ?? -1) || (b.successRate ?? -1) - (a.successRate ?? -1) || b.runs - a.runs || a.agentSlug.localeCompare(b.agentSlug),
  );
  return scored.map((member, index) => ({ rank: index + 1, ...member }));
}

/**
 * Capacity decisions: the top third of scored members (at least one) scoring `raiseAtScore` or more
 * (75 by default) get one more unit, members scoring under `lowerBelowScore` (50) one less, within
 * 1..10; members with fewer than `minRunsToAct` runs (3) keep theirs. Schedules are filled in by the caller.
 */
export function decideCapacityActions(rankings: MemberRanking[], rules: ScoringRules = DEFAULT_SCORING_RULES): Omit<CapacityAction, "schedule">[] {
  const scoredCount = rankings.filter((member) => member.score !== null).length;
  const topCount = Math.max(1, Math.ceil(scoredCount / 3));
  const actions: Omit<CapacityAction, "schedule">[] = [];
  for (const member of rankings) {
    if (member.score === null || member.runs < rules.minRunsToAct) continue;
    const base = { memberId: member.memberId, agentId: member.agentId, agentSlug: member.agentSlug, from: member.capacity };
    const percent = `${Math.round((member.successRate ?? 0) * 100)}% success over ${member.runs} runs`;
    if (member.rank <= topCount && member.score >= rules.raiseAtScore && member.capacity < MAX_CAPACITY) {
      actions.push({ ...base, type: "raise_capacity", to: member.capacity + 1, reason: `Ranked #${member.rank} with score ${member.score} (${percent})` });
    } else if (member.score < rules.lowerBelowScore && member.capacity > MIN_CAPACITY) {
      actions.push({
        ...base,
        type: "lower_capacity",
        to: member.capacity - 1,
        reason: `Score ${member.score} is below ${rules.lowerBelowScore} (${percent})`,
      });
    }
  }
  return actions;
}

function pick(member: MemberStats) {
  return { memberId: member.memberId, agentId: member.agentId, agentSlug: member.agentSlug, agentName: member.agentName, capacity: member.capacity };
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
