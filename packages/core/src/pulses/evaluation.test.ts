import type { Database, RunStatus } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { evaluatePulse } from "./evaluation.ts";
import type { CapacityAction, MemberRanking } from "./scoring.ts";

const AT = new Date("2026-01-15T12:02:30Z");
const HOUR = 3_600_000;

describe("evaluatePulse", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  /** A pulse of four members with runs seeded in (and around) its 24-hour window. */
  async function seedPulse() {
    const { organization, agent: atlas } = await createTestOrganization(db.prisma, { agentSlug: "atlas" });
    const organizationId = organization.id;
    const createAgent = (slug: string) =>
      db.prisma.agent.create({ data: { organizationId, slug, name: slug[0]!.toUpperCase() + slug.slice(1), instructions: "Work.", modelName: "gpt-4o-mini" } });
    const [beacon, comet, dormant] = [await createAgent("beacon"), await createAgent("comet"), await createAgent("dormant")];
    const atlasSchedule = await db.prisma.agentSchedule.create({ data: { organizationId, agentId: atlas.id, name: "atlas daily", cronExpr: "0 9 * * *" } });
    const cometSchedule = await db.prisma.agentSchedule.create({ data: { organizationId, agentId: comet.id, name: "comet", cronExpr: "0 */6 * * *" } });
    const pulse = await db.prisma.pulse.create({
      data: {
        organizationId,
        slug: "research",
        name: "Research pulse",
        goal: "Keep the research desk sharp",
        evalCronExpr: "0 12 * * *",
        evalWindowHours: 24,
        members: {
          create: [
            { agentId: atlas.id, scheduleId: atlasSchedule.id },
            { agentId: beacon.id },
            { agentId: comet.id, scheduleId: cometSchedule.id },
            { agentId: dormant.id },
          ],
        },
      },
    });

    const runs = (agentId: string, statuses: RunStatus[], costUsd: number, hoursAgo = 2) =>
      db.prisma.agentRun.createManyAndReturn({
        data: statuses.map((status, n) => ({
          organizationId,
          agentId,
          status,
          source: "schedule" as const,
          input: {},
          costUsd,
          startedAt: new Date(AT.getTime() - hoursAgo * HOUR - n * 60_000),
        })),
      });
    await runs(atlas.id, [...Array(9).fill("COMPLETED"), "FAILED"], 0.01);
    await runs(atlas.id, Array(5).fill("FAILED"), 0.5, 30); // before the window
    await runs(atlas.id, ["RUNNING"], 0.5); // not finished
    const beaconRuns = await runs(beacon.id, [...Array(5).fill("COMPLETED"), ...Array(5).fill("FAILED")], 0.02);
    await runs(comet.id, ["COMPLETED", "FAILED", "FAILED", "FAILED"], 0.01);
    // Evaluator scores (0–100) on two of beacon's runs.
    for (const [run, score] of [
      [beaconRuns[0]!, 90],
      [beaconRuns[1]!, 70],
    ] as const) {
      await db.prisma.runArtifact.create({
        data: { organizationId, agentRunId: run.id, artifactType: "evaluation", filename: "eval.md", content: "ok", score },
      });
    }
    return { organizationId, pulse, atlasSchedule, cometSchedule };
  }

  const payloadFor = (pulse: { id: string; organizationId: string }) => ({
    organizationId: pulse.organizationId,
    pulseId: pulse.id,
    source: "schedule" as const,
    dedupeKey: `pulse:${pulse.id}:${AT.toISOString()}`,
    at: AT.toISOString(),
  });

  it("scores, ranks and changes capacities and schedule frequencies", async () => {
    const { organizationId, pulse, atlasSchedule, cometSchedule } = await seedPulse();

    const evaluation = await evaluatePulse(db.prisma, payloadFor(pulse));

    expect(evaluation).toMatchObject({
      status: "COMPLETED",
      source: "schedule",
      triggerId: pulse.id,
      windowStart: new Date(AT.getTime() - 24 * HOUR),
      windowEnd: AT,
      error: null,
    });
    expect(evaluation.durationMs).toBe(evaluation.completedAt!.getTime() - evaluation.startedAt.getTime());
    const rankings = evaluation.rankings as unknown as MemberRanking[];
    expect(
      rankings.map(({ rank, agentSlug, runs, successRate, avgCostUsd, avgEvalScore, score }) => ({
        rank,
        agentSlug,
        runs,
        successRate,
        avgCostUsd,
        avgEvalScore,
        score,
      })),
    ).toEqual([
      // 0.75 × 0.9 + 0.25 × 1
      { rank: 1, agentSlug: "atlas", runs: 10, successRate: 0.9, avgCostUsd: 0.01, avgEvalScore: null, score: 92.5 },
      // 0.6 × 0.5 + 0.2 × (0.01 / 0.02) + 0.2 × 0.8
      { rank: 2, agentSlug: "beacon", runs: 10, successRate: 0.5, avgCostUsd: 0.02, avgEvalScore: 80, score: 56 },
      // 0.75 × 0.25 + 0.25 × 1
      { rank: 3, agentSlug: "comet", runs: 4, successRate: 0.25, avgCostUsd: 0.01, avgEvalScore: null, score: 43.8 },
      { rank: 4, agentSlug: "dormant", runs: 0, successRate: null, avgCostUsd: null, avgEvalScore: null, score: null },
    ]);
    expect(
      (evaluation.actions as unknown as CapacityAction[]).map(({ agentSlug, type, from, to, schedule }) => ({ agentSlug, type, from, to, schedule })),
    ).toEqual([
      { agentSlug: "atlas", type: "raise_capacity", from: 3, to: 4, schedule: { scheduleId: atlasSchedule.id, cronFrom: "0 9 * * *", cronTo: "0 3/6 * * *" } },
      {
        agentSlug: "comet",
        type: "lower_capacity",
        from: 3,
        to: 2,
        schedule: { scheduleId: cometSchedule.id, cronFrom: "0 */6 * * *", cronTo: "0 6/12 * * *" },
      },
    ]);

    const members = await db.prisma.pulseMember.findMany({ where: { pulseId: pulse.id }, include: { agent: true } });
    expect(Object.fromEntries(members.map((member) => [member.agent.slug, member.capacity]))).toEqual({ atlas: 4, beacon: 3, comet: 2, dormant: 3 });
    // Four runs a day from the 09:00 slot: 03, 09, 15, 21 UTC; the next after the evaluation is 15:00.
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: atlasSchedule.id } })).toMatchObject({
      cronExpr: "0 3/6 * * *",
      originalCronExpr: "0 9 * * *",
      nextRunAt: new Date("2026-01-15T15:00:00Z"),
    });
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: cometSchedule.id } })).toMatchObject({
      cronExpr: "0 6/12 * * *",
      originalCronExpr: "0 */6 * * *",
      nextRunAt: new Date("2026-01-15T18:00:00Z"),
    });

    expect(evaluation.report).toContain("# Research pulse: evaluation");
    expect(evaluation.report).toContain("| 1 | Test Agent (`atlas`) | 10 | 90% | $0.0100 | – | 92.5 | 3 |");
    expect(evaluation.report).toContain(
      "- Raised capacity of **atlas** 3 → 4: Ranked #1 with score 92.5 (90% success over 10 runs). Schedule `0 9 * * *` → `0 3/6 * * *` (4 runs a day).",
    );
    expect(evaluation.report).toContain("- Lowered capacity of **comet** 3 → 2: Score 43.8 is below 50 (25% success over 4 runs).");

    expect(await db.prisma.pulse.findUniqueOrThrow({ where: { id: pulse.id } })).toMatchObject({ lastEvaluatedAt: AT });
    const activity = await db.prisma.activityEvent.findMany({ where: { organizationId, type: "PULSE_EVALUATED" } });
    expect(activity).toEqual([
      expect.objectContaining({
        pulseId: pulse.id,
        title: 'Pulse "Research pulse" evaluated',
        description: "4 members ranked, top atlas (score 92.5); 2 capacity changes.",
      }),
    ]);
  });

  it("evaluates once per dedupe key: a redelivery changes nothing", async () => {
    const { organizationId, pulse, atlasSchedule } = await seedPulse();

    const [first, concurrent] = await Promise.all([evaluatePulse(db.prisma, payloadFor(pulse)), evaluatePulse(db.prisma, payloadFor(pulse))]);
    const again = await evaluatePulse(db.prisma, payloadFor(pulse));

    expect(concurrent.id).toBe(first.id);
    expect(again).toMatchObject({ id: first.id, status: "COMPLETED" });
    expect(await db.prisma.pulseEvaluation.count({ where: { pulseId: pulse.id } })).toBe(1);
    const atlas = await db.prisma.pulseMember.findFirstOrThrow({ where: { pulseId: pulse.id, scheduleId: atlasSchedule.id } });
    expect(atlas.capacity).toBe(4);
    expect(await db.prisma.activityEvent.count({ where: { organizationId, type: "PULSE_EVALUATED" } })).toBe(1);
  });

  it("scores and decides by the pulse's own scoring rules", async () => {
    const { pulse } = await seedPulse();
    // Cost counts most, so beacon (twice as dear) drops below comet; raising takes 90, acting takes 5 runs.
    const scoringRules = { weights: { success: 0.2, cost: 0.6, eval: 0.2 }, raiseAtScore: 90, lowerBelowScore: 50, minRunsToAct: 5 };
    await db.prisma.pulse.update({ where: { id: pulse.id }, data: { scoringRules } });

    const evaluation = await evaluatePulse(db.prisma, payloadFor(pulse));

    const rankings = evaluation.rankings as unknown as MemberRanking[];
    // atlas (0.2 × 0.9 + 0.6 × 1) / 0.8; comet (0.2 × 0.25 + 0.6 × 1) / 0.8; beacon 0.2 × 0.5 + 0.6 × 0.5 + 0.2 × 0.8.
    expect(rankings.map(({ agentSlug, score }) => [agentSlug, score])).toEqual([
      ["atlas", 97.5],
      ["comet", 81.3],
      ["beacon", 56],
      ["dormant", null],
    ]);
    // By default comet (43.8) would lose capacity; here only atlas changes, clearing the higher bar.
    expect((evaluation.actions as unknown as CapacityAction[]).map(({ agentSlug, type }) => [agentSlug, type])).toEqual([["atlas", "raise_capacity"]]);
  });

  it("does not evaluate another organization's pulse", async () => {
    const { pulse } = await seedPulse();
    const { organization: other } = await createTestOrganization(db.prisma);

    await expect(evaluatePulse(db.prisma, { ...payloadFor(pulse), organizationId: other.id })).rejects.toThrow("Pulse not found");
    expect(await db.prisma.pulseEvaluation.count({ where: { pulseId: pulse.id } })).toBe(0);
  });
});
