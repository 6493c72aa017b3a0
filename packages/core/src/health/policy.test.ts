import { randomBytes } from "node:crypto";
import type { Database, Prisma, RunStatus } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgentFire } from "../agents/runtime.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { evaluateHealthPolicy } from "./policy.ts";

const NOW = new Date("2026-01-15T12:02:30Z");

describe("evaluateHealthPolicy", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });

  async function createAgentSchedule(data: Partial<Prisma.AgentScheduleUncheckedCreateInput> = {}, options: { failureRate?: number } = {}) {
    const { organization, agent } = await createTestOrganization(db.prisma, options);
    const schedule = await db.prisma.agentSchedule.create({
      data: {
        organizationId: organization.id,
        agentId: agent.id,
        name: "nightly digest",
        cronExpr: "*/10 * * * *",
        nextRunAt: NOW,
        healthPolicyEnabled: true,
        healthThreshold: 60,
        healthWindow: 5,
        ...data,
      },
    });
    return { organizationId: organization.id, agent, schedule };
  }

  /** Finished agent runs of the schedule, newest first, a minute apart. */
  async function addAgentRuns(schedule: { id: string; organizationId: string; agentId: string | null }, statuses: RunStatus[], offset = 0) {
    await db.prisma.agentRun.createMany({
      data: statuses.map((status, n) => ({
        organizationId: schedule.organizationId,
        agentId: schedule.agentId!,
        triggerId: schedule.id,
        source: "schedule" as const,
        status,
        input: {},
        startedAt: new Date(NOW.getTime() - (offset + n + 1) * 60_000),
      })),
    });
  }

  const ref = (schedule: { id: string }) => ({ kind: "agent-schedule" as const, scheduleId: schedule.id });
  const activity = (organizationId: string) => db.prisma.activityEvent.findMany({ where: { organizationId }, orderBy: { type: "asc" } });

  it("disables a schedule once its last healthWindow runs fall below the threshold, and not before", async () => {
    const { organizationId, schedule } = await createAgentSchedule({ healthAction: "disable" });
    await addAgentRuns(schedule, ["FAILED", "FAILED", "FAILED", "CANCELLED"]);
    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({ triggered: false, reason: "not_enough_runs", runs: 3 });

    // Older runs were healthy; the newest five finished runs (the cancelled one does not count) are 2 of 5.
    await addAgentRuns(schedule, ["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"], 4);
    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({
      triggered: true,
      action: "disable",
      successRate: 40,
      runs: 5,
      cronExpr: "*/10 * * * *",
    });
    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({ triggered: false, reason: "inactive" });

    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
      isActive: false,
      healthTriggeredAt: NOW,
      nextRunAt: null,
      cronExpr: "*/10 * * * *",
    });
    expect(await activity(organizationId)).toEqual([
      expect.objectContaining({
        type: "HEALTH_POLICY_TRIGGERED",
        title: 'Health policy disabled "nightly digest"',
        description: "Success rate 40% over the last 5 runs is below the 60% threshold.",
        triggerId: schedule.id,
        createdAt: NOW,
      }),
    ]);
  });

  it("leaves a schedule at or above the threshold alone", async () => {
    const { schedule } = await createAgentSchedule();
    await addAgentRuns(schedule, ["COMPLETED", "FAILED", "COMPLETED", "FAILED", "COMPLETED", "FAILED", "FAILED"]);

    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({ triggered: false, reason: "healthy", successRate: 60, runs: 5 });
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: true, healthTriggeredAt: null });
  });

  it("halves the frequency, keeping the original cron across re-arms", async () => {
    const { organizationId, schedule } = await createAgentSchedule({ healthAction: "reduce_frequency" });
    await addAgentRuns(schedule, Array(5).fill("FAILED"));

    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({
      triggered: true,
      action: "reduce_frequency",
      successRate: 0,
      runs: 5,
      cronExpr: "*/20 * * * *",
    });
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
      isActive: true,
      cronExpr: "*/20 * * * *",
      originalCronExpr: "*/10 * * * *",
      nextRunAt: new Date("2026-01-15T12:20:00Z"),
      healthTriggeredAt: NOW,
    });
    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({ triggered: false, reason: "already_triggered" });

    // An operator re-arms the policy; still failing, it halves again: 72 → 36 a day, and hourly (at the
    // schedule's next slot, :20) is the nearest cron that runs no more often.
    await db.prisma.agentSchedule.update({ where: { id: schedule.id }, data: { healthTriggeredAt: null } });
    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toMatchObject({ triggered: true, cronExpr: "20 * * * *" });
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
      cronExpr: "20 * * * *",
      originalCronExpr: "*/10 * * * *",
    });
    const descriptions = (await activity(organizationId)).map((event) => event.description);
    expect(descriptions).toContain("Success rate 0% over the last 5 runs is below the 60% threshold. Schedule changed from `*/10 * * * *` to `*/20 * * * *`.");
  });

  it("alerts without changing the schedule, once", async () => {
    const { organizationId, schedule } = await createAgentSchedule({ healthAction: "alert", healthWindow: 3, healthThreshold: 80 });
    await addAgentRuns(schedule, ["COMPLETED", "FAILED", "COMPLETED"]);

    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toMatchObject({ triggered: true, action: "alert" });
    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({ triggered: false, reason: "already_triggered" });

    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
      isActive: true,
      cronExpr: "*/10 * * * *",
      healthTriggeredAt: NOW,
    });
    expect((await activity(organizationId)).map(({ type, title }) => ({ type, title }))).toEqual([
      { type: "HEALTH_POLICY_TRIGGERED", title: 'Health policy alert for "nightly digest"' },
      { type: "ALERT", title: '"nightly digest" is failing' },
    ]);
  });

  it("reads a workflow schedule's runs from WorkflowRun", async () => {
    const { organizationId, agent } = await createAgentSchedule();
    const workflow = await db.prisma.workflow.create({
      data: { organizationId, slug: `wf-${randomBytes(3).toString("hex")}`, name: "Release", definition: {} },
    });
    const schedule = await db.prisma.agentSchedule.create({
      data: {
        organizationId,
        entityType: "workflow",
        workflowId: workflow.id,
        name: "release train",
        cronExpr: "0 9 * * *",
        healthPolicyEnabled: true,
        healthWindow: 4,
        healthThreshold: 50,
      },
    });
    // Agent runs carrying the schedule's id (they should not exist, but must not count) are all green.
    await addAgentRuns({ ...schedule, agentId: agent.id }, Array(4).fill("COMPLETED"));
    await db.prisma.workflowRun.createMany({
      data: ["FAILED", "FAILED", "COMPLETED", "FAILED"].map((status, n) => ({
        organizationId,
        workflowId: workflow.id,
        triggerId: schedule.id,
        source: "schedule" as const,
        status: status as RunStatus,
        input: {},
        startedAt: new Date(NOW.getTime() - (n + 1) * 60_000),
      })),
    });

    expect(await evaluateHealthPolicy(db.prisma, { kind: "workflow-schedule", scheduleId: schedule.id }, NOW)).toEqual({
      triggered: true,
      action: "disable",
      successRate: 25,
      runs: 4,
      cronExpr: "0 9 * * *",
    });
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: false });
  });

  it("reads a campaign schedule's runs from Campaign", async () => {
    const { organizationId } = await createAgentSchedule();
    const template = await db.prisma.campaignTemplate.create({ data: { organizationId, slug: "distill", name: "Distill", intent: "Distill {{ topic }}" } });
    const schedule = await db.prisma.campaignSchedule.create({
      data: {
        organizationId,
        templateId: template.id,
        name: "weekly distill",
        cronExpr: "0 9 * * 1",
        healthPolicyEnabled: true,
        healthWindow: 2,
        healthAction: "reduce_frequency",
      },
    });
    await db.prisma.campaign.createMany({
      data: ["FAILED", "COMPLETED"].map((status, n) => ({
        organizationId,
        scheduleId: schedule.id,
        templateId: template.id,
        name: "distill",
        intent: "Distill",
        source: "schedule" as const,
        status: status as RunStatus,
        startedAt: new Date(NOW.getTime() - (n + 1) * 60_000),
      })),
    });

    expect(await evaluateHealthPolicy(db.prisma, { kind: "campaign-schedule", scheduleId: schedule.id }, NOW)).toMatchObject({
      triggered: true,
      successRate: 50,
    });
    // Weekly on Mondays halved: cron cannot say "every two weeks", so twice a month from the next Monday (the 19th).
    expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
      cronExpr: "0 9 5,19 * *",
      originalCronExpr: "0 9 * * 1",
      nextRunAt: new Date("2026-01-19T09:00:00Z"),
    });
  });

  it("ignores a disabled policy and another organization's schedule", async () => {
    const { schedule } = await createAgentSchedule({ healthPolicyEnabled: false });
    await addAgentRuns(schedule, Array(5).fill("FAILED"));
    const { organizationId: otherOrg } = await createAgentSchedule();

    expect(await evaluateHealthPolicy(db.prisma, ref(schedule), NOW)).toEqual({ triggered: false, reason: "disabled" });
    expect(await evaluateHealthPolicy(db.prisma, { ...ref(schedule), organizationId: otherOrg }, NOW)).toEqual({ triggered: false, reason: "not_found" });
  });

  describe("after a scheduled agent run", () => {
    const fire = (schedule: { id: string; organizationId: string; agentId: string | null }, n: number) =>
      runAgentFire(
        db.prisma,
        {
          organizationId: schedule.organizationId,
          entityId: schedule.agentId!,
          source: "schedule",
          triggerId: schedule.id,
          input: { prompt: "digest" },
          dedupeKey: `schedule:${schedule.id}:${n}`,
        },
        { workerId: "w", sleep: async () => {} },
      );

    it("disables the schedule once enough scheduled runs have failed", async () => {
      const { schedule } = await createAgentSchedule({ healthWindow: 2, healthThreshold: 50 }, { failureRate: 1 });

      expect(await fire(schedule, 1)).toMatchObject({ status: "FAILED" });
      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: true });

      expect(await fire(schedule, 2)).toMatchObject({ status: "FAILED" });
      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: false });
      expect((await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).healthTriggeredAt).toBeInstanceOf(Date);
    });

    it("never fails the run when the evaluation fails", async () => {
      // An unparsable cron makes reduce_frequency throw inside the evaluation.
      const { schedule } = await createAgentSchedule({ healthWindow: 1, healthAction: "reduce_frequency", cronExpr: "not a cron" }, { failureRate: 1 });

      const run = await fire(schedule, 1);

      expect(run).toMatchObject({ status: "FAILED", triggerId: schedule.id });
      expect(run.error).not.toContain("cron");
      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
        cronExpr: "not a cron",
        healthTriggeredAt: null,
      });
    });
  });
});
