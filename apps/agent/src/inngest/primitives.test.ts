import { InngestTestEngine } from "@inngest/test";
import { decideReview } from "@switchyard/core/reviews/decisions";
import { createCampaignOrg, RESEARCH_INTENT } from "@switchyard/core/campaigns/testing";
import { createCampaignFromTemplate } from "@switchyard/core/campaigns/service";
import { createResearchDesk } from "@switchyard/core/networks/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import { createWorkflow } from "@switchyard/core/workflows/service";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inngest, inngestEngine } from "./client";
import { campaignExecute, campaignPlan, networkTriggerFire, workflowResume, workflowTriggerFire } from "./functions";

// Each primitive's Inngest function runs the same core handler as the local engine, on a real
// database; only Inngest itself (its event API) is outside this process and stubbed at `send`.
describe("Inngest functions for workflows, networks and campaigns", () => {
  let db: Database;
  let sent: { id?: string; name: string; data: unknown }[];

  beforeAll(async () => {
    db = await useTestDatabase();
  });
  afterAll(async () => db?.close());
  afterEach(() => vi.restoreAllMocks());

  function captureSends() {
    sent = [];
    vi.spyOn(inngest, "send").mockImplementation(async (events: unknown) => {
      sent.push(...([events].flat() as typeof sent));
      return { ids: [] };
    });
  }

  it("workflow-trigger-fire runs a workflow with its agent sub-run; workflow-resume continues it after approval", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflow = await createWorkflow(org.ctx(), {
      slug: "reviewed",
      name: "Reviewed",
      definition: {
        nodes: [
          { id: "draft", type: "agent", agent: "test-agent", prompt: "Draft about {{ input.topic }}" },
          { id: "review", type: "human", prompt: "Approve the draft?", dependsOn: ["draft"] },
          { id: "publish", type: "tool", tool: "echo", input: { text: "{{ steps.draft.text }}" }, dependsOn: ["review"] },
        ],
      },
    });
    const data = { organizationId: org.organization.id, entityId: workflow.id, source: "manual", input: { topic: "launch" }, dedupeKey: "wf-inngest-1" };
    await new InngestTestEngine({ function: workflowTriggerFire, events: [{ name: "workflow/trigger.fire", data }] }).execute();

    const run = await db.prisma.workflowRun.findFirstOrThrow({
      where: { organizationId: org.organization.id, dedupeKey: "wf-inngest-1" },
      include: { steps: true },
    });
    expect(run.status).toBe("SUSPENDED");
    const draft = run.steps.find((step) => step.stepId === "draft")!;
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: draft.agentRunId! } })).toMatchObject({ source: "workflow", workflowRunId: run.id });

    captureSends();
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id, status: "pending" } });
    await decideReview(org.ctx("OPERATOR"), inngestEngine, { id: approval.id, decision: "approve" });
    expect(sent).toEqual([expect.objectContaining({ name: "workflow/resume" })]);

    await new InngestTestEngine({ function: workflowResume, events: [sent[0] as never] }).execute();
    expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "COMPLETED" });
  });

  it("network-trigger-fire runs the network with one AgentRun sub-run per step", async () => {
    const desk = await createResearchDesk(db.prisma, { slug: "inngest-desk" });
    const data = {
      organizationId: desk.organization.id,
      entityId: desk.network.id,
      source: "api",
      input: { prompt: "Research solar storage" },
      dedupeKey: "net-inngest-1",
    };
    await new InngestTestEngine({ function: networkTriggerFire, events: [{ name: "network/trigger.fire", data }] }).execute();

    const run = await db.prisma.networkRun.findFirstOrThrow({ where: { organizationId: desk.organization.id }, include: { steps: true } });
    expect(run.status).toBe("COMPLETED");
    expect(run.steps.length).toBeGreaterThan(0);
    const subRuns = await db.prisma.agentRun.findMany({ where: { networkRunId: run.id } });
    expect(subRuns.map((r) => r.id).sort()).toEqual(run.steps.map((s) => s.agentRunId).sort());
    expect(subRuns.every((r) => r.source === "network")).toBe(true);
  });

  it("campaign-plan plans missions and campaign-execute runs every task as an AgentRun", async () => {
    const org = await createCampaignOrg(db.prisma, { slug: "inngest-research", intent: RESEARCH_INTENT });
    captureSends();
    const { campaign } = await createCampaignFromTemplate(db.prisma, inngestEngine, {
      organizationId: org.organization.id,
      templateId: org.template.id,
      parameters: { topic: "batteries" },
      source: "manual",
      dedupeKey: "campaign-inngest-1",
    });
    const plan = sent.find((event) => event.name === "campaign/plan")!;
    await new InngestTestEngine({ function: campaignPlan, events: [plan as never] }).execute();
    const execute = sent.find((event) => event.name === "campaign/execute");
    await new InngestTestEngine({ function: campaignExecute, events: [(execute ?? { name: "campaign/execute", data: plan.data }) as never] }).execute();

    const done = await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, include: { missions: { include: { tasks: true } } } });
    expect(done.status).toBe("COMPLETED");
    const tasks = done.missions.flatMap((mission) => mission.tasks);
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((task) => task.agentRunId && task.status === "COMPLETED")).toBe(true);
  });
});
