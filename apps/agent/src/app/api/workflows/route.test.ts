import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { createTestOrganization } from "@switchyard/core/testing";
import { signWebhook } from "@switchyard/core/triggers/signature";
import { createWorkflowHandlers } from "@switchyard/core/workflows/handlers";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as deliverWebhook } from "@/app/api/webhooks/[path]/route";
import { call } from "@/test/http";
import { GET as getWorkflow } from "./[slug]/route";
import { POST as executeTrigger } from "./[slug]/execution-triggers/[triggerId]/execute/route";
import { GET as getTrigger } from "./[slug]/execution-triggers/[triggerId]/route";
import { POST as testTrigger } from "./[slug]/execution-triggers/[triggerId]/test/route";
import { GET as listTriggers, POST as createTrigger } from "./[slug]/execution-triggers/route";
import { GET as listWorkflows, POST as createWorkflow } from "./route";

const REVIEW_DEFINITION = {
  nodes: [
    { id: "classify-risk", type: "transform", expression: '{ "riskLevel": input.severity }' },
    {
      id: "summarize",
      type: "agent",
      agent: "test-agent",
      dependsOn: ["classify-risk"],
      prompt: "Summarize {{ input.title }} ({{ steps.classify-risk.riskLevel }})",
    },
    { id: "draft-reply", type: "agent", agent: "test-agent", dependsOn: ["classify-risk"], prompt: "Draft a reply to {{ input.title }}" },
  ],
};

