import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executeAgentRun } from "../agents/runtime.ts";
import { createResearchDesk } from "../networks/testing.ts";
import { runNetwork } from "../networks/runtime.ts";
import { createTestOrganization } from "../testing.ts";
import { executeWorkflowRun, startWorkflowRun } from "../workflows/runtime.ts";
import { createWorkflow } from "../workflows/service.ts";
import { cancelRun } from "./actions.ts";
import { recordRunQueued } from "./recorder.ts";

describe("cancelRun", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("cancels a queued agent run at once with one AGENT_RUN_CANCELLED, which a worker arriving later does not repeat", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflowRun = await db.prisma.workflowRun.create({
      data: { organizationId: org.organization.id, workflowId: (await workflowOf(org)).id, source: "manual", input: {} },
    });
    const request = {
      organizationId: org.organization.id,
      agentId: org.agent.id,
      source: "workflow" as const,
      input: { prompt: "hi" },
      dedupeKey: "queued-agent",
      workflowRunId: workflowRun.id,
    };
    const { run } = await recordRunQueued(db.prisma, request);

    expect(await cancelRun(org.ctx("OPERATOR"), "agent", run.id)).toMatchObject({ status: "CANCELLED" });
    await expect(cancelRun(org.ctx("OPERATOR"), "agent", run.id)).rejects.toMatchObject({ status: 409 });
    const late = await executeAgentRun(db.prisma, request, { workerId: "late-worker", sleep: async () => {} });
    expect(late).toMatchObject({ id: run.id, status: "CANCELLED", error: "Cancelled before it started", durationMs: 0, claimedAt: null });

    const events = await db.prisma.activityEvent.findMany({ where: { runId: run.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: org.organization.id,
      type: "AGENT_RUN_CANCELLED",
      title: 'Agent "Test Agent" was cancelled',
      status: "cancelled",
      description: "Cancelled before it started",
      agentId: org.agent.id,
      agentSlug: "test-agent",
      runId: run.id,
      workflowRunId: workflowRun.id,
      durationMs: 0,
    });
  });

  it("only flags a running agent run; its worker ends it CANCELLED at its next checkpoint, before calling the model", async () => {
    const org = await createTestOrganization(db.prisma);
    const request = { organizationId: org.organization.id, agentId: org.agent.id, source: "manual" as const, input: {}, dedupeKey: "running-agent" };
    const { run } = await recordRunQueued(db.prisma, request);
    const startedAt = new Date(Date.now() - 5_000);
    await db.prisma.agentRun.update({ where: { id: run.id }, data: { status: "RUNNING", startedAt, claimedAt: new Date(), claimedBy: "busy-worker" } });

    expect(await cancelRun(org.ctx("OPERATOR"), "agent", run.id)).toMatchObject({ status: "RUNNING" });
    expect(await db.prisma.activityEvent.count({ where: { runId: run.id } })).toBe(0);

    // The same worker picks the run back up (a retried attempt): the checkpoint before the model call stops it.
    const sleep = vi.fn(async () => {});
    const ended = await executeAgentRun(db.prisma, request, { workerId: "busy-worker", sleep });
    expect(ended).toMatchObject({
      id: run.id,
      status: "CANCELLED",
      error: "Cancelled on request before the model was called",
      totalTokens: 0,
      costUsd: 0,
      output: null,
    });
    expect(ended.durationMs).toBe(ended.completedAt!.getTime() - startedAt.getTime());
    expect(ended.durationMs).toBeGreaterThanOrEqual(5_000);
    expect(sleep).not.toHaveBeenCalled();
    const events = await db.prisma.activityEvent.findMany({ where: { runId: run.id } });
    expect(events.map((event) => [event.type, event.durationMs])).toEqual([["AGENT_RUN_CANCELLED", ended.durationMs]]);
    await expect(cancelRun(org.ctx("OPERATOR"), "agent", run.id)).rejects.toMatchObject({ status: 409 });
  });

  // A sub-run cancelled on its own is a step that produced nothing: the parent ends FAILED, as for a
  // failed member, because only the sub-run was asked to stop; cancelling the parent is its own request.
  it("fails the workflow whose agent step was cancelled mid-call, once, without hanging", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflow = await createWorkflow(org.ctx(), {
      slug: "two-steps",
      name: "Two steps",
      definition: {
        nodes: [
          { id: "draft", type: "agent", agent: "test-agent", prompt: "Draft" },
          { id: "polish", type: "agent", agent: "test-agent", dependsOn: ["draft"], prompt: "Polish" },
        ],
      },
    });
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "wf-child-cancel",
    });
    const sleep = async () => {
      const child = await db.prisma.agentRun.findFirstOrThrow({ where: { workflowRunId: run.id } });
      await cancelRun(org.ctx("OPERATOR"), "agent", child.id);
    };

    expect(await executeWorkflowRun(db.prisma, { organizationId: org.organization.id, workflowRunId: run.id }, { workerId: "w", sleep })).toMatchObject({
      status: "FAILED",
      done: true,
    });

    const child = await db.prisma.agentRun.findFirstOrThrow({ where: { workflowRunId: run.id } });
    expect(child).toMatchObject({ status: "CANCELLED" });
    const finished = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: "FAILED", error: 'Step "draft" failed: Agent "test-agent" was cancelled', totalTokens: child.totalTokens });
    expect(finished.cancelRequestedAt).toBeNull();
    const steps = await db.prisma.workflowRunStep.findMany({ where: { workflowRunId: run.id }, orderBy: { stepId: "asc" } });
    expect(steps.map((step) => [step.stepId, step.status, step.agentRunId])).toEqual([
      ["draft", "FAILED", child.id],
      ["polish", "SKIPPED", null],
    ]);
    expect(await db.prisma.agentRun.count({ where: { workflowRunId: run.id } })).toBe(1);
    const outcomes = await db.prisma.activityEvent.findMany({
      where: { workflowRunId: run.id, type: { in: ["AGENT_RUN_CANCELLED", "WORKFLOW_FAILED", "WORKFLOW_CANCELLED", "WORKFLOW_COMPLETED"] } },
    });
    expect(outcomes.map((event) => event.type).sort()).toEqual(["AGENT_RUN_CANCELLED", "WORKFLOW_FAILED"]);
  });

  it("fails the network whose member call was cancelled mid-call, and routes no further member", async () => {
    const desk = await createResearchDesk(db.prisma);
    let cancels = 0;
    const sleep = async () => {
      if (cancels++ > 0) return;
      const child = await db.prisma.agentRun.findFirstOrThrow({ where: { organizationId: desk.organization.id, source: "network" } });
      await cancelRun(desk.ctx("OPERATOR"), "agent", child.id);
    };

    const run = await runNetwork(
      db.prisma,
      {
        organizationId: desk.organization.id,
        networkId: desk.network.id,
        input: { prompt: "Research solar" },
        source: "manual",
        dedupeKey: "net-child-cancel",
      },
      { workerId: "w", sleep },
    );

    const child = await db.prisma.agentRun.findFirstOrThrow({ where: { networkRunId: run.id } });
    expect(child).toMatchObject({ status: "CANCELLED" });
    expect(run).toMatchObject({ status: "FAILED", error: `Step 1 failed: ${child.error}`, stepsCount: 1, totalTokens: child.totalTokens });
    expect(cancels).toBe(1);
    const outcomes = await db.prisma.activityEvent.findMany({
      where: { networkRunId: run.id, type: { in: ["AGENT_RUN_CANCELLED", "NETWORK_RUN_FAILED", "NETWORK_RUN_CANCELLED", "NETWORK_RUN_COMPLETED"] } },
    });
    expect(outcomes.map((event) => event.type).sort()).toEqual(["AGENT_RUN_CANCELLED", "NETWORK_RUN_FAILED"]);
  });

  it("cancels a workflow's agent step in flight with it: both end CANCELLED, once each, and later steps never run", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflow = await createWorkflow(org.ctx(), {
      slug: "two-steps",
      name: "Two steps",
      definition: {
        nodes: [
          { id: "draft", type: "agent", agent: "test-agent", prompt: "Draft" },
          { id: "polish", type: "agent", agent: "test-agent", dependsOn: ["draft"], prompt: "Polish" },
        ],
      },
    });
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "wf-parent-cancel",
    });
    // The operator cancels the workflow while its agent waits for the model.
    const flagged: string[] = [];
    const sleep = async () => {
      flagged.push((await cancelRun(org.ctx("OPERATOR"), "workflow", run.id)).status);
    };

    expect(await executeWorkflowRun(db.prisma, { organizationId: org.organization.id, workflowRunId: run.id }, { workerId: "w", sleep })).toMatchObject({
      status: "CANCELLED",
      done: true,
    });

    expect(flagged).toEqual(["RUNNING"]);
    const finished = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
    const child = await db.prisma.agentRun.findFirstOrThrow({ where: { workflowRunId: run.id } });
    expect(child).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; the model's answer was discarded",
      output: null,
      cancelRequestedAt: finished.cancelRequestedAt,
    });
    expect(child.totalTokens).toBeGreaterThan(0);
    expect(finished).toMatchObject({ status: "CANCELLED", error: "Cancelled on request", totalTokens: child.totalTokens, costUsd: child.costUsd });
    const steps = await db.prisma.workflowRunStep.findMany({ where: { workflowRunId: run.id }, orderBy: { stepId: "asc" } });
    expect(steps.map((step) => [step.stepId, step.status, step.agentRunId])).toEqual([
      ["draft", "CANCELLED", child.id],
      ["polish", "CANCELLED", null],
    ]);
    expect(await db.prisma.agentRun.count({ where: { workflowRunId: run.id } })).toBe(1);
    const outcomes = await db.prisma.activityEvent.findMany({
      where: { workflowRunId: run.id, type: { in: ["AGENT_RUN_CANCELLED", "WORKFLOW_FAILED", "WORKFLOW_CANCELLED", "WORKFLOW_COMPLETED"] } },
    });
    expect(outcomes.map((event) => [event.type, event.runId]).sort()).toEqual([
      ["AGENT_RUN_CANCELLED", child.id],
      ["WORKFLOW_CANCELLED", null],
    ]);
  });

  it("stops a sub-run created after its parent's cancel was asked, before it calls the model", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflow = await createWorkflow(org.ctx(), {
      slug: "one-step",
      name: "One step",
      definition: { nodes: [{ id: "draft", type: "agent", agent: "test-agent", prompt: "Draft" }] },
    });
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "wf-late-child",
    });
    await db.prisma.workflowRun.update({ where: { id: run.id }, data: { status: "RUNNING", cancelRequestedAt: new Date() } });
    const sleep = vi.fn(async () => {});

    const child = await executeAgentRun(
      db.prisma,
      { organizationId: org.organization.id, agentId: org.agent.id, source: "manual", input: {}, dedupeKey: "wf-late-child:draft", workflowRunId: run.id },
      { workerId: "w", sleep },
    );

    expect(child).toMatchObject({ status: "CANCELLED", error: "Cancelled with its parent before the model was called", totalTokens: 0, output: null });
    expect(sleep).not.toHaveBeenCalled();
    const events = await db.prisma.activityEvent.findMany({ where: { runId: child.id } });
    expect(events.map((event) => [event.type, event.workflowRunId])).toEqual([["AGENT_RUN_CANCELLED", run.id]]);
  });

  it("stops a campaign task's agent run created after the campaign's cancel was asked, before it calls the model", async () => {
    const org = await createTestOrganization(db.prisma);
    const campaign = await db.prisma.campaign.create({
      data: {
        organizationId: org.organization.id,
        name: "Tides",
        intent: "Map tides",
        source: "manual",
        status: "RUNNING",
        phase: "executing",
        cancelRequestedAt: new Date(),
      },
    });
    const sleep = vi.fn(async () => {});

    const task = await executeAgentRun(
      db.prisma,
      {
        organizationId: org.organization.id,
        agentId: org.agent.id,
        source: "manual",
        input: {},
        dedupeKey: "late-task",
        metadata: { campaignId: campaign.id },
      },
      { workerId: "w", sleep },
    );

    expect(task).toMatchObject({ status: "CANCELLED", error: "Cancelled with its parent before the model was called", totalTokens: 0 });
    expect(sleep).not.toHaveBeenCalled();
  });

  it("cancels a workflow's queued sub-run at once, and leaves finished sub-runs and other organizations' runs alone", async () => {
    const org = await createTestOrganization(db.prisma);
    const other = await createTestOrganization(db.prisma);
    const workflowRun = await db.prisma.workflowRun.create({
      data: { organizationId: org.organization.id, workflowId: (await workflowOf(org)).id, source: "manual", input: {}, status: "RUNNING" },
    });
    const subRun = (owner: typeof org, dedupeKey: string) =>
      recordRunQueued(db.prisma, {
        organizationId: owner.organization.id,
        agentId: owner.agent.id,
        source: "workflow",
        input: {},
        dedupeKey,
        workflowRunId: workflowRun.id,
      });
    const { run: queued } = await subRun(org, "queued-child");
    const { run: done } = await subRun(org, "done-child");
    await db.prisma.agentRun.update({ where: { id: done.id }, data: { status: "COMPLETED", completedAt: new Date() } });
    const { run: foreign } = await subRun(other, "foreign-child");

    expect(await cancelRun(org.ctx("OPERATOR"), "workflow", workflowRun.id)).toMatchObject({ status: "RUNNING" });

    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled with its workflow run",
      durationMs: 0,
    });
    expect(await db.prisma.activityEvent.findMany({ where: { runId: queued.id }, select: { type: true } })).toEqual([{ type: "AGENT_RUN_CANCELLED" }]);
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ status: "COMPLETED", cancelRequestedAt: null });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ status: "QUEUED", cancelRequestedAt: null });
    expect(await db.prisma.activityEvent.count({ where: { runId: { in: [done.id, foreign.id] } } })).toBe(0);
  });

  it("cancels a network's member call in flight with it: the network ends CANCELLED, not FAILED, and routes no further member", async () => {
    const desk = await createResearchDesk(db.prisma);
    let cancels = 0;
    const sleep = async () => {
      if (cancels++ > 0) return;
      const parent = await db.prisma.networkRun.findFirstOrThrow({ where: { organizationId: desk.organization.id, dedupeKey: "net-parent-cancel" } });
      await cancelRun(desk.ctx("OPERATOR"), "network", parent.id);
    };

    const run = await runNetwork(
      db.prisma,
      {
        organizationId: desk.organization.id,
        networkId: desk.network.id,
        input: { prompt: "Research solar" },
        source: "manual",
        dedupeKey: "net-parent-cancel",
      },
      { workerId: "w", sleep },
    );

    const child = await db.prisma.agentRun.findFirstOrThrow({ where: { networkRunId: run.id } });
    expect(child).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; the model's answer was discarded",
      cancelRequestedAt: run.cancelRequestedAt,
    });
    expect(run).toMatchObject({ status: "CANCELLED", error: "Cancelled after 1 step(s)", stepsCount: 1, totalTokens: child.totalTokens });
    expect(cancels).toBe(1);
    const steps = await db.prisma.networkRunStep.findMany({ where: { networkRunId: run.id } });
    expect(steps.map((step) => [step.stepNumber, step.status, step.agentRunId])).toEqual([[1, "CANCELLED", child.id]]);
    const outcomes = await db.prisma.activityEvent.findMany({
      where: { networkRunId: run.id, type: { in: ["AGENT_RUN_CANCELLED", "NETWORK_RUN_FAILED", "NETWORK_RUN_CANCELLED", "NETWORK_RUN_COMPLETED"] } },
    });
    expect(outcomes.map((event) => event.type).sort()).toEqual(["AGENT_RUN_CANCELLED", "NETWORK_RUN_CANCELLED"]);
  });

  it("cancels a queued pulse evaluation without an activity event: pulses have none for it", async () => {
    const org = await createTestOrganization(db.prisma);
    const pulse = await db.prisma.pulse.create({
      data: { organizationId: org.organization.id, slug: "p", name: "Pulse", goal: "Grow", evalCronExpr: "0 * * * *" },
    });
    const evaluation = await db.prisma.pulseEvaluation.create({ data: { organizationId: org.organization.id, pulseId: pulse.id, source: "manual" } });

    expect(await cancelRun(org.ctx("OPERATOR"), "pulse", evaluation.id)).toMatchObject({ status: "CANCELLED" });
    expect(await db.prisma.pulseEvaluation.findUniqueOrThrow({ where: { id: evaluation.id } })).toMatchObject({
      error: "Cancelled before it started",
      durationMs: 0,
    });
    expect(await db.prisma.activityEvent.count({ where: { organizationId: org.organization.id } })).toBe(0);
  });

  function workflowOf(org: Awaited<ReturnType<typeof createTestOrganization>>) {
    return db.prisma.workflow.create({ data: { organizationId: org.organization.id, slug: "flow", name: "Flow", definition: { nodes: [] } } });
  }
});
