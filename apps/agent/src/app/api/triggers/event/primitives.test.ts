import { createCampaignOrg, RESEARCH_INTENT } from "@switchyard/core/campaigns/testing";
import { createWorkflow } from "@switchyard/core/workflows/service";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createNetworkTrigger } from "@/app/api/networks/[slug]/execution-triggers/route";
import { POST as createWorkflowTrigger } from "@/app/api/workflows/[slug]/execution-triggers/route";
import { drainJobs } from "@/test/engine";
import { call } from "@/test/http";
import { POST as emit } from "./route";

// One event reaches every primitive listening for it: workflow, network and campaign triggers alike.
describe("POST /api/triggers/event across primitives", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createCampaignOrg>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createCampaignOrg(db.prisma, { intent: RESEARCH_INTENT });
    const agentIds = Object.values(org.agents).map((agent) => agent.id);
    await db.prisma.network.create({
      data: {
        organizationId: org.organization.id,
        slug: "desk",
        name: "Desk",
        goal: "Collect sources and analyse them",
        routerInstructions: "Pick the member whose role fits.",
        maxSteps: 3,
        members: { create: agentIds.slice(1, 3).map((agentId, position) => ({ agentId, position })) },
      },
    });
    await createWorkflow(org.ctx(), {
      slug: "digest",
      name: "Digest",
      definition: { nodes: [{ id: "summarize", type: "agent", agent: "collector", prompt: "Summarize {{ input.title }}" }] },
    });
    const eventTrigger = { type: "event", name: "On article", eventName: "article.published" };
    expect((await call(createWorkflowTrigger, { method: "POST", params: { slug: "digest" }, key: org.keys.ADMIN, body: eventTrigger })).status).toBe(201);
    expect((await call(createNetworkTrigger, { method: "POST", params: { slug: "desk" }, key: org.keys.ADMIN, body: eventTrigger })).status).toBe(201);
    await db.prisma.campaignTrigger.create({
      data: {
        organizationId: org.organization.id,
        templateId: org.template.id,
        name: "Distill each article",
        eventName: "article.published",
        parameterMapping: { topic: "title" },
      },
    });
  });
  afterAll(async () => db?.close());

  it("fires the workflow, the network and the campaign, each linked from its TriggerEvent", async () => {
    const send = () =>
      call(emit, {
        method: "POST",
        key: org.keys.OPERATOR,
        headers: { "idempotency-key": "article-1" },
        body: { eventName: "article.published", payload: { title: "Grid batteries" } },
      });
    const response = await send();
    expect(response.status).toBe(202);
    expect(response.body.matched).toBe(3);
    await send(); // a redelivery of the same event
    await drainJobs(db);

    const events = await db.prisma.triggerEvent.findMany({ where: { organizationId: org.organization.id, source: "event" } });
    expect(events).toHaveLength(3);
    const workflowEvent = events.find((event) => event.entityType === "workflow")!;
    const networkEvent = events.find((event) => event.entityType === "network")!;
    const campaignEvent = events.find((event) => event.campaignTriggerId)!;

    const workflowRun = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: workflowEvent.workflowRunId! }, include: { steps: true } });
    expect(workflowRun).toMatchObject({ status: "COMPLETED", source: "event", triggerEventId: workflowEvent.id, input: { title: "Grid batteries" } });
    const workflowSubRun = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: workflowRun.steps[0].agentRunId! } });
    expect(workflowSubRun).toMatchObject({ source: "workflow", workflowRunId: workflowRun.id });

    const networkRun = await db.prisma.networkRun.findUniqueOrThrow({ where: { id: networkEvent.networkRunId! }, include: { steps: true } });
    expect(networkRun).toMatchObject({ status: "COMPLETED", source: "event", triggerEventId: networkEvent.id });
    const networkSubRuns = await db.prisma.agentRun.findMany({ where: { networkRunId: networkRun.id } });
    expect(networkSubRuns.length).toBe(networkRun.steps.length);
    expect(networkSubRuns.every((run) => run.source === "network")).toBe(true);

    const campaign = await db.prisma.campaign.findUniqueOrThrow({
      where: { id: campaignEvent.campaignId! },
      include: { missions: { include: { tasks: true } } },
    });
    expect(campaign).toMatchObject({ status: "COMPLETED", parameters: { topic: "Grid batteries" } });
    for (const task of campaign.missions.flatMap((mission) => mission.tasks)) {
      expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: task.agentRunId! } })).toMatchObject({ source: "campaign", status: "COMPLETED" });
    }

    // The redelivery created nothing new.
    expect(await db.prisma.workflowRun.count({ where: { organizationId: org.organization.id } })).toBe(1);
    expect(await db.prisma.networkRun.count({ where: { organizationId: org.organization.id } })).toBe(1);
    expect(await db.prisma.campaign.count({ where: { organizationId: org.organization.id } })).toBe(1);
  });
});
