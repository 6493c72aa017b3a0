import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/runs/[kind]/[id]", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];
  const base = new Date("2026-10-01T08:00:00Z");
  const at = (seconds: number) => new Date(base.getTime() + seconds * 1_000);
  const ids = {} as Record<"agent" | "subRun" | "workflow" | "network" | "campaign" | "pulse", string>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    const p = db.prisma;
    seeded = await seedMixedRuns(p, organizationId, org.agent.id, base, 1);
    const workflow = await p.workflow.findFirstOrThrow({ where: { organizationId } });
    const network = await p.network.findFirstOrThrow({ where: { organizationId } });
    const template = await p.campaignTemplate.findFirstOrThrow({ where: { organizationId } });
    const pulse = await p.pulse.findFirstOrThrow({ where: { organizationId } });

    // The version the run started with; its graph is what the detail draws.
    await p.workflowVersion.create({
      data: {
        workflowId: workflow.id,
        version: 1,
        definition: {
          nodes: [
            { id: "draft", type: "agent", agent: "test-agent", name: "Draft" },
            { id: "review", type: "human", prompt: "Ship it?", dependsOn: ["draft"] },
          ],
        },
      },
    });
    const wf = await p.workflowRun.create({
      data: {
        organizationId,
        workflowId: workflow.id,
        status: "COMPLETED",
        source: "manual",
        input: { topic: "x" },
        output: { ok: true },
        createdAt: at(0),
        startedAt: at(0),
        claimedAt: at(1),
        suspendedAt: at(5),
        completedAt: at(20),
        durationMs: 20_000,
        costUsd: 0.02,
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        totalTokens: 300,
      },
    });
    ids.workflow = wf.id;
    const sub = await p.agentRun.create({
      data: {
        organizationId,
        agentId: org.agent.id,
        status: "COMPLETED",
        source: "workflow",
        workflowRunId: wf.id,
        input: { step: "draft" },
        output: { text: "hi" },
        startedAt: at(2),
        createdAt: at(2),
        completedAt: at(4),
        durationMs: 2_000,
        totalTokens: 150,
        costUsd: 0.01,
        claimedAt: at(2),
      },
    });
    ids.subRun = sub.id;
    await p.agentToolCall.create({
      data: { organizationId, agentRunId: sub.id, toolName: "search", input: { q: "x" }, output: { hits: 1 }, durationMs: 40, startedAt: at(3) },
    });
    await p.runArtifact.create({
      data: { organizationId, agentRunId: sub.id, workflowRunId: wf.id, artifactType: "output", filename: "draft.md", content: "# Draft" },
    });
    await p.workflowRunStep.create({
      data: {
        organizationId,
        workflowRunId: wf.id,
        stepId: "draft",
        stepType: "agent",
        name: "Draft",
        status: "COMPLETED",
        agentRunId: sub.id,
        startedAt: at(2),
        completedAt: at(4),
      },
    });
    await p.workflowRunStep.create({
      data: {
        organizationId,
        workflowRunId: wf.id,
        stepId: "review",
        stepType: "approval",
        name: "Review",
        status: "COMPLETED",
        startedAt: at(5),
        completedAt: at(19),
      },
    });
    await p.workflowRunEvent.create({
      data: { organizationId, workflowRunId: wf.id, eventType: "stage", stepId: "draft", message: "drafting", createdAt: at(2) },
    });
    await p.workflowRunEvaluation.create({ data: { organizationId, workflowRunId: wf.id, score: 0.9, passed: true, summary: "good" } });
    await p.workflowRunFeedback.create({ data: { organizationId, workflowRunId: wf.id, rating: 4, comment: "nice" } });
    await p.approvalRequest.create({
      data: {
        organizationId,
        sourceType: "workflow-review",
        status: "approved",
        title: "Review draft",
        workflowRunId: wf.id,
        workflowStepId: "review",
        decidedAt: at(19),
      },
    });

    const trigger = await p.agentTrigger.create({
      data: { organizationId, entityType: "network", networkId: network.id, name: "Question asked", type: "event", eventName: "question.asked" },
    });
    const nr = await p.networkRun.create({
      data: {
        organizationId,
        networkId: network.id,
        triggerId: trigger.id,
        status: "FAILED",
        source: "trigger",
        input: { q: "y" },
        error: "member failed",
        startedAt: at(0),
        createdAt: at(0),
        claimedAt: at(0),
        completedAt: at(9),
        durationMs: 9_000,
      },
    });
    ids.network = nr.id;
    const member = await p.agentRun.create({
      data: {
        organizationId,
        agentId: org.agent.id,
        status: "FAILED",
        source: "network",
        networkRunId: nr.id,
        input: {},
        startedAt: at(1),
        completedAt: at(8),
        durationMs: 7_000,
      },
    });
    await p.networkRunStep.create({
      data: {
        organizationId,
        networkRunId: nr.id,
        stepNumber: 1,
        agentId: org.agent.id,
        routingDecision: { chosen: "test-agent", reason: "fits" },
        status: "FAILED",
        agentRunId: member.id,
      },
    });
    await p.networkRunEvaluation.create({ data: { organizationId, networkRunId: nr.id, score: 0.2, passed: false } });
    await p.networkRunFeedback.create({ data: { organizationId, networkRunId: nr.id, rating: 2 } });

    const campaign = await p.campaign.create({
      data: {
        organizationId,
        templateId: template.id,
        name: template.name,
        intent: "Distill x",
        source: "schedule",
        status: "COMPLETED",
        phase: "done",
        afterActionReview: { summary: "went well" },
        startedAt: at(0),
        createdAt: at(0),
        claimedAt: at(50),
        completedAt: at(60),
        durationMs: 60_000,
      },
    });
    ids.campaign = campaign.id;
    const mission = await p.mission.create({
      data: { organizationId, campaignId: campaign.id, sequence: 1, name: "Collect", objective: "Collect sources", status: "COMPLETED" },
    });
    const taskRun = await p.agentRun.create({
      data: { organizationId, agentId: org.agent.id, status: "COMPLETED", source: "campaign", input: {}, startedAt: at(10) },
    });
    await p.missionTask.create({
      data: {
        organizationId,
        missionId: mission.id,
        campaignId: campaign.id,
        name: "Find",
        instructions: "Find",
        agentId: org.agent.id,
        status: "COMPLETED",
        agentRunId: taskRun.id,
        startedAt: at(10),
      },
    });
    await p.approvalRequest.create({ data: { organizationId, sourceType: "campaign", title: "Approve plan", campaignId: campaign.id } });

    const evaluation = await p.pulseEvaluation.create({
      data: {
        organizationId,
        pulseId: pulse.id,
        status: "COMPLETED",
        source: "schedule",
        rankings: [{ agentId: org.agent.id, score: 80 }],
        actions: [{ type: "raise" }],
        report: "# Report",
        startedAt: at(0),
        createdAt: at(0),
        completedAt: at(1),
        durationMs: 1_000,
      },
    });
    ids.pulse = evaluation.id;
    ids.agent = seeded.find((r) => r.kind === "agent")!.id;
  });
  afterAll(async () => db?.close());

  const get = (kind: string, id: string, key = org.keys.VIEWER) => call(GET, { path: `/api/runs/${kind}/${id}`, params: { kind, id }, key });

  it("returns a workflow run with steps, sub-runs, events, artifacts, evaluation, feedback, approvals and a timeline", async () => {
    const { status, body } = await get("workflow", ids.workflow);
    expect(status).toBe(200);
    expect(body.run).toMatchObject({
      kind: "workflow",
      id: ids.workflow,
      name: "Review flow",
      status: "COMPLETED",
      durationMs: 20_000,
      tokens: 300,
      entity: { slug: "review-flow" },
      retryOfId: null,
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(body.timeline.map((e: { state: string }) => e.state)).toEqual(["queued", "started", "suspended", "completed"]);
    expect(body.timeline[2].at).toBe(at(5).toISOString());
    expect(body.detail.steps.map((s: { stepId: string }) => s.stepId)).toEqual(["draft", "review"]);
    expect(body.detail.steps[0].agentRun).toMatchObject({ id: ids.subRun, status: "COMPLETED", durationMs: 2_000 });
    expect(body.detail.graph.nodes.map((n: { id: string; type: string }) => [n.id, n.type])).toEqual([
      ["draft", "agent"],
      ["review", "human"],
    ]);
    expect(body.detail.graph.edges).toEqual([{ source: "draft", target: "review", branch: null }]);
    expect(body.detail.events).toHaveLength(1);
    expect(body.detail.toolCalls).toEqual([
      expect.objectContaining({
        toolName: "search",
        agentRun: expect.objectContaining({ id: ids.subRun, agent: expect.objectContaining({ slug: "test-agent" }) }),
      }),
    ]);
    expect(body.detail.artifacts[0]).toMatchObject({ filename: "draft.md" });
    expect(body.detail.evaluation).toMatchObject({ score: 0.9, passed: true });
    expect(body.detail.feedback).toEqual([expect.objectContaining({ rating: 4, comment: "nice" })]);
    expect(body.detail.approvals).toEqual([expect.objectContaining({ status: "approved", workflowStepId: "review" })]);
  });

  it("returns an agent run with tool calls, artifacts and its parent workflow run", async () => {
    const { body } = await get("agent", ids.subRun);
    expect(body.run).toMatchObject({ kind: "agent", source: "workflow", entity: { slug: "test-agent" }, traceId: null, traceUrl: null });
    expect(body.detail.toolCalls).toEqual([expect.objectContaining({ toolName: "search", durationMs: 40 })]);
    expect(body.detail.artifacts).toHaveLength(1);
    expect(body.detail.parent.workflowRun).toMatchObject({ id: ids.workflow, workflow: { slug: "review-flow" } });
    expect(body.detail.parent.networkRun).toBeNull();
  });

  it("returns a network run with routing decisions, sub-runs, evaluation and feedback", async () => {
    const { body } = await get("network", ids.network);
    expect(body.run).toMatchObject({ kind: "network", status: "FAILED", error: "member failed", trigger: { name: "Question asked", type: "trigger" } });
    expect(body.timeline.map((e: { state: string }) => e.state)).toEqual(["queued", "started", "failed"]);
    expect(body.detail.steps[0]).toMatchObject({
      stepNumber: 1,
      routingDecision: { chosen: "test-agent", reason: "fits" },
      agentRun: { status: "FAILED", agent: { slug: "test-agent" } },
    });
    expect(body.detail.evaluation).toMatchObject({ passed: false });
    expect(body.detail.feedback).toEqual([expect.objectContaining({ rating: 2 })]);
  });

  it("returns a campaign with missions, tasks and their agent runs, approvals and after-action review", async () => {
    const { body } = await get("campaign", ids.campaign);
    expect(body.run).toMatchObject({ kind: "campaign", entity: { slug: "knowledge-distiller" } });
    expect(body.detail.missions).toHaveLength(1);
    expect(body.detail.missions[0].tasks[0]).toMatchObject({
      name: "Find",
      agentRunIds: [expect.any(String)],
      agentRun: { status: "COMPLETED" },
      agent: { slug: "test-agent" },
    });
    expect(body.detail.approvals).toEqual([expect.objectContaining({ sourceType: "campaign", status: "pending" })]);
    expect(body.detail.afterActionReview).toEqual({ summary: "went well" });
    // Resumed after an approval (claimed again at minute 50), it still began with its first task.
    expect(body.timeline).toContainEqual({ state: "started", at: at(10).toISOString() });
  });

  it("returns a pulse evaluation with rankings, actions and report", async () => {
    const { body } = await get("pulse", ids.pulse);
    expect(body.run).toMatchObject({ kind: "pulse", entity: { slug: "growth-pulse" } });
    expect(body.detail).toMatchObject({ rankings: [{ score: 80 }], actions: [{ type: "raise" }], report: "# Report", pulse: { slug: "growth-pulse" } });
  });

  it("shows a queued run only as queued", async () => {
    const queued = seeded.find((r) => r.status === "COMPLETED" && r.kind === "agent")!;
    const { body } = await get("agent", queued.id);
    expect(body.timeline.map((e: { state: string }) => e.state)).toEqual(["queued", "started", "completed"]);
  });

  it("answers 404 for another organization's ids and for the wrong kind, 400 for a bad kind", async () => {
    const other = await createTestOrganization(db.prisma);
    for (const [kind, id] of Object.entries({ agent: ids.agent, workflow: ids.workflow, network: ids.network, campaign: ids.campaign, pulse: ids.pulse })) {
      const { status, body } = await get(kind, id, other.keys.ADMIN);
      expect(status, kind).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect((await get("network", ids.workflow)).status).toBe(404);
    const bad = await get("robot", ids.workflow);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });
});
