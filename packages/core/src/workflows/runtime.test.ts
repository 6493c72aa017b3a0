import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database, Prisma } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAgentRun } from "../agents/runtime.ts";
import { decideReview } from "../reviews/decisions.ts";
import { dispatchFire } from "../dispatch.ts";
import { AppError } from "../errors.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { getRunDetail } from "../runs/detail.ts";
import { requestRunCancel } from "../runs/lifecycle.ts";
import { createTestOrganization } from "../testing.ts";
import { createWorkflowHandlers } from "./handlers.ts";
import { executeWorkflowRun, runWorkflowBatch, startWorkflowRun } from "./runtime.ts";
import { createWorkflow, getWorkflowRun, updateWorkflow } from "./service.ts";

type TestOrg = Awaited<ReturnType<typeof createTestOrganization>>;

describe("workflow runtime", () => {
  let db: Database;
  let server: Server;
  let baseUrl: string;
  /** The local HTTP server's behaviour per path; a test sets what its path does. */
  const routes = new Map<string, (request: IncomingMessage, response: ServerResponse) => void | Promise<void>>();

  beforeAll(async () => {
    db = await createTestDatabase();
    server = createServer((request, response) => {
      const handle = routes.get(request.url ?? "");
      if (!handle) return void response.writeHead(404).end("no route");
      void handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await db?.close();
  });

  const noSleep = async () => {};

  async function drain(sleep: (ms: number) => Promise<void> = noSleep) {
    // The HTTP stand-in listens on 127.0.0.1, a private target the default policy refuses.
    const deps = { db: db.prisma, workerId: "test-worker", sleep, outboundPolicy: { allowPrivate: true, allowedHosts: [] } };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createWorkflowHandlers(deps) }, workerId: "test-worker" });
  }

  async function setup(nodes: unknown[], extra: { output?: unknown } = {}) {
    const org = await createTestOrganization(db.prisma);
    return { org, workflow: await createWorkflow(org.ctx(), { slug: "flow", name: "Flow", definition: { nodes, ...extra } }) };
  }

  async function addAgent(org: TestOrg, slug: string, data: Partial<Prisma.AgentUncheckedCreateInput> = {}) {
    return db.prisma.agent.create({
      data: {
        organizationId: org.organization.id,
        slug,
        name: slug,
        instructions: "Do the job.",
        modelName: "gpt-4o-mini",
        simulation: { failureRate: 0, latencyMs: 10 },
        ...data,
      },
    });
  }

  /** Fires the workflow through the dispatch table and drains the engine; returns the run. */
  async function fire(org: TestOrg, workflow: { id: string }, input: unknown, options: { dedupeKey?: string; sleep?: (ms: number) => Promise<void> } = {}) {
    const dedupeKey = options.dedupeKey ?? `test:${randomBytes(6).toString("hex")}`;
    await dispatchFire(createLocalEngine(db.prisma), "workflow", {
      organizationId: org.organization.id,
      entityId: workflow.id,
      source: "manual",
      input,
      dedupeKey,
    });
    await drain(options.sleep);
    return db.prisma.workflowRun.findUniqueOrThrow({ where: { organizationId_dedupeKey: { organizationId: org.organization.id, dedupeKey } } });
  }

  async function stepsOf(runId: string) {
    const steps = await db.prisma.workflowRunStep.findMany({ where: { workflowRunId: runId } });
    return Object.fromEntries(steps.map((step) => [step.stepId, step]));
  }

  it("executes a run on the version it was created with, even when a later version is saved before it starts", async () => {
    const { org, workflow } = await setup([{ id: "v1-step", type: "tool", tool: "echo", input: { version: 1 } }]);
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "queued-before-save",
    });
    const saved = await updateWorkflow(org.ctx(), "flow", { definition: { nodes: [{ id: "v2-step", type: "tool", tool: "echo", input: { version: 2 } }] } });
    expect(saved).toMatchObject({ versionCreated: true, workflow: { version: 2 } });

    const finished = await executeWorkflowRun(db.prisma, { organizationId: org.organization.id, workflowRunId: run.id }, { workerId: "test-worker" });
    expect(finished.status).toBe("COMPLETED");
    expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      workflowVersion: 1,
      output: { "v1-step": { version: 1 } },
    });
    expect(Object.keys(await stepsOf(run.id))).toEqual(["v1-step"]);
  });

  it("fails a run whose version is gone instead of running the current definition", async () => {
    const { org, workflow } = await setup([{ id: "only", type: "tool", tool: "echo" }]);
    await updateWorkflow(org.ctx(), "flow", { definition: { nodes: [{ id: "newer", type: "tool", tool: "echo" }] } });
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "v",
    });
    await db.prisma.workflowRun.update({ where: { id: run.id }, data: { workflowVersion: 1 } });
    await db.prisma.workflowVersion.deleteMany({ where: { workflowId: workflow.id, version: 1 } });

    const finished = await executeWorkflowRun(db.prisma, { organizationId: org.organization.id, workflowRunId: run.id }, { workerId: "test-worker" });
    expect(finished.status).toBe("FAILED");
    expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ error: 'Version 1 of workflow "flow" is missing' });
    expect(await db.prisma.workflowRunStep.count({ where: { workflowRunId: run.id } })).toBe(0);
  });

  it("runs a DAG to completion, resolving templates everywhere and persisting every step", async () => {
    const { org, workflow } = await setup(
      [
        { id: "prep", type: "transform", expression: '{ "title": "Fix " & input.issue, "files": ["auth.ts", "db.ts"] }' },
        { id: "summarize", type: "agent", agent: "test-agent", dependsOn: ["prep"], prompt: "Summarize {{ steps.prep.title }} in {{ input.repo }}" },
        {
          id: "publish",
          type: "tool",
          tool: "echo",
          dependsOn: ["summarize"],
          input: { summary: "{{ steps.summarize.text }}", files: "{{ steps.prep.files }}" },
        },
      ],
      { output: { summary: "{{ steps.publish.summary }}", fileCount: "{{ $count(steps.prep.files) }}" } },
    );

    const run = await fire(org, workflow, { issue: "#42", repo: "acme/api" });

    expect(run).toMatchObject({ status: "COMPLETED", source: "manual", workflowVersion: 1, error: null, claimedBy: "test-worker" });
    expect(run.heartbeatAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    const steps = await stepsOf(run.id);
    expect(Object.values(steps).map((step) => step.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
    expect(steps.prep.output).toEqual({ title: "Fix #42", files: ["auth.ts", "db.ts"] });
    expect(steps.summarize.input).toEqual({ prompt: "Summarize Fix #42 in acme/api" });

    const subRun = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: steps.summarize.agentRunId! } });
    expect(subRun).toMatchObject({ source: "workflow", workflowRunId: run.id, status: "COMPLETED", input: { prompt: "Summarize Fix #42 in acme/api" } });
    expect(subRun.metadata).toMatchObject({ workflowSlug: "flow", stepId: "summarize" });
    expect(steps.summarize).toMatchObject({ output: subRun.output, totalTokens: subRun.totalTokens, costUsd: subRun.costUsd });
    expect(steps.publish.output).toEqual({ summary: (subRun.output as { text: string }).text, files: ["auth.ts", "db.ts"] });
    for (const step of Object.values(steps)) expect(step.durationMs).toBeGreaterThanOrEqual(0);

    expect(run.output).toEqual({ summary: (subRun.output as { text: string }).text, fileCount: 2 });
    expect(run).toMatchObject({ totalTokens: subRun.totalTokens, costUsd: subRun.costUsd });
    expect(run.totalTokens).toBeGreaterThan(0);

    const activity = await db.prisma.activityEvent.findMany({ where: { workflowRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(activity.map((event) => event.type)).toEqual(["WORKFLOW_STARTED", "WORKFLOW_COMPLETED"]);
    expect(activity[1]).toMatchObject({ organizationId: org.organization.id, durationMs: run.durationMs, costUsd: run.costUsd, totalTokens: run.totalTokens });
    expect((activity[1].metadata as { outputSummary: string }).outputSummary).toContain('"fileCount":2');
  });

  it("skips the untaken branch of a condition and the steps only it leads to", async () => {
    const { org, workflow } = await setup([
      { id: "classify-risk", type: "transform", expression: '{ "riskLevel": input.risk }' },
      {
        id: "route",
        type: "condition",
        dependsOn: ["classify-risk"],
        expression: "steps.classify-risk.riskLevel = 'high'",
        then: ["deep-review"],
        else: ["fast-path"],
      },
      { id: "deep-review", type: "tool", tool: "echo", input: { level: "deep" } },
      { id: "deep-followup", type: "tool", tool: "echo", dependsOn: ["deep-review"] },
      { id: "fast-path", type: "tool", tool: "echo", input: { level: "fast" } },
      { id: "join", type: "transform", dependsOn: ["deep-followup", "fast-path"], expression: '"joined"' },
    ]);

    const low = await fire(org, workflow, { risk: "low" });
    const lowSteps = await stepsOf(low.id);
    expect(low.status).toBe("COMPLETED");
    expect(lowSteps.route.output).toEqual({ result: false, branch: "else", value: false });
    expect(lowSteps["deep-review"]).toMatchObject({ status: "SKIPPED", output: { reason: 'condition "route" took the else branch' } });
    expect(lowSteps["deep-followup"]).toMatchObject({ status: "SKIPPED", output: { reason: "every step it depends on was skipped" } });
    expect(lowSteps["fast-path"]).toMatchObject({ status: "COMPLETED", output: { level: "fast" } });
    expect(lowSteps.join).toMatchObject({ status: "COMPLETED", output: "joined" });

    const high = await fire(org, workflow, { risk: "high" });
    const highSteps = await stepsOf(high.id);
    expect(highSteps["deep-review"].status).toBe("COMPLETED");
    expect(highSteps["deep-followup"].status).toBe("COMPLETED");
    expect(highSteps["fast-path"]).toMatchObject({ status: "SKIPPED", output: { reason: 'condition "route" took the then branch' } });
    expect(highSteps.join.status).toBe("COMPLETED");
  });

  it("runs the independent steps of a batch in parallel, each recorded as an AgentRun sub-run", async () => {
    const org = await createTestOrganization(db.prisma);
    await addAgent(org, "second-agent");
    const workflow = await createWorkflow(org.ctx(), {
      slug: "fan-out",
      name: "Fan out",
      definition: {
        nodes: [
          { id: "a", type: "agent", agent: "test-agent", prompt: "Part A of {{ input.topic }}" },
          { id: "b", type: "agent", agent: "second-agent", prompt: "Part B of {{ input.topic }}" },
          { id: "merge", type: "transform", dependsOn: ["a", "b"], expression: 'steps.a.text & " | " & steps.b.text' },
        ],
      },
    });
    // Each simulated model call waits here until the other one has started too: run one after the
    // other, the first would wait alone and the test would fail.
    let started = 0;
    let release = () => {};
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    const sleep = async () => {
      if (++started === 2) release();
      await Promise.race([bothStarted, new Promise((_, reject) => setTimeout(() => reject(new Error("agent steps did not run concurrently")), 5000))]);
    };

    const run = await fire(org, workflow, { topic: "pricing" }, { sleep });

    expect(run.status).toBe("COMPLETED");
    const steps = await stepsOf(run.id);
    const subRuns = await db.prisma.agentRun.findMany({ where: { workflowRunId: run.id }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
    expect(subRuns).toHaveLength(2);
    for (const subRun of subRuns)
      expect(subRun).toMatchObject({ source: "workflow", workflowRunId: run.id, organizationId: org.organization.id, status: "COMPLETED" });
    expect(new Set([steps.a.agentRunId, steps.b.agentRunId])).toEqual(new Set(subRuns.map((subRun) => subRun.id)));
    expect(steps.merge.output).toBe(`${(steps.a.output as { text: string }).text} | ${(steps.b.output as { text: string }).text}`);
    expect(run.totalTokens).toBe(subRuns[0].totalTokens + subRuns[1].totalTokens);
    expect(run.costUsd).toBeCloseTo(subRuns[0].costUsd + subRuns[1].costUsd, 10);
  });

  describe("loop (producer → evaluator → reviser)", () => {
    async function setupLoop(passThreshold: number) {
      const org = await createTestOrganization(db.prisma);
      await addAgent(org, "critic");
      await addAgent(org, "editor");
      const workflow = await createWorkflow(org.ctx(), {
        slug: "draft-loop",
        name: "Draft loop",
        definition: {
          nodes: [
            {
              id: "draft",
              type: "loop",
              producer: { agent: "test-agent", prompt: "Draft a launch note about {{ input.topic }}" },
              evaluator: { agent: "critic", prompt: "Score this draft: {{ loop.output.text }}", score: "attempt * 30 + 20" },
              reviser: { agent: "editor", prompt: "Improve (attempt {{ loop.attempt }}, last score {{ loop.score }}): {{ loop.output.text }}" },
              passThreshold,
              maxAttempts: 2,
            },
          ],
        },
      });
      return { org, workflow };
    }

    it("stores one output and one evaluation artifact per attempt, emits score events and passes at the threshold", async () => {
      const { org, workflow } = await setupLoop(75);
      const run = await fire(org, workflow, { topic: "v2" });

      expect(run.status).toBe("COMPLETED");
      const { draft } = await stepsOf(run.id);
      expect(draft).toMatchObject({ status: "COMPLETED", attempt: 2, output: { score: 80, passed: true, attempts: 2, scores: [50, 80] } });

      const artifacts = await db.prisma.runArtifact.findMany({ where: { workflowRunId: run.id }, orderBy: [{ attempt: "asc" }, { artifactType: "desc" }] });
      expect(artifacts.map((artifact) => [artifact.attempt, artifact.artifactType, artifact.score])).toEqual([
        [1, "output", null],
        [1, "evaluation", 50],
        [2, "output", null],
        [2, "evaluation", 80],
      ]);
      expect(artifacts.every((artifact) => artifact.organizationId === org.organization.id && artifact.stepId === "draft")).toBe(true);

      const events = await db.prisma.workflowRunEvent.findMany({ where: { workflowRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      expect(events.map((event) => [event.eventType, event.stage, event.attempt])).toEqual([
        ["stage_change", "producing", 1],
        ["stage_change", "evaluating", 1],
        ["score_update", "evaluating", 1],
        ["stage_change", "revising", 2],
        ["stage_change", "evaluating", 2],
        ["score_update", "evaluating", 2],
      ]);
      expect(events[5].metadata).toEqual({ score: 80, passed: true, threshold: 75 });

      const subRuns = await db.prisma.agentRun.findMany({
        where: { workflowRunId: run.id },
        include: { agent: true },
        orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      });
      expect(subRuns.map((subRun) => subRun.agent.slug)).toEqual(["test-agent", "critic", "editor", "critic"]);
      expect(draft.agentRunId).toBe(subRuns[2].id);
      expect((subRuns[2].input as { prompt: string }).prompt).toMatch(/^Improve \(attempt 2, last score 50\): \[test-agent\] Draft a launch note about v2/);
      expect(artifacts[2].content).toBe((subRuns[2].output as { text: string }).text);
      expect(draft.totalTokens).toBe(subRuns.reduce((sum, subRun) => sum + subRun.totalTokens, 0));

      const detail = await getWorkflowRun(org.ctx("VIEWER"), run.id);
      expect(detail.evaluation).toMatchObject({ score: 80, passed: true, criteria: { stepId: "draft", passThreshold: 75, scores: [50, 80] } });
      expect(detail.subRunIds).toEqual(subRuns.map((subRun) => subRun.id));
      expect(detail.artifacts).toHaveLength(4);
    });

    it("lists every agent call of every attempt as a sub-run of its step, and the run's totals are their sum", async () => {
      const { org, workflow } = await setupLoop(75);
      await db.prisma.agent.updateMany({
        where: { organizationId: org.organization.id },
        data: { simulation: { failureRate: 0, latencyMs: 10, tools: ["web_search", "read_file"] } },
      });
      const run = await fire(org, workflow, { topic: "v2" });
      expect(run.status).toBe("COMPLETED");

      const { run: unified, detail } = await getRunDetail(org.ctx("VIEWER"), "workflow", run.id);
      const subRuns = detail.subRuns as {
        id: string;
        agent: { slug: string };
        stepId: string | null;
        attempt: number | null;
        role: string | null;
        totalTokens: number;
        costUsd: number;
      }[];
      const agentCalls = await db.prisma.agentRun.count({ where: { workflowRunId: run.id } });
      expect(subRuns).toHaveLength(agentCalls);
      expect(subRuns.map((subRun) => [subRun.agent.slug, subRun.stepId, subRun.attempt, subRun.role])).toEqual([
        ["test-agent", "draft", 1, "producer"],
        ["critic", "draft", 1, "evaluator"],
        ["editor", "draft", 2, "reviser"],
        ["critic", "draft", 2, "evaluator"],
      ]);
      expect(unified.tokens).toBe(subRuns.reduce((sum, subRun) => sum + subRun.totalTokens, 0));
      expect(unified.costUsd).toBeCloseTo(
        subRuns.reduce((sum, subRun) => sum + subRun.costUsd, 0),
        10,
      );
      const toolCalls = detail.toolCalls as { agentRun: { id: string } }[];
      expect(toolCalls).toHaveLength(2 * agentCalls);
      expect(new Set(toolCalls.map((call) => call.agentRun.id))).toEqual(new Set(subRuns.map((subRun) => subRun.id)));
    });

    it("fails when the score stays below the threshold after the last attempt", async () => {
      const { org, workflow } = await setupLoop(95);
      const run = await fire(org, workflow, { topic: "v2" });

      expect(run).toMatchObject({ status: "FAILED", error: 'Step "draft" failed: Score 80 stayed below the pass threshold 95 after 2 attempt(s)' });
      expect(await db.prisma.runArtifact.count({ where: { workflowRunId: run.id } })).toBe(4);
      expect(await db.prisma.workflowRunEvaluation.findUnique({ where: { workflowRunId: run.id } })).toMatchObject({ score: 80, passed: false });
      const failed = await db.prisma.activityEvent.findFirstOrThrow({ where: { workflowRunId: run.id, type: "WORKFLOW_FAILED" } });
      expect(failed.description).toBe(run.error);
    });
  });

  describe("human gates", () => {
    async function setupRiskyWorkflow() {
      const org = await createTestOrganization(db.prisma);
      const patcher = await addAgent(org, "patcher", { riskLevel: "APPROVAL_REQUIRED" });
      // One earlier run gives the estimate something honest to average.
      const earlier = await executeAgentRun(
        db.prisma,
        { organizationId: org.organization.id, agentId: patcher.id, source: "manual", input: { prompt: "warm up" }, dedupeKey: "warm-up" },
        { workerId: "test-worker", sleep: noSleep },
      );
      const workflow = await createWorkflow(org.ctx(), {
        slug: "sdlc",
        name: "SDLC",
        definition: {
          nodes: [
            { id: "classify-risk", type: "transform", expression: '{ "riskLevel": "high" }' },
            { id: "analyze-codebase", type: "transform", expression: '{ "affectedFiles": ["auth.ts", "validation.ts"] }' },
            {
              id: "patch",
              type: "agent",
              agent: "patcher",
              dependsOn: ["classify-risk", "analyze-codebase"],
              prompt: "Patch {{ steps.analyze-codebase.affectedFiles }} (risk {{ steps.classify-risk.riskLevel }})",
            },
            { id: "announce", type: "tool", tool: "echo", dependsOn: ["patch"], input: { text: "{{ steps.patch.text }}" } },
          ],
        },
      });
      return { org, patcher, workflow, earlier };
    }

    it("suspends before an APPROVAL_REQUIRED agent with the engagement context, then resumes to completion on approve", async () => {
      const { org, patcher, workflow, earlier } = await setupRiskyWorkflow();
      const run = await fire(org, workflow, { pr: 7 });

      expect(run).toMatchObject({ status: "SUSPENDED", suspendedStepId: "patch:approval" });
      expect(run.suspendedAt).toBeInstanceOf(Date);
      const steps = await stepsOf(run.id);
      expect(steps["patch:approval"]).toMatchObject({ status: "WAITING", stepType: "human" });
      expect(steps.patch.status).toBe("PENDING");
      expect(await db.prisma.agentRun.count({ where: { workflowRunId: run.id } })).toBe(0);

      const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id } });
      expect(approval).toMatchObject({
        organizationId: org.organization.id,
        sourceType: "workflow-review",
        status: "pending",
        workflowStepId: "patch:approval",
        agentId: patcher.id,
        title: "SDLC: Approve patch",
        prompt: 'Approve "patch" (agent patcher, risk level APPROVAL_REQUIRED) before it runs.\n\nPatch ["auth.ts","validation.ts"] (risk high)',
        reviewContext: {
          riskLevel: "high",
          filesChanged: ["auth.ts", "validation.ts"],
          stepsCompleted: 2,
          stepNames: expect.arrayContaining(["classify-risk", "analyze-codebase"]),
          workflowSlug: "sdlc",
          stepId: "patch:approval",
          gatedStepId: "patch",
          gateReason: "agentRiskLevel",
          agentSlug: "patcher",
        },
      });
      expect(approval.estimatedCostUsd).toBeCloseTo(earlier.costUsd, 10);
      const suspended = await db.prisma.activityEvent.findFirstOrThrow({ where: { workflowRunId: run.id, type: "WORKFLOW_SUSPENDED" } });
      expect(suspended).toMatchObject({ approvalId: approval.id, status: "suspended" });

      await decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "approve", notes: "Ship it" });
      await drain();

      const resumed = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(resumed).toMatchObject({ status: "COMPLETED", suspendedStepId: null });
      const after = await stepsOf(run.id);
      expect(after["patch:approval"]).toMatchObject({ status: "COMPLETED", output: { approved: true, notes: "Ship it", decidedBy: "test OPERATOR" } });
      const patchRun = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: after.patch.agentRunId! } });
      expect(patchRun).toMatchObject({ source: "workflow", workflowRunId: run.id, agentId: patcher.id, status: "COMPLETED" });
      expect(after.announce).toMatchObject({ status: "COMPLETED", output: { text: (patchRun.output as { text: string }).text } });
      expect(resumed).toMatchObject({ totalTokens: patchRun.totalTokens, costUsd: patchRun.costUsd });
      const types = (await db.prisma.activityEvent.findMany({ where: { workflowRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
        (event) => event.type,
      );
      expect(types).toEqual(["WORKFLOW_STARTED", "APPROVAL_REQUESTED", "WORKFLOW_SUSPENDED", "APPROVAL_DECIDED", "WORKFLOW_COMPLETED"]);

      // A second decision is a 409 and changes nothing.
      const jobsBefore = await db.prisma.executionJob.count();
      const second = decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "reject", notes: "Changed my mind" });
      await expect(second).rejects.toMatchObject({ code: "conflict", status: 409 });
      await drain();
      expect(await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "approved", decisionNotes: "Ship it" });
      expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "COMPLETED", completedAt: resumed.completedAt });
      expect(await db.prisma.executionJob.count()).toBe(jobsBefore);
    });

    it("resolves templates in a human step's prompt, and a rejection fails the run with the reason", async () => {
      const { org, workflow } = await setup([
        { id: "classify-risk", type: "transform", expression: '{ "riskLevel": "medium" }' },
        {
          id: "review",
          type: "human",
          dependsOn: ["classify-risk"],
          title: "Merge review",
          prompt: "Risk is {{ steps.classify-risk.riskLevel }}: merge PR #{{ input.pr }}?",
        },
        { id: "merge", type: "tool", tool: "echo", dependsOn: ["review"], input: { merged: true } },
      ]);
      const run = await fire(org, workflow, { pr: 12 });
      expect(run).toMatchObject({ status: "SUSPENDED", suspendedStepId: "review" });
      const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id } });
      expect(approval).toMatchObject({ title: "Flow: Merge review", prompt: "Risk is medium: merge PR #12?", agentId: null });
      expect(approval.reviewContext).toMatchObject({ riskLevel: "medium", stepsCompleted: 1, stepNames: ["classify-risk"] });

      await decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "reject", notes: "Needs a security review first" });
      await drain();

      const failed = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(failed).toMatchObject({ status: "FAILED", error: 'Step "review" was rejected by test OPERATOR: Needs a security review first' });
      const steps = await stepsOf(run.id);
      expect(steps.review).toMatchObject({ status: "FAILED", error: "Rejected by test OPERATOR: Needs a security review first" });
      expect(steps.merge.status).toBe("SKIPPED");
      const activity = await db.prisma.activityEvent.findFirstOrThrow({ where: { workflowRunId: run.id, type: "WORKFLOW_FAILED" } });
      expect(activity.description).toBe(failed.error);

      await expect(decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "approve" })).rejects.toBeInstanceOf(AppError);
      await drain();
      expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "FAILED", error: failed.error });
    });

    it("gates a step that asks for approval even when its agent is AUTO", async () => {
      const { org, workflow } = await setup([
        { id: "post", type: "agent", agent: "test-agent", approvalRequired: true, approvalPrompt: "Post about {{ input.topic }}?" },
      ]);
      const run = await fire(org, workflow, { topic: "launch" });
      expect(run).toMatchObject({ status: "SUSPENDED", suspendedStepId: "post:approval" });
      expect(await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id } })).toMatchObject({
        prompt: "Post about launch?",
        reviewContext: { gateReason: "approvalRequired", agentSlug: "test-agent", stepsCompleted: 0, stepNames: [] },
      });
    });

    describe("approvalPolicy (seed 003 §8.2)", () => {
      async function setupOptOut(approvalPolicy?: "standard" | "trusted") {
        const org = await createTestOrganization(db.prisma);
        await addAgent(org, "patcher", { riskLevel: "APPROVAL_REQUIRED" });
        const workflow = await createWorkflow(org.ctx(), {
          slug: "runbook",
          name: "Runbook",
          definition: {
            ...(approvalPolicy && { approvalPolicy }),
            nodes: [{ id: "patch", type: "agent", agent: "patcher", approvalRequired: false, prompt: "Patch it" }],
          },
        });
        return { org, workflow };
      }

      it("lets approvalRequired: false run an APPROVAL_REQUIRED agent without a gate in a trusted workflow", async () => {
        const { org, workflow } = await setupOptOut("trusted");
        const run = await fire(org, workflow, {});
        expect(run).toMatchObject({ status: "COMPLETED", suspendedStepId: null });
        expect(Object.keys(await stepsOf(run.id))).toEqual(["patch"]);
        expect(await db.prisma.approvalRequest.count({ where: { workflowRunId: run.id } })).toBe(0);
        expect(await db.prisma.agentRun.count({ where: { workflowRunId: run.id, status: "COMPLETED" } })).toBe(1);
      });

      it("keeps the agent's APPROVAL_REQUIRED gate over approvalRequired: false under the standard policy, stated or by default", async () => {
        for (const policy of ["standard", undefined] as const) {
          const { org, workflow } = await setupOptOut(policy);
          const run = await fire(org, workflow, {});
          expect(run).toMatchObject({ status: "SUSPENDED", suspendedStepId: "patch:approval" });
          expect(await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id } })).toMatchObject({
            reviewContext: { gateReason: "agentRiskLevel", agentSlug: "patcher" },
          });
          expect(await db.prisma.agentRun.count({ where: { workflowRunId: run.id } })).toBe(0);
        }
      });

      it("still gates an unset approvalRequired in a trusted workflow: only an explicit false opts out", async () => {
        const org = await createTestOrganization(db.prisma);
        await addAgent(org, "patcher", { riskLevel: "APPROVAL_REQUIRED" });
        const workflow = await createWorkflow(org.ctx(), {
          slug: "runbook",
          name: "Runbook",
          definition: { approvalPolicy: "trusted", nodes: [{ id: "patch", type: "agent", agent: "patcher", prompt: "Patch it" }] },
        });
        expect(await fire(org, workflow, {})).toMatchObject({ status: "SUSPENDED", suspendedStepId: "patch:approval" });
      });
    });

    it("cancels a suspended run at once and expires its approval", async () => {
      const { org, workflow } = await setupRiskyWorkflow();
      const run = await fire(org, workflow, {});
      const cancelled = await requestRunCancel(org.ctx("OPERATOR"), "workflow", run.id);
      expect(cancelled).toMatchObject({ status: "CANCELLED", error: "Cancelled by test OPERATOR" });
      expect(cancelled.cancelRequestedAt).toBeInstanceOf(Date);
      const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id }, include: { audit: true } });
      expect(approval.status).toBe("expired");
      expect(approval.audit.map((entry) => entry.action)).toEqual(["requested", "expired"]);
      await expect(decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "approve" })).rejects.toMatchObject({
        status: 409,
      });
      await expect(requestRunCancel(org.ctx("OPERATOR"), "workflow", run.id)).rejects.toMatchObject({ status: 409 });
      await expect(requestRunCancel(org.ctx("VIEWER"), "workflow", run.id)).rejects.toMatchObject({ status: 403 });
      await drain();
      const cancelledEvents = await db.prisma.activityEvent.findMany({ where: { workflowRunId: run.id, type: "WORKFLOW_CANCELLED" } });
      expect(cancelledEvents).toHaveLength(1);
      expect(cancelledEvents[0]).toMatchObject({
        organizationId: org.organization.id,
        title: 'Workflow "SDLC" was cancelled',
        status: "cancelled",
        description: "Cancelled by test OPERATOR",
        metadata: { workflowSlug: "sdlc", error: "Cancelled by test OPERATOR" },
      });
    });
  });

  it("honours a cancel request between steps", async () => {
    const { org, workflow } = await setup([
      { id: "call", type: "tool", tool: "http", input: { url: `${baseUrl}/cancel-me` } },
      { id: "after", type: "tool", tool: "echo", dependsOn: ["call"] },
    ]);
    // The endpoint the first step calls asks for the cancel while that step is running.
    routes.set("/cancel-me", async (_request, response) => {
      const running = await db.prisma.workflowRun.findFirstOrThrow({ where: { workflowId: workflow.id } });
      await requestRunCancel(org.ctx("OPERATOR"), "workflow", running.id);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    });

    const run = await fire(org, workflow, {});

    expect(run).toMatchObject({ status: "CANCELLED", error: "Cancelled on request" });
    const steps = await stepsOf(run.id);
    expect(steps.call).toMatchObject({ status: "COMPLETED", output: { status: 200, body: { ok: true } } });
    expect(steps.after.status).toBe("CANCELLED");
    const types = (await db.prisma.activityEvent.findMany({ where: { workflowRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
      (event) => event.type,
    );
    expect(types).toEqual(["WORKFLOW_STARTED", "WORKFLOW_CANCELLED"]);
  });

  it("cancels a queued run at once with one WORKFLOW_CANCELLED, which a worker picking it up later does not repeat", async () => {
    const { org, workflow } = await setup([{ id: "only", type: "tool", tool: "echo" }]);
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "queued-cancel",
    });
    expect(run.status).toBe("QUEUED");
    expect(await requestRunCancel(org.ctx("OPERATOR"), "workflow", run.id)).toMatchObject({ status: "CANCELLED", error: "Cancelled by test OPERATOR" });
    expect(await runWorkflowBatch(db.prisma, { organizationId: org.organization.id, workflowRunId: run.id }, { workerId: "late-worker" })).toMatchObject({
      status: "CANCELLED",
      done: true,
    });

    const events = await db.prisma.activityEvent.findMany({ where: { workflowRunId: run.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "WORKFLOW_CANCELLED", title: 'Workflow "Flow" was cancelled', status: "cancelled", workflowRunId: run.id });
  });

  it("calls HTTP endpoints for real and fails the step on a timeout", async () => {
    routes.set("/slow", (_request, response) => void setTimeout(() => response.writeHead(200).end("late"), 500));
    routes.set("/echo", async (request, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ method: request.method, received: JSON.parse(body) }));
    });
    const { org, workflow } = await setup([
      { id: "post", type: "tool", tool: "http", input: { url: `${baseUrl}/echo`, method: "POST", body: { pr: "{{ input.pr }}" } } },
      { id: "slow", type: "tool", tool: "http", dependsOn: ["post"], input: { url: `${baseUrl}/slow`, timeoutMs: 50 } },
    ]);

    const run = await fire(org, workflow, { pr: 9 });

    const steps = await stepsOf(run.id);
    expect(steps.post.output).toEqual({ status: 201, contentType: "application/json", body: { method: "POST", received: { pr: 9 } } });
    expect(steps.slow).toMatchObject({ status: "FAILED", error: `GET ${baseUrl}/slow timed out after 50ms` });
    expect(run).toMatchObject({ status: "FAILED", error: `Step "slow" failed: GET ${baseUrl}/slow timed out after 50ms` });
  });

  it("checks an agent's output against the step's JSON Schema", async () => {
    const { org, workflow } = await setup([
      { id: "free", type: "agent", agent: "test-agent", prompt: "Anything", outputSchema: { type: "object", required: ["text"] } },
      { id: "strict", type: "agent", agent: "test-agent", dependsOn: ["free"], prompt: "Classify", outputSchema: { type: "object", required: ["riskLevel"] } },
    ]);
    const run = await fire(org, workflow, {});
    const steps = await stepsOf(run.id);
    expect(steps.free.status).toBe("COMPLETED");
    expect(steps.strict).toMatchObject({
      status: "FAILED",
      error: "Agent output does not match the step's JSON Schema: output must have required property 'riskLevel'",
    });
    expect(steps.strict.agentRunId).not.toBeNull();
    expect(run.status).toBe("FAILED");
  });

  it("creates one run per dedupe key however often the fire is delivered", async () => {
    const { org, workflow } = await setup([{ id: "only", type: "agent", agent: "test-agent", prompt: "Once" }]);
    const payload = { organizationId: org.organization.id, entityId: workflow.id, source: "event" as const, input: {}, dedupeKey: "delivery-1" };
    const engine = createLocalEngine(db.prisma);
    await engine.send([
      { id: "event-a", name: "workflow/trigger.fire", data: payload },
      { id: "event-b", name: "workflow/trigger.fire", data: payload },
    ]);
    await drain();
    await engine.send({ id: "event-c", name: "workflow/trigger.fire", data: payload });
    await drain();

    const runs = await db.prisma.workflowRun.findMany({ where: { workflowId: workflow.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0].status).toBe("COMPLETED");
    expect(await db.prisma.agentRun.count({ where: { workflowRunId: runs[0].id } })).toBe(1);
    expect(await db.prisma.activityEvent.count({ where: { workflowRunId: runs[0].id, type: "WORKFLOW_STARTED" } })).toBe(1);
  });

  it("continues from persisted steps: a run picked up by another worker does not redo finished steps", async () => {
    const { org, workflow } = await setup([
      { id: "first", type: "agent", agent: "test-agent", prompt: "One" },
      { id: "second", type: "agent", agent: "test-agent", dependsOn: ["first"], prompt: "Two after {{ steps.first.text }}" },
    ]);
    const { run } = await startWorkflowRun(db.prisma, {
      organizationId: org.organization.id,
      workflowId: workflow.id,
      source: "manual",
      input: {},
      dedupeKey: "crash-test",
    });
    const ref = { organizationId: org.organization.id, workflowRunId: run.id };

    expect(await runWorkflowBatch(db.prisma, ref, { workerId: "worker-a", sleep: noSleep })).toMatchObject({ status: "RUNNING", done: false });
    const firstRun = (await stepsOf(run.id)).first;
    expect(firstRun.status).toBe("COMPLETED");
    // worker-a stops here (crash); worker-b continues the same run.
    expect(await executeWorkflowRun(db.prisma, ref, { workerId: "worker-b", sleep: noSleep })).toMatchObject({ status: "COMPLETED", done: true });

    const steps = await stepsOf(run.id);
    expect(steps.first.agentRunId).toBe(firstRun.agentRunId);
    expect(await db.prisma.agentRun.count({ where: { workflowRunId: run.id } })).toBe(2);
    expect((steps.second.input as { prompt: string }).prompt).toBe(`Two after ${(firstRun.output as { text: string }).text}`);
    expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ claimedBy: "worker-b" });
  });

  it("keeps each organization's runs to itself", async () => {
    const { org, workflow } = await setup([{ id: "only", type: "tool", tool: "echo" }]);
    const run = await fire(org, workflow, {});
    const other = await createTestOrganization(db.prisma);
    await expect(getWorkflowRun(other.ctx(), run.id)).rejects.toMatchObject({ status: 404 });
    await expect(requestRunCancel(other.ctx(), "workflow", run.id)).rejects.toMatchObject({ status: 404 });
    await expect(runWorkflowBatch(db.prisma, { organizationId: other.organization.id, workflowRunId: run.id }, { workerId: "w" })).rejects.toMatchObject({
      status: 404,
    });
  });
});
