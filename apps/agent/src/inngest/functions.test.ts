import { randomBytes } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inngest } from "./client";
import { agentResume, agentTriggerFire, schedulerTick } from "./functions";

describe("Inngest functions", () => {
  let db: Database;
  let agent: { id: string; organizationId: string };

  beforeAll(async () => {
    // The functions reach the database through getDatabase(), which now returns this one.
    db = await useTestDatabase();
    const suffix = randomBytes(4).toString("hex");
    const organization = await db.prisma.organization.create({ data: { slug: `inngest-${suffix}`, name: `Inngest ${suffix}` } });
    agent = await db.prisma.agent.create({
      data: {
        organizationId: organization.id,
        slug: "analyst",
        name: "Analyst",
        instructions: "Summarize the input.",
        modelName: "gpt-4o-mini",
        simulation: { failureRate: 0, latencyMs: 10, tools: ["web_search"] },
      },
    });
  });
  afterAll(async () => db?.close());
  afterEach(() => vi.restoreAllMocks());

  it("agentTriggerFire records the agent run in a step", async () => {
    const triggerEvent = await db.prisma.triggerEvent.create({
      data: { organizationId: agent.organizationId, source: "event", payload: {}, status: "DISPATCHED" },
    });
    const data = {
      organizationId: agent.organizationId,
      entityId: agent.id,
      source: "event",
      input: { prompt: "Daily digest" },
      triggerEventId: triggerEvent.id,
      dedupeKey: `trigger-event:${triggerEvent.id}`,
    };
    const t = new InngestTestEngine({ function: agentTriggerFire, events: [{ name: "agent/trigger.fire", data }] });

    const { result, ctx } = await t.execute();

    const run = await db.prisma.agentRun.findUniqueOrThrow({
      where: { organizationId_dedupeKey: { organizationId: agent.organizationId, dedupeKey: data.dedupeKey } },
      include: { toolCalls: true },
    });
    expect(result).toEqual({ agentRunId: run.id, status: "COMPLETED" });
    expect(run).toMatchObject({ status: "COMPLETED", source: "event", triggerEventId: triggerEvent.id, claimedBy: expect.stringMatching(/^inngest:/) });
    expect(run.totalTokens).toBeGreaterThan(0);
    expect(run.toolCalls.map((call) => call.toolName)).toEqual(["web_search"]);
    expect(ctx.step.run).toHaveBeenCalledWith("run-agent", expect.any(Function));
    expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEvent.id } })).toMatchObject({ status: "FIRED", agentRunId: run.id });
  });

  it("agentTriggerFire rejects a payload that is not a trigger fire", async () => {
    const runsBefore = await db.prisma.agentRun.count();
    const t = new InngestTestEngine({ function: agentTriggerFire, events: [{ name: "agent/trigger.fire", data: { entityId: agent.id } }] });

    const { error } = await t.execute();

    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("dedupeKey") });
    expect(await db.prisma.agentRun.count()).toBe(runsBefore);
  });

  it("schedulerTick fires due schedules through Inngest events", async () => {
    const dueAt = new Date(Date.now() - 60_000);
    const schedule = await db.prisma.agentSchedule.create({
      data: { organizationId: agent.organizationId, agentId: agent.id, name: "every minute", cronExpr: "* * * * *", nextRunAt: dueAt },
    });
    // Inngest's event API is outside this process; the engine's call to it is what we check.
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt"] });
    const t = new InngestTestEngine({ function: schedulerTick });

    const { result } = await t.execute();

    expect(result).toEqual({ fired: 1 });
    expect(send).toHaveBeenCalledExactlyOnceWith([
      {
        id: `schedule:${schedule.id}:${dueAt.toISOString()}`,
        name: "agent/trigger.fire",
        data: expect.objectContaining({ organizationId: agent.organizationId, entityId: agent.id, source: "schedule", triggerId: schedule.id }),
      },
    ]);
    const after = await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.runCount).toBe(1);
    expect(after.nextRunAt!.getTime()).toBeGreaterThan(dueAt.getTime());
  });

  it("agentResume runs an APPROVAL_REQUIRED agent's held run once its review is approved", async () => {
    const gated = await db.prisma.agent.create({
      data: {
        organizationId: agent.organizationId,
        slug: "publisher",
        name: "Publisher",
        instructions: "Publish.",
        modelName: "gpt-4o-mini",
        riskLevel: "APPROVAL_REQUIRED",
        simulation: { failureRate: 0, latencyMs: 10 },
      },
    });
    const fire = {
      organizationId: agent.organizationId,
      entityId: gated.id,
      source: "event",
      input: { prompt: "go" },
      dedupeKey: `resume-${randomBytes(4).toString("hex")}`,
    };
    const held = await new InngestTestEngine({ function: agentTriggerFire, events: [{ name: "agent/trigger.fire", data: fire }] }).execute();
    expect(held.result).toMatchObject({ status: "SUSPENDED" });
    const review = await db.prisma.approvalRequest.findFirstOrThrow({ where: { agentRunId: (held.result as { agentRunId: string }).agentRunId } });
    await db.prisma.approvalRequest.update({ where: { id: review.id }, data: { status: "approved", decidedAt: new Date(), decidedByLabel: "Ada" } });

    const data = { organizationId: agent.organizationId, approvalId: review.id, decision: "approved", notes: null };
    const { result, ctx } = await new InngestTestEngine({ function: agentResume, events: [{ name: "agent/resume", data }] }).execute();

    const run = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: review.agentRunId! } });
    expect(result).toEqual({ agentRunId: run.id, status: "COMPLETED" });
    expect(run).toMatchObject({ status: "COMPLETED", claimedBy: expect.stringMatching(/^inngest:/) });
    expect(ctx.step.run).toHaveBeenCalledWith("apply-decision", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("run-agent", expect.any(Function));
  });
});
