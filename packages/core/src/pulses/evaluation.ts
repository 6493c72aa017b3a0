import { Prisma, type PrismaClient, type Pulse, type PulseEvaluation, type RunStatus } from "@switchyard/database";
import { computeNextRunAt } from "../cron.ts";
import { AppError, notFound } from "../errors.ts";
import type { PulseEvaluatePayload } from "../execution/events.ts";
import { anchorOf, cronForRunsPerDay } from "../health/frequency.ts";
import { decideCapacityActions, rankMembers, scoringRulesOf, type CapacityAction, type MemberRanking, type MemberStats } from "./scoring.ts";
import { createRunOnce, finishOnce } from "../runs/lifecycle.ts";

export interface EvaluatePulseOptions {
  /** The clock for startedAt/completedAt (the demo passes a simulated one). */
  now?: () => Date;
}

const HOUR_MS = 3_600_000;
/** The outcomes a member's score counts; a cancelled run says nothing about the agent. */
const SCORED: RunStatus[] = ["COMPLETED", "FAILED"];

/**
 * One evaluation cycle of a pulse, at most once per dedupe key: scores each member from its runs in
 * the `evalWindowHours` before `at`, ranks them, changes capacities (and with them the members'
 * schedule frequencies) and stores rankings, actions and a markdown report.
 *
 * Redelivery-safe: the decided actions are stored before they are applied and hold absolute values
 * (capacity 3 → 4, cron A → B), so a retry or a concurrent delivery applies the same change again
 * instead of deciding anew from already-changed capacities.
 */
export async function evaluatePulse(db: PrismaClient, payload: PulseEvaluatePayload, options: EvaluatePulseOptions = {}): Promise<PulseEvaluation> {
  const now = options.now ?? (() => new Date());
  const pulse = await db.pulse.findFirst({ where: { id: payload.pulseId, organizationId: payload.organizationId } });
  if (!pulse) throw notFound("Pulse");
  const at = payload.at ? new Date(payload.at) : now();

  let evaluation = await findOrCreateEvaluation(db, pulse, payload, at, now());
  if (evaluation.status !== "RUNNING") return evaluation;

  try {
    if (evaluation.actions === null) evaluation = await decideActions(db, pulse, evaluation, at);
    const actions = evaluation.actions as unknown as CapacityAction[];
    await applyActions(db, pulse.organizationId, actions, at);

    const report = renderReport(pulse, evaluation, evaluation.rankings as unknown as MemberRanking[], actions);
    // Its end records PULSE_EVALUATED and the pulse's lastEvaluatedAt.
    await finishOnce(db, "pulse", evaluation, { status: "COMPLETED", data: { report } }, { at: now() });
  } catch (error) {
    // Bad data (an invalid cron on a member's schedule) fails the evaluation; anything else is
    // thrown so the engine retries it, and the retry continues from the stored actions.
    if (!(error instanceof AppError)) throw error;
    await finishOnce(db, "pulse", evaluation, { status: "FAILED", error: error.message }, { at: now() });
  }
  return db.pulseEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } });
}

async function findOrCreateEvaluation(db: PrismaClient, pulse: Pulse, payload: PulseEvaluatePayload, at: Date, startedAt: Date): Promise<PulseEvaluation> {
  const { run } = await createRunOnce(db, "pulse", { organizationId: pulse.organizationId, dedupeKey: payload.dedupeKey }, () =>
    db.pulseEvaluation.create({
      data: {
        organizationId: pulse.organizationId,
        pulseId: pulse.id,
        status: "RUNNING",
        source: payload.source,
        triggerId: payload.source === "schedule" ? pulse.id : null,
        dedupeKey: payload.dedupeKey,
        windowStart: new Date(at.getTime() - pulse.evalWindowHours * HOUR_MS),
        windowEnd: at,
        startedAt,
        heartbeatAt: startedAt,
        createdAt: startedAt,
      },
    }),
  );
  return run;
}

/** Scores, ranks and decides, then stores the decision unless another delivery stored one first. */
async function decideActions(db: PrismaClient, pulse: Pulse, evaluation: PulseEvaluation, at: Date): Promise<PulseEvaluation> {
  const rules = scoringRulesOf(pulse.scoringRules);
  const rankings = rankMembers(await readMemberStats(db, pulse, evaluation.windowStart!, evaluation.windowEnd!), rules);
  const decided = decideCapacityActions(rankings, rules);
  const members = await db.pulseMember.findMany({ where: { pulseId: pulse.id, id: { in: decided.map((action) => action.memberId) } } });
  const scheduleIds = members.map((member) => member.scheduleId).filter((id): id is string => id !== null);
  const schedules = await db.agentSchedule.findMany({ where: { id: { in: scheduleIds }, organizationId: pulse.organizationId } });

  const actions: CapacityAction[] = decided.map((action) => {
    const scheduleId = members.find((member) => member.id === action.memberId)?.scheduleId;
    const schedule = schedules.find((candidate) => candidate.id === scheduleId);
    if (!schedule) return { ...action, schedule: null };
    // Capacity is runs per day; the new cron keeps the schedule's current slot as its anchor.
    const cronTo = cronForRunsPerDay(action.to, anchorOf(schedule.cronExpr, schedule.timezone, at));
    return { ...action, schedule: { scheduleId: schedule.id, cronFrom: schedule.cronExpr, cronTo } };
  });

  await db.pulseEvaluation.updateMany({
    where: { id: evaluation.id, actions: { equals: Prisma.DbNull } },
    data: { rankings: rankings as unknown as Prisma.InputJsonValue, actions: actions as unknown as Prisma.InputJsonValue, heartbeatAt: new Date() },
  });
  return db.pulseEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } });
}

