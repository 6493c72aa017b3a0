import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { createTrigger, fireTriggerManually } from "../triggers/service.ts";
import { requestRunCancel } from "../runs/lifecycle.ts";
import { createNetworkHandlers, runNetwork } from "./runtime.ts";
import { createResearchDesk } from "./testing.ts";

const noSleep = async () => {};
const options = { workerId: "test-worker", sleep: noSleep };

describe("runNetwork", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  const request = (desk: Awaited<ReturnType<typeof createResearchDesk>>, overrides: Partial<Parameters<typeof runNetwork>[1]> = {}) => ({
    organizationId: desk.organization.id,
    networkId: desk.network.id,
    input: { prompt: "Solar panel prices in 2026" },
    source: "manual" as const,
    dedupeKey: `test:${randomBytes(6).toString("hex")}`,
    ...overrides,
  });

  it("routes until the goal is met, recording each step's decision and AgentRun sub-run, and rolls cost up", async () => {
    const desk = await createResearchDesk(db.prisma);
    const run = await runNetwork(db.prisma, request(desk), options);

    expect(run).toMatchObject({ status: "COMPLETED", stepsCount: 3, error: null });
    expect(run.output).toMatchObject({ goalMet: true, finishReason: "Goal met: researcher, writer, reviewer contributed", steps: 3 });
    const steps = await db.prisma.networkRunStep.findMany({ where: { networkRunId: run.id }, orderBy: { stepNumber: "asc" } });
    expect(steps.map((step) => step.agentId)).toEqual(desk.agents.map((agent) => agent.id));
    expect(steps.map((step) => (step.routingDecision as { reason: string }).reason)).toEqual([
      'researcher (research) matches "research" in the request',
      'writer (drafting) matches "write", "report" in the request',
      'reviewer (quality) matches "review" in the request',
    ]);

    const subRuns = await db.prisma.agentRun.findMany({ where: { networkRunId: run.id } });
    expect(subRuns).toHaveLength(3);
    for (const step of steps) {
      const subRun = subRuns.find((candidate) => candidate.id === step.agentRunId)!;
      expect(subRun).toMatchObject({ source: "network", status: "COMPLETED", agentId: step.agentId, networkRunId: run.id });
      expect(step).toMatchObject({ status: "COMPLETED", totalTokens: subRun.totalTokens, costUsd: subRun.costUsd });
    }
    // Each member sees the request and what the members before it said.
    expect((steps[2].input as { prompt: string }).prompt).toContain("writer said: [writer]");
    expect(run.totalTokens).toBe(subRuns.reduce((sum, subRun) => sum + subRun.totalTokens, 0));
    expect(run.costUsd).toBe(Math.round(subRuns.reduce((sum, subRun) => sum + subRun.costUsd, 0) * 1e6) / 1e6);
    expect(run.costUsd).toBeGreaterThan(0);

    const activity = await db.prisma.activityEvent.findMany({ where: { networkRunId: run.id }, orderBy: { createdAt: "asc" } });
    expect(activity.map((event) => event.type)).toEqual(["NETWORK_RUN_STARTED", "NETWORK_RUN_COMPLETED"]);
    expect(activity[1]).toMatchObject({ costUsd: run.costUsd, totalTokens: run.totalTokens });
  });

  it("makes one run per dedupe key: a redelivery returns the finished run and calls no member again", async () => {
    const desk = await createResearchDesk(db.prisma);
    const same = request(desk);
    const first = await runNetwork(db.prisma, same, options);
    const again = await runNetwork(db.prisma, same, options);
    expect(again.id).toBe(first.id);
    expect(await db.prisma.networkRun.count({ where: { networkId: desk.network.id } })).toBe(1);
    expect(await db.prisma.networkRunStep.count({ where: { networkRunId: first.id } })).toBe(3);
    expect(await db.prisma.agentRun.count({ where: { networkRunId: first.id } })).toBe(3);
  });

  it("stops at maxSteps", async () => {
    const desk = await createResearchDesk(db.prisma, { maxSteps: 2 });
    const run = await runNetwork(db.prisma, request(desk), options);
    expect(run).toMatchObject({ status: "COMPLETED", stepsCount: 2 });
    expect(run.output).toMatchObject({ goalMet: false, finishReason: "Reached maxSteps (2) before reviewer could contribute" });
    expect(await db.prisma.agentRun.count({ where: { networkRunId: run.id } })).toBe(2);
  });

  it("honours a cancel request, stopping the member call in flight with it", async () => {
    const desk = await createResearchDesk(db.prisma);
    const req = request(desk);
    // The cancel arrives while the first member is "thinking".
    let calls = 0;
    const sleep = async () => {
      if (calls++ > 0) return;
      const running = await db.prisma.networkRun.findUniqueOrThrow({
        where: { organizationId_dedupeKey: { organizationId: desk.organization.id, dedupeKey: req.dedupeKey } },
      });
      await requestRunCancel(desk.ctx("OPERATOR"), "network", running.id);
    };
    const run = await runNetwork(db.prisma, req, { workerId: "test-worker", sleep });

    expect(run).toMatchObject({ status: "CANCELLED", stepsCount: 1, error: "Cancelled after 1 step(s)" });
    expect(run.cancelRequestedAt).not.toBeNull();
    expect(await db.prisma.agentRun.count({ where: { networkRunId: run.id } })).toBe(1);
    const activity = await db.prisma.activityEvent.findMany({ where: { networkRunId: run.id } });
    expect(activity.map((event) => event.type).sort()).toEqual(["AGENT_RUN_CANCELLED", "NETWORK_RUN_CANCELLED", "NETWORK_RUN_STARTED"]);
    expect(activity.find((event) => event.type === "NETWORK_RUN_CANCELLED")).toMatchObject({
      title: "Network run cancelled",
      status: "CANCELLED",
      description: "Cancelled after 1 step(s)",
    });
  });

  it("cancels a queued run at once with one NETWORK_RUN_CANCELLED, and a worker arriving later leaves it alone", async () => {
    const desk = await createResearchDesk(db.prisma);
    const queued = await db.prisma.networkRun.create({
      data: {
        organizationId: desk.organization.id,
        networkId: desk.network.id,
        source: "manual",
        input: {},
        dedupeKey: `test:${randomBytes(6).toString("hex")}`,
      },
    });
    const cancelled = await requestRunCancel(desk.ctx("OPERATOR"), "network", queued.id);
    expect(cancelled).toMatchObject({ status: "CANCELLED", error: "Cancelled before it started", durationMs: 0 });
    await expect(requestRunCancel(desk.ctx("OPERATOR"), "network", queued.id)).rejects.toThrow("already cancelled");
    const run = await runNetwork(db.prisma, { ...request(desk), dedupeKey: queued.dedupeKey! }, options);
    expect(run.status).toBe("CANCELLED");

    const activity = await db.prisma.activityEvent.findMany({ where: { networkRunId: queued.id } });
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({
      type: "NETWORK_RUN_CANCELLED",
      status: "CANCELLED",
      networkRunId: queued.id,
      durationMs: 0,
      description: "Cancelled before it started",
    });
  });

  it("fails the run when a member call fails", async () => {
    const desk = await createResearchDesk(db.prisma);
    await db.prisma.agent.update({ where: { id: desk.agents[1].id }, data: { simulation: { failureRate: 1, latencyMs: 10 } } });
    const run = await runNetwork(db.prisma, request(desk), options);
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(/^Step 2 failed: /);
    expect(run.stepsCount).toBe(2);
  });

  it("runs from a trigger fire through the network/trigger.fire handler and links the TriggerEvent", async () => {
    const desk = await createResearchDesk(db.prisma);
    const ctx = desk.ctx("OPERATOR");
    const engine = createLocalEngine(db.prisma);
    const { trigger } = await createTrigger(ctx, "network", "research-desk", { type: "manual", name: "Run desk", inputMapping: { prompt: "topic" } });
    const fired = await fireTriggerManually(ctx, engine, "network", "research-desk", trigger.id, "manual", { topic: "Heat pumps" });

    const deps = { db: db.prisma, workerId: "test-worker", sleep: noSleep, engine };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createNetworkHandlers(deps) }, workerId: "test-worker" });

    const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: fired.triggerEvent.id } });
    expect(event).toMatchObject({ status: "FIRED", networkId: desk.network.id, error: null });
    const run = await db.prisma.networkRun.findUniqueOrThrow({ where: { id: event.networkRunId! } });
    expect(run).toMatchObject({ status: "COMPLETED", source: "manual", triggerId: trigger.id, triggerEventId: event.id, input: { prompt: "Heat pumps" } });
  });
});
