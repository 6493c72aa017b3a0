import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideReview } from "../reviews/decisions.ts";
import { EVENT_NAMES } from "../execution/events.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { listReviews, ListReviewsQuery } from "../reviews/service.ts";
import { cancelRun } from "../runs/actions.ts";
import { estimateTaskCostUsd, roundUsd } from "./planner.ts";
import type { StoredPlan } from "./review.ts";
import { createCampaignHandlers } from "./runtime.ts";
import { createCampaignFromTemplate } from "./service.ts";
import { createCampaignOrg, RESEARCH_INTENT } from "./testing.ts";

describe("campaign runtime", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  const engine = () => createLocalEngine(db.prisma);
  async function drain(sleep = async (_ms: number) => {}) {
    const deps = { db: db.prisma, workerId: "test-worker", sleep, engine: engine() };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createCampaignHandlers(deps) }, workerId: "test-worker" });
  }
  /** A manual campaign from the org's template, queued and not yet run. */
  async function create(org: Awaited<ReturnType<typeof createCampaignOrg>>, parameters: Record<string, unknown> = { topic: "solar" }) {
    const { campaign } = await createCampaignFromTemplate(db.prisma, engine(), {
      organizationId: org.organization.id,
      templateId: org.template.id,
      parameters,
      source: "manual",
      dedupeKey: `test:${randomBytes(6).toString("hex")}`,
    });
    return campaign;
  }
  async function start(org: Awaited<ReturnType<typeof createCampaignOrg>>, parameters: Record<string, unknown> = { topic: "solar" }) {
    const campaign = await create(org, parameters);
    await drain();
    return campaign.id;
  }
  const load = (id: string) =>
    db.prisma.campaign.findUniqueOrThrow({
      where: { id },
      include: { missions: { include: { tasks: { orderBy: { id: "asc" } } }, orderBy: [{ sequence: "asc" }, { name: "asc" }] } },
    });
  /** The campaign's task sub-runs (the planning call is the other sub-run). */
  const taskRuns = async (campaignId: string) =>
    (await db.prisma.agentRun.findMany({ where: { source: "campaign", metadata: { path: ["campaignId"], equals: campaignId } } })).filter(
      (run) => (run.metadata as { role?: string }).role !== "planner",
    );

  it("plans missions and tasks deterministically, records the planning call, and waits for plan approval", async () => {
    const org = await createCampaignOrg(db.prisma, { requireApproval: true });
    const first = await load(await start(org));
    const second = await load(await start(org));

    expect(first).toMatchObject({ status: "SUSPENDED", phase: "awaiting_plan_approval", intent: expect.stringContaining("about solar:"), missionsTotal: 4 });
    const shape = (campaign: typeof first) => campaign.missions.map((m) => [m.sequence, m.name, m.requiresApproval, m.tasks.map((t) => t.agentId)]);
    expect(shape(first)).toEqual([
      [1, "Collect sources", false, [org.agents.collector.id]],
      [1, "Survey prior work", false, [org.agents.analyst.id]],
      [2, "Extract the key claims", true, [org.agents.analyst.id]],
      [3, "Publish a digest", false, [org.agents.publisher.id]],
    ]);
    expect(shape(second)).toEqual(shape(first));

    const plan = first.plan as unknown as StoredPlan;
    const plannerRun = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: plan.planner!.agentRunId } });
    expect(plannerRun).toMatchObject({ agentId: org.agents.planner.id, source: "campaign", status: "COMPLETED", dedupeKey: `campaign-plan:${first.id}` });
    expect(first.costUsd).toBe(plannerRun.costUsd);

    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { campaignId: first.id } });
    expect(approval).toMatchObject({ sourceType: "campaign", status: "pending", summary: plan.summary, estimatedCostUsd: plan.estimatedCostUsd });
    expect(await taskRuns(first.id)).toEqual([]);
    const activity = await db.prisma.activityEvent.findMany({ where: { campaignId: first.id }, orderBy: { createdAt: "asc" } });
    expect(activity.map((event) => event.type)).toEqual(["CAMPAIGN_CREATED", "CAMPAIGN_STARTED", "APPROVAL_REQUESTED"]);
  });

  it("executes nothing until the plan is approved, then runs every task as an AgentRun and rolls cost up exactly", async () => {
    const org = await createCampaignOrg(db.prisma, { requireApproval: true, intent: RESEARCH_INTENT });
    const campaignId = await start(org);
    // A stray execute event before the decision changes nothing.
    await engine().send({ id: `stray:${campaignId}`, name: EVENT_NAMES.campaignExecute, data: { organizationId: org.organization.id, campaignId } });
    await drain();
    expect(await taskRuns(campaignId)).toEqual([]);
    expect((await load(campaignId)).status).toBe("SUSPENDED");

    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { campaignId } });
    await decideReview(org.ctx("OPERATOR"), engine(), { id: approval.id, decision: "approve" });
    // The simulated model's "thinking" overlaps for the two missions of sequence 1 and for nothing else.
    let thinking = 0;
    const overlaps: number[] = [];
    await drain(async () => {
      overlaps.push(++thinking);
      await new Promise((resolve) => setTimeout(resolve, 300));
      thinking--;
    });
    expect(overlaps.sort()).toEqual([1, 1, 2]);

    const campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "COMPLETED", phase: "done", stopReason: null, missionsTotal: 3, missionsCompleted: 3 });
    const tasks = campaign.missions.flatMap((m) => m.tasks);
    const runs = await taskRuns(campaignId);
    expect(runs).toHaveLength(3);
    for (const task of tasks) {
      const run = runs.find((candidate) => candidate.id === task.agentRunId)!;
      expect(run).toMatchObject({ source: "campaign", status: "COMPLETED", agentId: task.agentId });
      expect(task).toMatchObject({ status: "COMPLETED", costUsd: run.costUsd, totalTokens: run.totalTokens });
    }
    for (const mission of campaign.missions) {
      expect(mission.status).toBe("COMPLETED");
      expect(mission.costUsd).toBe(roundUsd(mission.tasks.reduce((sum, task) => sum + task.costUsd, 0)));
      expect(mission.afterActionReview).toMatchObject({ failedTasks: [], cost: { costUsd: mission.costUsd } });
    }
    const planner = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: (campaign.plan as unknown as StoredPlan).planner!.agentRunId } });
    const subRuns = [planner, ...runs];
    expect(campaign.costUsd).toBe(roundUsd(subRuns.reduce((sum, run) => sum + run.costUsd, 0)));
    expect(campaign.totalTokens).toBe(subRuns.reduce((sum, run) => sum + run.totalTokens, 0));
    expect(campaign.afterActionReview).toMatchObject({ failedTasks: [], tasks: { total: 3, completed: 3 }, cost: { costUsd: campaign.costUsd } });

    const types = (await db.prisma.activityEvent.findMany({ where: { campaignId } })).map((event) => event.type);
    expect(types.filter((type) => type === "TASK_COMPLETED")).toHaveLength(3);
    expect(types.filter((type) => type === "MISSION_COMPLETED")).toHaveLength(3);
    expect(types).toContain("CAMPAIGN_COMPLETED");
  });

  it("cancels the campaign when the plan is rejected", async () => {
    const org = await createCampaignOrg(db.prisma, { requireApproval: true });
    const campaignId = await start(org);
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { campaignId } });
    await decideReview(org.ctx("OPERATOR"), engine(), { id: approval.id, decision: "reject", notes: "wrong topic" });
    await drain();
    const campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "CANCELLED", phase: "done", stopReason: "Plan rejected: wrong topic" });
    expect(campaign.missions.map((mission) => mission.status)).toEqual(["SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED"]);
    expect(await taskRuns(campaignId)).toEqual([]);
    // A rejected plan is a cancellation (a human chose not to run it), recorded once.
    const cancelled = await db.prisma.activityEvent.findMany({ where: { campaignId, type: { in: ["CAMPAIGN_CANCELLED", "CAMPAIGN_FAILED"] } } });
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({
      type: "CAMPAIGN_CANCELLED",
      title: `Campaign "${campaign.name}" was cancelled`,
      status: "CANCELLED",
      description: "Plan rejected: wrong topic",
    });
  });

  /** What a cancel while waiting must leave behind: the review closed as expired, out of the pending queue, refusing a decision. */
  async function expectReviewClosed(org: Awaited<ReturnType<typeof createCampaignOrg>>, approvalId: string) {
    const closed = await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: approvalId }, include: { audit: true } });
    expect(closed).toMatchObject({ status: "expired", decisionNotes: "Campaign cancelled: Cancelled by test OPERATOR" });
    expect(closed.decidedAt).toBeInstanceOf(Date);
    expect(closed.audit.map((entry) => [entry.action, entry.actorLabel])).toEqual([
      ["requested", "system"],
      ["expired", "system"],
    ]);
    const pending = await listReviews(org.ctx("OPERATOR"), ListReviewsQuery.parse({}));
    expect(pending.reviews.map((review) => review.id)).not.toContain(approvalId);

    await expect(decideReview(org.ctx("OPERATOR"), engine(), { id: approvalId, decision: "approve" })).rejects.toMatchObject({
      status: 409,
      message: "This request expired: Campaign cancelled: Cancelled by test OPERATOR; it takes no decision",
    });
    await drain();
    expect(await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: approvalId } })).toMatchObject({ status: "expired", decidedByLabel: null });
  }

  async function expectOneCancellation(campaignId: string, description: string) {
    const outcomes = await db.prisma.activityEvent.findMany({
      where: { campaignId, type: { in: ["CAMPAIGN_CANCELLED", "CAMPAIGN_FAILED", "CAMPAIGN_COMPLETED"] } },
    });
    expect(outcomes.map((event) => [event.type, event.description])).toEqual([["CAMPAIGN_CANCELLED", description]]);
  }

  it("cancels a campaign waiting for plan approval at once, closes the review, and a later approval neither decides nor resumes it", async () => {
    const org = await createCampaignOrg(db.prisma, { requireApproval: true });
    const campaignId = await start(org);
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { campaignId } });

    expect(await cancelRun(org.ctx("OPERATOR"), "campaign", campaignId)).toMatchObject({ status: "CANCELLED" });
    await expectReviewClosed(org, approval.id);

    const campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "CANCELLED", phase: "done", stopReason: "Cancelled by test OPERATOR", missionsCompleted: 0 });
    expect(campaign.cancelRequestedAt).toBeInstanceOf(Date);
    expect(campaign.durationMs).toBe(campaign.completedAt!.getTime() - campaign.startedAt.getTime());
    expect(campaign.missions.flatMap((mission) => [mission.status, ...mission.tasks.map((task) => task.status)]).every((status) => status === "SKIPPED")).toBe(
      true,
    );
    expect(campaign.afterActionReview).toMatchObject({ stopReason: "Cancelled by test OPERATOR", tasks: { total: 4, completed: 0, skipped: 4 } });
    expect(await taskRuns(campaignId)).toEqual([]);
    await expectOneCancellation(campaignId, "Cancelled by test OPERATOR");
    await expect(cancelRun(org.ctx("OPERATOR"), "campaign", campaignId)).rejects.toMatchObject({ status: 409 });
  });

  it("cancels a campaign waiting for a mission's approval at once: nothing after the mission runs, even if approved later", async () => {
    const org = await createCampaignOrg(db.prisma);
    const campaignId = await start(org);
    const gated = (await load(campaignId)).missions[2];
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { missionId: gated.id } });

    expect(await cancelRun(org.ctx("OPERATOR"), "campaign", campaignId)).toMatchObject({ status: "CANCELLED" });
    await expectReviewClosed(org, approval.id);

    const campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "CANCELLED", phase: "done", stopReason: "Cancelled by test OPERATOR", missionsCompleted: 2 });
    expect(campaign.missions.map((m) => [m.status, m.tasks[0].status])).toEqual([
      ["COMPLETED", "COMPLETED"],
      ["COMPLETED", "COMPLETED"],
      ["SKIPPED", "COMPLETED"],
      ["SKIPPED", "SKIPPED"],
    ]);
    expect(await taskRuns(campaignId)).toHaveLength(3);
    await expectOneCancellation(campaignId, "Cancelled by test OPERATOR");
  });

  it("honours a cancel requested while planning before asking for the plan's approval", async () => {
    const org = await createCampaignOrg(db.prisma, { requireApproval: true });
    const campaign = await create(org, { topic: "tides" });
    // The cancel arrives while the planner agent "thinks": the campaign is RUNNING, so it is only flagged.
    const flagged: string[] = [];
    await drain(async () => {
      flagged.push((await cancelRun(org.ctx("OPERATOR"), "campaign", campaign.id)).status);
    });

    expect(flagged).toEqual(["RUNNING"]);
    expect(await load(campaign.id)).toMatchObject({ status: "CANCELLED", phase: "done", stopReason: "Cancelled by request" });
    // The planning call was asked to stop with it: its answer is not used, and it is a cancellation, not a failed plan.
    const planner = await db.prisma.agentRun.findFirstOrThrow({ where: { organizationId: org.organization.id, dedupeKey: `campaign-plan:${campaign.id}` } });
    expect(planner).toMatchObject({ status: "CANCELLED", error: "Cancelled on request; the model's answer was discarded" });
    expect(await db.prisma.approvalRequest.count({ where: { campaignId: campaign.id } })).toBe(0);
    expect(await taskRuns(campaign.id)).toEqual([]);
    await expectOneCancellation(campaign.id, "Cancelled by request");
  });

  it("cancels the running tasks' agent runs with the campaign: they end CANCELLED, and so do their missions and the campaign", async () => {
    const org = await createCampaignOrg(db.prisma);
    const campaign = await create(org, { topic: "tides" });
    // Model calls: the planner, then the first sequence's two tasks together. The first task waits
    // for the second to be in flight too, then the operator cancels the campaign.
    let calls = 0;
    let releaseFirstTask = () => {};
    const bothTasksInFlight = new Promise<void>((resolve) => (releaseFirstTask = resolve));
    const flagged: string[] = [];
    await drain(async () => {
      calls++;
      if (calls === 2) return bothTasksInFlight;
      if (calls === 3) {
        flagged.push((await cancelRun(org.ctx("OPERATOR"), "campaign", campaign.id)).status);
        releaseFirstTask();
      }
    });

    expect(flagged).toEqual(["RUNNING"]);
    expect(calls).toBe(3);
    const cancelled = await load(campaign.id);
    expect(cancelled).toMatchObject({ status: "CANCELLED", phase: "done", stopReason: "Cancelled by request", missionsCompleted: 0 });
    expect(cancelled.missions.map((m) => [m.sequence, m.status, m.tasks.map((t) => t.status)])).toEqual([
      [1, "CANCELLED", ["CANCELLED"]],
      [1, "CANCELLED", ["CANCELLED"]],
      [2, "SKIPPED", ["SKIPPED"]],
      [3, "SKIPPED", ["SKIPPED"]],
    ]);
    const runs = await taskRuns(campaign.id);
    expect(runs.map((run) => [run.status, run.error, run.cancelRequestedAt])).toEqual([
      ["CANCELLED", "Cancelled on request; the model's answer was discarded", cancelled.cancelRequestedAt],
      ["CANCELLED", "Cancelled on request; the model's answer was discarded", cancelled.cancelRequestedAt],
    ]);
    expect(
      cancelled.missions
        .flatMap((m) => m.tasks.map((t) => t.agentRunId))
        .filter(Boolean)
        .sort(),
    ).toEqual(runs.map((run) => run.id).sort());
    expect(cancelled.afterActionReview).toMatchObject({ tasks: { total: 4, completed: 0, failed: 0, cancelled: 2, skipped: 2 } });
    expect(cancelled.costUsd).toBe(roundUsd(runs.reduce((sum, run) => sum + run.costUsd, (cancelled.plan as unknown as StoredPlan).planner!.costUsd)));

    // One event per run: each task run's AGENT_RUN_CANCELLED (in the campaign's group, with its mission) and
    // the campaign's CAMPAIGN_CANCELLED; no task or mission reads as failed.
    const events = await db.prisma.activityEvent.findMany({ where: { campaignId: campaign.id } });
    expect(
      events
        .filter((event) => event.type === "AGENT_RUN_CANCELLED")
        .map((event) => [event.runId, event.missionId])
        .sort(),
    ).toEqual(runs.map((run) => [run.id, (run.metadata as { missionId: string }).missionId]).sort());
    expect(events.map((event) => event.type).sort()).toEqual([
      "AGENT_RUN_CANCELLED",
      "AGENT_RUN_CANCELLED",
      "CAMPAIGN_CANCELLED",
      "CAMPAIGN_CREATED",
      "CAMPAIGN_STARTED",
      "MISSION_STARTED",
      "MISSION_STARTED",
    ]);
  });

  it("cancels a queued campaign at once with one CAMPAIGN_CANCELLED, and its planning never starts", async () => {
    const org = await createCampaignOrg(db.prisma);
    const campaign = await create(org, { topic: "wind" });
    expect(await cancelRun(org.ctx("OPERATOR"), "campaign", campaign.id)).toMatchObject({ status: "CANCELLED" });
    await drain();

    expect(await load(campaign.id)).toMatchObject({
      status: "CANCELLED",
      phase: "done",
      stopReason: "Cancelled before it started",
      durationMs: 0,
      missionsTotal: 0,
    });
    const activity = await db.prisma.activityEvent.findMany({ where: { campaignId: campaign.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(activity.map((event) => event.type)).toEqual(["CAMPAIGN_CREATED", "CAMPAIGN_CANCELLED"]);
    expect(activity[1]).toMatchObject({ campaignId: campaign.id, status: "CANCELLED", durationMs: 0, description: "Cancelled before it started" });
  });

  it("holds the next sequence until a mission that requires approval is approved", async () => {
    const org = await createCampaignOrg(db.prisma);
    const campaignId = await start(org);

    let campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "SUSPENDED", phase: "awaiting_mission_approval" });
    expect(campaign.missions.map((m) => m.status)).toEqual(["COMPLETED", "COMPLETED", "WAITING", "PENDING"]);
    const gated = campaign.missions[2];
    expect(gated.afterActionReview).toMatchObject({ summary: expect.stringMatching(/^1 of 1 task\(s\) completed/) });
    expect(await taskRuns(campaignId)).toHaveLength(3);

    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { missionId: gated.id } });
    expect(approval).toMatchObject({ sourceType: "mission", campaignId, status: "pending" });
    await decideReview(org.ctx("OPERATOR"), engine(), { id: approval.id, decision: "approve" });
    await drain();

    campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "COMPLETED", phase: "done", missionsCompleted: 4 });
    expect(campaign.missions[3].tasks[0].agentRunId).not.toBeNull();
    expect(await taskRuns(campaignId)).toHaveLength(4);
  });

  it("fails the campaign with the reason when a mission is rejected, and runs nothing after it", async () => {
    const org = await createCampaignOrg(db.prisma);
    const campaignId = await start(org);
    const gated = (await load(campaignId)).missions[2];
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { missionId: gated.id } });
    await decideReview(org.ctx("OPERATOR"), engine(), { id: approval.id, decision: "reject", notes: "claims are unsupported" });
    await drain();

    const campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "FAILED", phase: "done", stopReason: 'Mission "Extract the key claims" was rejected: claims are unsupported' });
    expect(campaign.missions.map((m) => m.status)).toEqual(["COMPLETED", "COMPLETED", "FAILED", "SKIPPED"]);
    expect(campaign.missions[3].tasks[0]).toMatchObject({ status: "SKIPPED", agentRunId: null });
    expect(await taskRuns(campaignId)).toHaveLength(3);
  });

  it("stops before a task whose estimated cost would push spend past maxCostUsd", async () => {
    const org = await createCampaignOrg(db.prisma, { intent: RESEARCH_INTENT, plannerAgentId: null });
    const estimate = (agent: { instructions: string; modelName: string; simulation: unknown }, task: string) =>
      estimateTaskCostUsd(
        agent as never,
        `${task}. This is part of the campaign: Map solar: collect sources and survey prior work, then extract the key claims`,
      );
    const collect = estimate(org.agents.collector, "Collect sources");
    const survey = estimate(org.agents.analyst, "Survey prior work");
    // Room for the first task of sequence 1, not for both.
    const maxCostUsd = collect + survey / 2;
    await db.prisma.campaignTemplate.update({ where: { id: org.template.id }, data: { maxCostUsd } });
    const campaignId = await start(org);

    const campaign = await load(campaignId);
    expect(campaign).toMatchObject({ status: "FAILED", phase: "done" });
    expect(campaign.stopReason).toBe(
      `Budget: task "Survey prior work" (estimated $${survey.toFixed(6)}) would take spend from $${collect.toFixed(6)} ` +
        `to $${(collect + survey).toFixed(6)}, past maxCostUsd $${maxCostUsd.toFixed(6)}`,
    );
    expect(campaign.missions.map((m) => [m.name, m.status, m.tasks[0].status])).toEqual([
      ["Collect sources", "COMPLETED", "COMPLETED"],
      ["Survey prior work", "FAILED", "SKIPPED"],
      ["Extract the key claims", "SKIPPED", "SKIPPED"],
    ]);
    const runs = await taskRuns(campaignId);
    expect(runs).toHaveLength(1);
    expect(campaign.costUsd).toBe(runs[0].costUsd);
    expect(campaign.afterActionReview).toMatchObject({ stopReason: campaign.stopReason, tasks: { total: 3, completed: 1, skipped: 2 } });
  });

  describe("a template with a fixed mission plan", () => {
    const missionPlan = {
      missions: [
        {
          name: "Gather on {{ topic }}",
          tasks: [
            { title: "Collect {{ topic }} sources", agent: "collector" },
            { title: "Survey work", agent: "analyst", instructions: "Survey prior work on {{ topic }}" },
          ],
        },
        { name: "Publish", requiresApproval: true, tasks: [{ title: "Publish the digest", agent: "publisher" }] },
      ],
    };

    it("runs the plan's missions in order with the agents it names, without calling the planner", async () => {
      const org = await createCampaignOrg(db.prisma, { intent: RESEARCH_INTENT, missionPlan });
      const campaignId = await start(org);
      const campaign = await load(campaignId);

      expect(campaign).toMatchObject({ status: "SUSPENDED", phase: "awaiting_mission_approval", missionsTotal: 2 });
      expect(campaign.missions.map((m) => [m.sequence, m.name, m.requiresApproval, m.status, m.tasks.map((t) => [t.name, t.agentId, t.status])])).toEqual([
        [
          1,
          "Gather on solar",
          false,
          "COMPLETED",
          [
            ["Collect solar sources", org.agents.collector.id, "COMPLETED"],
            ["Survey work", org.agents.analyst.id, "COMPLETED"],
          ],
        ],
        [2, "Publish", true, "WAITING", [["Publish the digest", org.agents.publisher.id, "COMPLETED"]]],
      ]);
      const survey = campaign.missions[0].tasks.find((task) => task.name === "Survey work");
      expect(survey?.instructions).toBe(`Survey prior work on solar\n\nThis is part of the campaign: ${campaign.intent}`);
      const plan = campaign.plan as unknown as StoredPlan;
      expect(plan.planner).toBeNull();
      expect(plan.summary).toMatch(/^2 mission\(s\) from the template's mission plan, 3 task\(s\)/);
      const runs = await db.prisma.agentRun.findMany({ where: { source: "campaign", metadata: { path: ["campaignId"], equals: campaignId } } });
      expect(runs.map((run) => run.agentId).sort()).toEqual([org.agents.collector.id, org.agents.analyst.id, org.agents.publisher.id].sort());
    });

    it("fails planning, naming the agent, when one the plan names is no longer active", async () => {
      const org = await createCampaignOrg(db.prisma, { intent: RESEARCH_INTENT, missionPlan });
      await db.prisma.agent.update({ where: { id: org.agents.publisher.id }, data: { isActive: false, archivedAt: new Date() } });
      const campaign = await load(await start(org));
      expect(campaign).toMatchObject({ status: "FAILED", stopReason: "The mission plan names agents that are not active: publisher", missions: [] });
    });

    it("refuses a campaign whose plan placeholders have no value", async () => {
      const org = await createCampaignOrg(db.prisma, {
        intent: "Plain intent",
        parameters: { topic: { description: "no default" } },
        missionPlan,
      });
      await expect(create(org, {})).rejects.toMatchObject({ code: "validation_failed", details: { missing: ["topic"] } });
    });
  });

  it("starts no campaign from an archived template", async () => {
    const org = await createCampaignOrg(db.prisma, { isActive: false, archivedAt: new Date() });
    await expect(create(org)).rejects.toMatchObject({ code: "inactive", message: 'Campaign template "knowledge-distiller" is archived' });
  });
});