async function readMemberStats(db: PrismaClient, pulse: Pulse, windowStart: Date, windowEnd: Date): Promise<MemberStats[]> {
  const members = await db.pulseMember.findMany({ where: { pulseId: pulse.id }, include: { agent: { select: { slug: true, name: true } } } });
  const agentIds = members.map((member) => member.agentId);
  const inWindow = { organizationId: pulse.organizationId, agentId: { in: agentIds }, startedAt: { gte: windowStart, lt: windowEnd } };
  const groups = await db.agentRun.groupBy({
    by: ["agentId", "status"],
    where: { ...inWindow, status: { in: SCORED } },
    _count: { _all: true },
    _sum: { costUsd: true },
  });
  const scores = await db.runArtifact.findMany({
    where: { organizationId: pulse.organizationId, score: { not: null }, agentRun: { is: { ...inWindow, status: { in: SCORED } } } },
    select: { score: true, agentRun: { select: { agentId: true } } },
  });

  return members.map((member) => {
    const own = groups.filter((group) => group.agentId === member.agentId);
    return {
      memberId: member.id,
      agentId: member.agentId,
      agentSlug: member.agent.slug,
      agentName: member.agent.name,
      capacity: member.capacity,
      runs: own.reduce((sum, group) => sum + group._count._all, 0),
      completed: own.find((group) => group.status === "COMPLETED")?._count._all ?? 0,
      totalCostUsd: own.reduce((sum, group) => sum + (group._sum.costUsd ?? 0), 0),
      evalScores: scores.filter((artifact) => artifact.agentRun?.agentId === member.agentId).map((artifact) => artifact.score!),
    };
  });
}

/** Sets absolute values, so applying the same actions twice changes nothing the second time. */
async function applyActions(db: PrismaClient, organizationId: string, actions: CapacityAction[], at: Date): Promise<void> {
  for (const action of actions) {
    await db.pulseMember.update({ where: { id: action.memberId }, data: { capacity: action.to } });
    if (!action.schedule) continue;
    const schedule = await db.agentSchedule.findFirst({ where: { id: action.schedule.scheduleId, organizationId } });
    if (!schedule || schedule.cronExpr === action.schedule.cronTo) continue;
    await db.agentSchedule.update({
      where: { id: schedule.id },
      data: {
        cronExpr: action.schedule.cronTo,
        originalCronExpr: schedule.originalCronExpr ?? schedule.cronExpr,
        nextRunAt: schedule.isActive ? computeNextRunAt(action.schedule.cronTo, schedule.timezone, at) : schedule.nextRunAt,
      },
    });
  }
}

export function renderReport(
  pulse: Pick<Pulse, "name" | "goal" | "evalWindowHours">,
  evaluation: Pick<PulseEvaluation, "windowStart" | "windowEnd">,
  rankings: MemberRanking[],
  actions: CapacityAction[],
): string {
  const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 1000) / 10}%`);
  const money = (usd: number | null) => (usd === null ? "–" : `$${usd.toFixed(4)}`);
  const lines = [
    `# ${pulse.name}: evaluation`,
    "",
    `**Goal:** ${pulse.goal}`,
    `**Window:** ${evaluation.windowStart?.toISOString()} → ${evaluation.windowEnd?.toISOString()} (${pulse.evalWindowHours} h)`,
    "",
    "## Rankings",
    "",
    "| Rank | Agent | Runs | Success | Avg cost | Eval score | Score | Capacity |",
    "|---:|---|---:|---:|---:|---:|---:|---:|",
    ...rankings.map(
      (m) =>
        `| ${m.rank} | ${m.agentName} (\`${m.agentSlug}\`) | ${m.runs} | ${percent(m.successRate)} | ${money(m.avgCostUsd)} | ${m.avgEvalScore ?? "–"} | ${m.score ?? "–"} | ${m.capacity} |`,
    ),
    "",
    "## Actions",
    "",
  ];
  if (actions.length === 0) lines.push("No capacity changes.");
  for (const action of actions) {
    const verb = action.type === "raise_capacity" ? "Raised" : "Lowered";
    const schedule = action.schedule ? ` Schedule \`${action.schedule.cronFrom}\` → \`${action.schedule.cronTo}\` (${action.to} runs a day).` : "";
    lines.push(`- ${verb} capacity of **${action.agentSlug}** ${action.from} → ${action.to}: ${action.reason}.${schedule}`);
  }
  return lines.join("\n");
}