describe("/api/workflows", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  /** Runs every queued job with the base handlers and the workflow handlers, as the lead will wire them. */
  async function drain() {
    const deps = { db: db.prisma, workerId: "test-worker", sleep: async () => {} };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createWorkflowHandlers(deps) }, workerId: "test-worker" });
  }

  const create = (body: unknown, key = org.keys.ADMIN) => call(createWorkflow, { method: "POST", key, body });

  it("creates a workflow from JSON and lists it with its step count", async () => {
    const created = await create({ slug: "issue-review", name: "Issue review", description: "Triage incoming issues", definition: REVIEW_DEFINITION });
    expect(created.status).toBe(201);
    expect(created.body.workflow).toMatchObject({ slug: "issue-review", name: "Issue review", version: 1, stepCount: 3, definition: { version: 1 } });
    expect(await db.prisma.workflowVersion.count({ where: { workflowId: created.body.workflow.id, version: 1 } })).toBe(1);

    const listed = await call(listWorkflows, { key: org.keys.VIEWER });
    expect(listed.status).toBe(200);
    expect(listed.body.workflows).toEqual([expect.objectContaining({ slug: "issue-review", name: "Issue review", version: 1, stepCount: 3 })]);

    const fetched = await call(getWorkflow, { key: org.keys.VIEWER, params: { slug: "issue-review" } });
    expect(fetched.status).toBe(200);
    expect(fetched.body.workflow.definition.nodes.map((node: { id: string }) => node.id)).toEqual(["classify-risk", "summarize", "draft-reply"]);
  });

  it("creates a workflow from YAML in the shape of seed 003", async () => {
    const yaml = [
      "name: Nightly Digest",
      "description: Summarize the day",
      "trigger:",
      "  schedule: '0 6 * * *'",
      "nodes:",
      "  - id: collect",
      "    agent: test-agent",
      "    action: collect",
      "    inputs:",
      '      team: "{{ context.team }}"',
      "  - id: publish",
      "    type: tool",
      "    tool: echo",
      "    dependsOn: [collect]",
      "    input:",
      '      digest: "{{ nodes.collect.output.text }}"',
    ].join("\n");
    const created = await create({ yaml });
    expect(created.status).toBe(201);
    expect(created.body.workflow).toMatchObject({ slug: "nightly-digest", name: "Nightly Digest", description: "Summarize the day", stepCount: 2 });
    expect(created.body.workflow.definition.nodes[0]).toEqual({
      id: "collect",
      type: "agent",
      agent: "test-agent",
      action: "collect",
      input: { team: "{{ input.team }}" },
    });
    expect(created.body.workflow.definition.nodes[1].input).toEqual({ digest: "{{ steps.collect.text }}" });
  });

  it("answers 400 listing every problem of an invalid definition", async () => {
    const response = await create({
      slug: "broken",
      name: "Broken",
      definition: {
        nodes: [
          { id: "a", type: "transform", expression: "1", dependsOn: ["b"] },
          { id: "b", type: "transform", expression: "1", dependsOn: ["a"] },
          { id: "c", type: "email" },
          { id: "d", type: "agent", agent: "ghost-agent", prompt: "{{ steps.zzz.text }}", dependsOn: ["nope"] },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: "validation_failed",
      message: "The workflow definition has 5 problem(s)",
      details: [
        { path: "nodes.2.type", message: 'unknown step type "email" (expected one of agent, tool, human, condition, loop, transform)' },
        { path: "nodes.3.dependsOn.0", message: 'step "d" depends on unknown step "nope"' },
        { path: "nodes", message: "cycle: a → b → a" },
        { path: "nodes.3.prompt", message: 'template {{ steps.zzz.text }} references unknown step "zzz"' },
        { path: "nodes.3.agent", message: 'unknown agent "ghost-agent" in this organization' },
      ],
    });
    expect(await db.prisma.workflow.count({ where: { organizationId: org.organization.id, slug: "broken" } })).toBe(0);
  });

  it("answers 400 for unparseable YAML or for both definition and yaml, 403 for a viewer and 409 for a taken slug", async () => {
    const badYaml = await create({ yaml: "nodes: [\n  - id: a\n" });
    expect(badYaml.status).toBe(400);
    expect(badYaml.body.error.details[0]).toMatchObject({ path: "yaml", message: expect.stringMatching(/^line \d+, column \d+: /) });

    const both = await create({ slug: "x", definition: { nodes: [] }, yaml: "nodes: []" });
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([{ path: "definition", message: "Send exactly one of definition or yaml" }]);

    const definition = { nodes: [{ id: "only", type: "tool", tool: "echo" }] };
    expect((await create({ slug: "viewer-made", name: "Nope", definition }, org.keys.VIEWER)).status).toBe(403);
    expect((await create({ slug: "operator-made", name: "Nope", definition }, org.keys.OPERATOR)).status).toBe(403);
    expect((await create({ slug: "taken", name: "Taken", definition })).status).toBe(201);
    const again = await create({ slug: "taken", name: "Taken again", definition });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('A workflow with slug "taken" already exists');
  });

  it("answers 404 to another organization", async () => {
    const other = await createTestOrganization(db.prisma);
    expect((await call(getWorkflow, { key: other.keys.OWNER, params: { slug: "issue-review" } })).status).toBe(404);
    expect((await call(listTriggers, { key: other.keys.OWNER, params: { slug: "issue-review" } })).status).toBe(404);
    expect((await call(listWorkflows, { key: other.keys.OWNER })).body.workflows).toEqual([]);
  });

  describe("execution triggers", () => {
    let trigger: { id: string; webhookPath: string };
    let secret: string;

    beforeAll(async () => {
      const created = await call(createTrigger, {
        method: "POST",
        key: org.keys.OPERATOR,
        params: { slug: "issue-review" },
        body: { type: "webhook", name: "Issue opened" },
      });
      expect(created.status).toBe(201);
      ({ trigger, secret } = created.body);
    });

    function deliver(payload: unknown, idempotencyKey?: string) {
      const rawBody = JSON.stringify(payload);
      const headers: Record<string, string> = { "x-switchyard-signature": signWebhook(secret, rawBody, Math.floor(Date.now() / 1000)) };
      if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
      return call(deliverWebhook, { method: "POST", params: { path: trigger.webhookPath }, rawBody, headers });
    }

    it("mounts the generic trigger routes for workflows", async () => {
      const fetched = await call(getTrigger, { key: org.keys.VIEWER, params: { slug: "issue-review", triggerId: trigger.id } });
      expect(fetched.body.trigger).toMatchObject({ id: trigger.id, entityType: "workflow", entity: { slug: "issue-review" }, type: "webhook" });
      const listed = await call(listTriggers, { key: org.keys.VIEWER, params: { slug: "issue-review" } });
      expect(listed.body.triggers.map((item: { id: string }) => item.id)).toEqual([trigger.id]);
    });

    it("answers 404 on every trigger endpoint to another organization", async () => {
      const other = await createTestOrganization(db.prisma);
      const params = { slug: "issue-review", triggerId: trigger.id };
      const attempts = await Promise.all([
        call(createTrigger, { method: "POST", key: other.keys.OWNER, params: { slug: "issue-review" }, body: { type: "manual", name: "x" } }),
        call(getTrigger, { key: other.keys.OWNER, params }),
        call(executeTrigger, { method: "POST", key: other.keys.OWNER, params, body: {} }),
        call(testTrigger, { method: "POST", key: other.keys.OWNER, params, body: {} }),
      ]);
      expect(attempts.map((attempt) => attempt.status)).toEqual([404, 404, 404, 404]);
      expect(await db.prisma.triggerEvent.count({ where: { organizationId: other.organization.id } })).toBe(0);
    });

    it("a signed webhook leaves TriggerEvent → WorkflowRun → steps → AgentRun sub-runs linked", async () => {
      const delivered = await deliver({ title: "Login broken", severity: "high" }, "issue-1001");
      expect(delivered.status).toBe(202);
      await drain();

      const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: delivered.body.triggerEventId } });
      expect(event).toMatchObject({ status: "FIRED", triggerId: trigger.id, entityType: "workflow", source: "webhook", error: null });
      const run = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: event.workflowRunId! }, include: { steps: true } });
      expect(event.workflowId).toBe(run.workflowId);
      expect(run).toMatchObject({
        status: "COMPLETED",
        source: "webhook",
        triggerId: trigger.id,
        triggerEventId: event.id,
        input: { title: "Login broken", severity: "high" },
      });
      expect(run.steps.map((step) => [step.stepId, step.status]).sort()).toEqual([
        ["classify-risk", "COMPLETED"],
        ["draft-reply", "COMPLETED"],
        ["summarize", "COMPLETED"],
      ]);
      const subRuns = await db.prisma.agentRun.findMany({ where: { workflowRunId: run.id } });
      expect(subRuns).toHaveLength(2);
      for (const subRun of subRuns) expect(subRun).toMatchObject({ source: "workflow", organizationId: org.organization.id, status: "COMPLETED" });
      const linked = run.steps.filter((step) => step.agentRunId).map((step) => step.agentRunId);
      expect(new Set(linked)).toEqual(new Set(subRuns.map((subRun) => subRun.id)));
      expect(run.steps.find((step) => step.stepId === "summarize")?.input).toEqual({ prompt: "Summarize Login broken (high)" });

      const activity = await db.prisma.activityEvent.findMany({ where: { workflowRunId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      expect(activity.map((item) => [item.type, item.triggerId])).toEqual([
        ["WORKFLOW_STARTED", trigger.id],
        ["WORKFLOW_COMPLETED", trigger.id],
      ]);
    });

    it("makes one run of an event delivered twice", async () => {
      const first = await deliver({ title: "Twice", severity: "low" }, "issue-1002");
      const second = await deliver({ title: "Twice", severity: "low" }, "issue-1002");
      expect(second.body).toMatchObject({ triggerEventId: first.body.triggerEventId, duplicate: true });
      await drain();
      expect(await db.prisma.workflowRun.count({ where: { triggerEventId: first.body.triggerEventId } })).toBe(1);
      expect(await db.prisma.triggerEvent.count({ where: { dedupeKey: `${trigger.id}:issue-1002` } })).toBe(1);
    });

    it("runs on manual execute and test fire with their sources", async () => {
      const executed = await call(executeTrigger, {
        method: "POST",
        key: org.keys.OPERATOR,
        params: { slug: "issue-review", triggerId: trigger.id },
        body: { payload: { title: "Manual", severity: "low" } },
      });
      const tested = await call(testTrigger, { method: "POST", key: org.keys.OPERATOR, params: { slug: "issue-review", triggerId: trigger.id }, body: {} });
      expect([executed.status, tested.status]).toEqual([202, 202]);
      await drain();
      const manual = await db.prisma.workflowRun.findFirstOrThrow({ where: { triggerEventId: executed.body.triggerEventId } });
      const test = await db.prisma.workflowRun.findFirstOrThrow({ where: { triggerEventId: tested.body.triggerEventId } });
      expect(manual).toMatchObject({ source: "manual", status: "COMPLETED", triggerId: trigger.id });
      expect(test).toMatchObject({ source: "test", status: "COMPLETED", triggerId: trigger.id });
    });
  });
});
