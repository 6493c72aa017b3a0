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
/** Fewer runs than this say too little about a member to change its capacity. */
export const MIN_RUNS_TO_ACT = 3;
/** A top-third member at or above this score gets more capacity. */
export const RAISE_AT_SCORE = 75;
/** A member below this score gets less capacity. */
export const LOWER_BELOW_SCORE = 50;

/**
 * Scores and ranks members. The score (0–100) weighs success rate 60%, cost efficiency 20% (the
 * cheapest member's average cost over this member's: cheapest = 1, twice as dear = 0.5) and the
 * average evaluation score 20%; without evaluation scores it is success 75%, cost 25%. Members
 * without runs rank last, unscored. Ties go to the higher success rate, then more runs, then slug.
 */
export function rankMembers(stats: MemberStats[]): MemberRanking[] {
  const avgCost = (member: MemberStats) => (member.runs > 0 ? roundTo(member.totalCostUsd / member.runs, 6) : null);
  const costs = stats.map(avgCost).filter((cost): cost is number => cost !== null);
  const cheapest = costs.length > 0 ? Math.min(...costs) : 0;

  const scored = stats.map((member) => {
    const avgCostUsd = avgCost(member);
    const avgEvalScore = member.evalScores.length > 0 ? roundTo(member.evalScores.reduce((sum, s) => sum + s, 0) / member.evalScores.length, 1) : null;
    if (member.runs === 0 || avgCostUsd === null) {
      return { ...pick(member), runs: 0, successRate: null, avgCostUsd: null, avgEvalScore, score: null };
    }
    const successRate = member.completed / member.runs;
    const costEfficiency = avgCostUsd === 0 ? 1 : cheapest / avgCostUsd;
    const weighted = avgEvalScore === null ? 0.75 * successRate + 0.25 * costEfficiency : 0.6 * successRate + 0.2 * costEfficiency + 0.2 * (avgEvalScore / 100);
    return { ...pick(member), runs: member.runs, successRate: roundTo(successRate, 4), avgCostUsd, avgEvalScore, score: roundTo(weighted * 100, 1) };
  });

  scored.sort(
    (a, b) => (b.score ?? -1) - (a.score ?? -1) || (b.successRate ?? -1) - (a.successRate ?? -1) || b.runs - a.runs || a.agentSlug.localeCompare(b.agentSlug),
  );
  return scored.map((member, index) => ({ rank: index + 1, ...member }));
}

/**
 * Capacity decisions: the top third of scored members (at least one) with a score of 75 or more get
 * one more unit, members scoring under 50 one less, within 1..10; members with fewer than 3 runs keep
 * theirs. Schedules are filled in by the caller.
 */
export function decideCapacityActions(rankings: MemberRanking[]): Omit<CapacityAction, "schedule">[] {
  const scoredCount = rankings.filter((member) => member.score !== null).length;
  const topCount = Math.max(1, Math.ceil(scoredCount / 3));
  const actions: Omit<CapacityAction, "schedule">[] = [];
  for (const member of rankings) {
    if (member.score === null || member.runs < MIN_RUNS_TO_ACT) continue;
    const base = { memberId: member.memberId, agentId: member.agentId, agentSlug: member.agentSlug, from: member.capacity };
    const percent = `${Math.round((member.successRate ?? 0) * 100)}% success over ${member.runs} runs`;
    if (member.rank <= topCount && member.score >= RAISE_AT_SCORE && member.capacity < MAX_CAPACITY) {
      actions.push({ ...base, type: "raise_capacity", to: member.capacity + 1, reason: `Ranked #${member.rank} with score ${member.score} (${percent})` });
    } else if (member.score < LOWER_BELOW_SCORE && member.capacity > MIN_CAPACITY) {
      actions.push({ ...base, type: "lower_capacity", to: member.capacity - 1, reason: `Score ${member.score} is below ${LOWER_BELOW_SCORE} (${percent})` });
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
