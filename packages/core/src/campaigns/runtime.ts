import type { Agent, Campaign, MissionTask, Prisma, PrismaClient, StepStatus } from "@switchyard/database";
import { executeAgentRun, type RunAgentFireOptions } from "../agents/runtime.ts";
import { requestReview } from "../reviews/requests.ts";
import { AppError, notFound } from "../errors.ts";
import { CampaignPayload, EVENT_NAMES, MissionApprovedPayload, type EventHandlerDeps, type EventHandlers, type ExecutionEngine } from "../execution/events.ts";
import { createLocalEngine } from "../execution/local-engine.ts";
import { readMissionPlan, missionPlanAgents, planFromMissionPlan } from "./mission-plan.ts";
import { deriveCampaignPlan, estimateTaskCostUsd, type CampaignPlan } from "./planner.ts";
import {
  campaignActivity,
  plannerRunKey,
  recordMissionOutcome,
  reviewMission,
  rollUpCampaign,
  taskRunKey,
  type CampaignEnd,
  type MissionWithTasks,
  type StoredPlan,
} from "./review.ts";
import { announceSuspended, claimRun, finishOnce, isFinished } from "../runs/lifecycle.ts";
import { withRunSpan, type RunSpan } from "../telemetry/tracing.ts";

const CANCELLED_BY_REQUEST = "Cancelled by request";

/** The campaign/plan, campaign/execute and campaign/mission.approved handlers, for both engines. */
export function createCampaignHandlers(deps: EventHandlerDeps): EventHandlers {
  const engine = deps.engine ?? createLocalEngine(deps.db);
  const options = { workerId: deps.workerId, sleep: deps.sleep };
  return {
    [EVENT_NAMES.campaignPlan]: async (event, step) => {
      const payload = CampaignPayload.parse(event.data);
      return step.run("plan-campaign", async () => summarize(await planCampaign(deps.db, engine, payload, options)));
    },
    [EVENT_NAMES.campaignExecute]: async (event, step) => {
      const payload = CampaignPayload.parse(event.data);
      return step.run("execute-campaign", async () => summarize(await executeCampaign(deps.db, payload, options)));
    },
    [EVENT_NAMES.missionApproved]: async (event, step) => {
      const payload = MissionApprovedPayload.parse(event.data);
      return step.run("decide-mission", async () => summarize(await decideMission(deps.db, engine, payload)));
    },
  };
}

function summarize(campaign: Campaign) {
  return { campaignId: campaign.id, status: campaign.status, phase: campaign.phase };
}

/**
 * Plans a campaign once: the planner agent's call is a recorded AgentRun (source `campaign`), the plan
 * is derived deterministically from the template, and missions and tasks are written in one
 * transaction. Then either an ApprovalRequest of kind `campaign` suspends it, or execution starts.
 */
export async function planCampaign(db: PrismaClient, engine: ExecutionEngine, payload: CampaignPayload, options: RunAgentFireOptions): Promise<Campaign> {
  const found = await findCampaign(db, payload);
  return withRunSpan(campaignSpan(found), () => planFound(db, engine, found, options));
}

async function planFound(db: PrismaClient, engine: ExecutionEngine, found: Campaign, options: RunAgentFireOptions): Promise<Campaign> {
  let campaign = found;
  if (campaign.phase === "planning" && !isFinished(campaign.status)) {
    // A redelivery finds it claimed already and continues the planning, which writes the plan once.
    await claimRun(db, "campaign", campaign, options.workerId);
    campaign = await writePlan(db, campaign, options);
  }
  // A cancel requested while planning ran is honoured before the plan asks anyone to approve it.
  if (campaign.cancelRequestedAt && !isFinished(campaign.status))
    return finishCampaign(db, campaign, { status: "CANCELLED", stopReason: CANCELLED_BY_REQUEST });
  if (campaign.phase === "awaiting_plan_approval") await requestPlanApproval(db, campaign);
  if (campaign.phase === "executing") await dispatchExecute(engine, campaign, "planned");
  return campaign;
}

async function writePlan(db: PrismaClient, campaign: Campaign, options: RunAgentFireOptions): Promise<Campaign> {
  const template = campaign.templateId
    ? await db.campaignTemplate.findFirst({ where: { id: campaign.templateId, organizationId: campaign.organizationId } })
    : null;
  const agents = await db.agent.findMany({ where: { organizationId: campaign.organizationId, isActive: true, archivedAt: null }, orderBy: { slug: "asc" } });
  if (agents.length === 0) return finishCampaign(db, campaign, { status: "FAILED", stopReason: "The organization has no active agents to plan with" });

  // A template's fixed mission plan replaces the planner: no planning call, the missions it lists.
  const missionPlan = template ? readMissionPlan(template.missionPlan) : null;
  let derived: CampaignPlan;
  let planner: StoredPlan["planner"] = null;
  if (missionPlan) {
    const unavailable = [...new Set(missionPlanAgents(missionPlan).map((task) => task.slug))].filter((slug) => !agents.some((agent) => agent.slug === slug));
    if (unavailable.length > 0) {
      return finishCampaign(db, campaign, { status: "FAILED", stopReason: `The mission plan names agents that are not active: ${unavailable.join(", ")}` });
    }
    derived = planFromMissionPlan({ missionPlan, intent: campaign.intent, parameters: asParameters(campaign.parameters), agents });
  } else {
    const plannerAgentId = template?.plannerAgentId ?? null;
    const workers = agents.filter((agent) => agent.id !== plannerAgentId);
    if (plannerAgentId) {
      const run = await runAgent(db, options, {
        organizationId: campaign.organizationId,
        agentId: plannerAgentId,
        source: "campaign",
        input: {
          prompt: `Plan the campaign "${campaign.name}" into missions and tasks for these agents: ${workers.map((a) => a.slug).join(", ")}.\nIntent: ${campaign.intent}`,
        },
        dedupeKey: plannerRunKey(campaign.id),
        metadata: { campaignId: campaign.id, role: "planner" },
      });
      if (run?.status !== "COMPLETED") {
        if (run?.status === "CANCELLED" && (await isCancelRequested(db, campaign.id)))
          return finishCampaign(db, campaign, { status: "CANCELLED", stopReason: CANCELLED_BY_REQUEST });
        return finishCampaign(db, campaign, { status: "FAILED", stopReason: `Planning failed: ${run?.error ?? "planner agent not found"}` });
      }
      planner = { agentId: plannerAgentId, agentRunId: run.id, costUsd: run.costUsd, totalTokens: run.totalTokens };
    }
    derived = deriveCampaignPlan({ seed: campaign.templateId ?? campaign.id, intent: campaign.intent, agents: workers.length > 0 ? workers : agents });
  }
  const plan: StoredPlan = { ...derived, planner };
  const phase = campaign.requireApproval ? "awaiting_plan_approval" : "executing";
  // The phase compare-and-set makes a retried or concurrent planning write the missions once.
  const suspended = await db.$transaction(async (tx) => {
    const { count } = await tx.campaign.updateMany({
      where: { id: campaign.id, phase: "planning", status: "RUNNING" },
      data: {
        phase,
        status: campaign.requireApproval ? "SUSPENDED" : "RUNNING",
        plan: plan as unknown as Prisma.InputJsonValue,
        missionsTotal: plan.missions.length,
        costUsd: planner?.costUsd ?? 0,
        totalTokens: planner?.totalTokens ?? 0,
        heartbeatAt: new Date(),
      },
    });
    if (count !== 1) return false;
    for (const mission of plan.missions) {
      await tx.mission.create({
        data: {
          organizationId: campaign.organizationId,
          campaignId: campaign.id,
          sequence: mission.sequence,
          name: mission.name,
          objective: mission.objective,
          requiresApproval: mission.requiresApproval,
          tasks: {
            create: mission.tasks.map((task) => ({
              organizationId: campaign.organizationId,
              campaignId: campaign.id,
              name: task.name,
              instructions: task.instructions,
              agentId: task.agentId,
            })),
          },
        },
      });
    }
    return campaign.requireApproval;
  });
  const planned = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  if (suspended) announceSuspended("campaign", planned);
  return planned;
}

async function requestPlanApproval(db: PrismaClient, campaign: Campaign) {
  const existing = await db.approvalRequest.findFirst({ where: { organizationId: campaign.organizationId, campaignId: campaign.id, sourceType: "campaign" } });
  if (existing) return;
  const plan = campaign.plan as unknown as StoredPlan;
  await requestReview(db, {
    organizationId: campaign.organizationId,
    sourceType: "campaign",
    title: `Approve the plan of campaign "${campaign.name}"`,
    summary: plan.summary,
    prompt: `Campaign "${campaign.name}" is planned and ready to execute.`,
    campaignId: campaign.id,
    estimatedCostUsd: plan.estimatedCostUsd,
    reviewContext: {
      kind: "campaign",
      campaignId: campaign.id,
      campaignName: campaign.name,
      intent: campaign.intent,
      missionCount: plan.missions.length,
      missions: plan.missions.map((m) => ({
        sequence: m.sequence,
        name: m.name,
        requiresApproval: m.requiresApproval,
        agents: m.tasks.map((t) => t.agentSlug),
      })),
      estimatedCostUsd: plan.estimatedCostUsd,
      maxCostUsd: campaign.maxCostUsd,
    },
  });
}

/**
 * Executes the planned missions in sequence order; missions of equal sequence (and their tasks) run
 * in parallel. Before each task the budget is checked against the task's estimated cost. A finished
 * mission that requires approval suspends the campaign until `campaign/mission.approved`.
 */
export async function executeCampaign(db: PrismaClient, payload: CampaignPayload, options: RunAgentFireOptions): Promise<Campaign> {
  const found = await findCampaign(db, payload);
  return withRunSpan(campaignSpan(found), () => executeFound(db, found, options));
}

async function executeFound(db: PrismaClient, found: Campaign, options: RunAgentFireOptions): Promise<Campaign> {
  let campaign = found;
  if (campaign.phase === "awaiting_plan_approval") {
    const approved = await db.approvalRequest.findFirst({
      where: { organizationId: campaign.organizationId, campaignId: campaign.id, sourceType: "campaign", status: "approved" },
    });
    if (!approved) return campaign;
    await db.campaign.updateMany({
      where: { id: campaign.id, phase: "awaiting_plan_approval", status: "SUSPENDED" },
      data: { phase: "executing", status: "RUNNING" },
    });
    campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  }
  if (campaign.phase !== "executing" || campaign.status !== "RUNNING") return campaign;
  await db.campaign.update({ where: { id: campaign.id }, data: { claimedBy: options.workerId, claimedAt: new Date(), heartbeatAt: new Date() } });

  for (;;) {
    const current = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    if (current.cancelRequestedAt) return finishCampaign(db, current, { status: "CANCELLED", stopReason: CANCELLED_BY_REQUEST });
    const missions = await db.mission.findMany({
      where: { campaignId: campaign.id },
      include: { tasks: { orderBy: { name: "asc" } } },
      orderBy: [{ sequence: "asc" }, { name: "asc" }],
    });
    if (missions.some((mission) => mission.status === "WAITING")) {
      const { count } = await db.campaign.updateMany({
        where: { id: campaign.id, status: "RUNNING" },
        data: { phase: "awaiting_mission_approval", status: "SUSPENDED" },
      });
      const waiting = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
      if (count === 1) announceSuspended("campaign", waiting);
      return waiting;
    }
    const open = missions.filter((mission) => mission.status === "PENDING" || mission.status === "RUNNING");
    if (open.length === 0) return finishCampaign(db, current, { status: "COMPLETED" });

    const batch = open.filter((mission) => mission.sequence === open[0].sequence);
    const overBudget = await runSequence(db, current, batch, options);
    await rollUpCampaign(db, campaign.id);
    // Tasks cut short by a cancel are not reviewed as a finished mission: they end with the campaign.
    if (await isCancelRequested(db, campaign.id)) return finishCampaign(db, current, { status: "CANCELLED", stopReason: CANCELLED_BY_REQUEST });
    if (overBudget) return finishCampaign(db, current, { status: "FAILED", stopReason: overBudget });
    for (const mission of batch) await finishMission(db, current, mission.id);
  }
}

/** Runs one sequence's tasks in parallel. Returns the stop reason when the budget admits not all of them. */
async function runSequence(db: PrismaClient, campaign: Campaign, batch: MissionWithTasks[], options: RunAgentFireOptions): Promise<string | null> {
  for (const mission of batch) {
    const { count } = await db.mission.updateMany({ where: { id: mission.id, status: "PENDING" }, data: { status: "RUNNING", startedAt: new Date() } });
    if (count === 1) await campaignActivity(db, campaign, "MISSION_STARTED", `Mission "${mission.name}" started`, "RUNNING", { missionId: mission.id });
  }
  const agents = new Map((await db.agent.findMany({ where: { organizationId: campaign.organizationId } })).map((agent) => [agent.id, agent]));
  const tasks = batch.flatMap((mission) => mission.tasks).filter((task) => task.status === "PENDING" || task.status === "RUNNING");

  // Tasks start together, so each is admitted against the spend so far plus the estimates admitted before it.
  let projected = campaign.costUsd;
  const admitted: MissionTask[] = [];
  let stopReason: string | null = null;
  for (const task of tasks) {
    const agent = task.agentId ? agents.get(task.agentId) : undefined;
    const estimate = agent ? estimateTaskCostUsd(agent, task.instructions) : 0;
    if (task.status === "PENDING" && campaign.maxCostUsd !== null && projected + estimate > campaign.maxCostUsd) {
      stopReason =
        `Budget: task "${task.name}" (estimated $${estimate.toFixed(6)}) would take spend from $${projected.toFixed(6)} ` +
        `to $${(projected + estimate).toFixed(6)}, past maxCostUsd $${campaign.maxCostUsd.toFixed(6)}`;
      break;
    }
    admitted.push(task);
    projected += estimate;
  }
  const results = await Promise.allSettled(admitted.map((task) => runTask(db, campaign, task, agents.get(task.agentId ?? ""), options)));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure) throw failure.reason;
  return stopReason;
}

async function runTask(db: PrismaClient, campaign: Campaign, task: MissionTask, agent: Agent | undefined, options: RunAgentFireOptions) {
  const startedAt = task.startedAt ?? new Date();
  await db.missionTask.updateMany({ where: { id: task.id, status: "PENDING" }, data: { status: "RUNNING", startedAt } });
  const run = agent
    ? await runAgent(db, options, {
        organizationId: campaign.organizationId,
        agentId: agent.id,
        source: "campaign",
        input: { prompt: task.instructions, campaign: campaign.name, task: task.name },
        dedupeKey: taskRunKey(task.id),
        metadata: { campaignId: campaign.id, missionId: task.missionId, missionTaskId: task.id },
      })
    : null;
  const isCompleted = run?.status === "COMPLETED";
  // A task run cancelled because the campaign's cancel was requested is a cancelled task; its run's
  // AGENT_RUN_CANCELLED is its one event. One cancelled on its own fails the task.
  const isCancelledWithCampaign = run?.status === "CANCELLED" && (await isCancelRequested(db, campaign.id));
  await db.missionTask.update({
    where: { id: task.id },
    data: {
      status: isCompleted ? "COMPLETED" : isCancelledWithCampaign ? "CANCELLED" : "FAILED",
      agentRunId: run?.id ?? null,
      output: run?.output ?? undefined,
      error: run ? run.error : "The assigned agent was not found",
      totalTokens: run?.totalTokens ?? 0,
      costUsd: run?.costUsd ?? 0,
      completedAt: run?.completedAt ?? new Date(),
    },
  });
  await db.campaign.update({ where: { id: campaign.id }, data: { heartbeatAt: new Date() } });
  if (isCancelledWithCampaign) return;
  await campaignActivity(
    db,
    campaign,
    isCompleted ? "TASK_COMPLETED" : "TASK_FAILED",
    `Task "${task.name}" ${isCompleted ? "completed" : "failed"}`,
    isCompleted ? "COMPLETED" : "FAILED",
    {
      missionId: task.missionId,
      runId: run?.id,
      agentId: agent?.id,
      agentSlug: agent?.slug,
      costUsd: run?.costUsd,
      totalTokens: run?.totalTokens,
      description: run?.error ?? undefined,
    },
  );
}

/** Closes a mission with its after-action review; one that requires approval waits for a human instead. */
async function finishMission(db: PrismaClient, campaign: Campaign, missionId: string) {
  const mission = await db.mission.findUniqueOrThrow({ where: { id: missionId }, include: { tasks: true } });
  if (mission.status !== "RUNNING") return;
  const review = reviewMission(mission);
  const totals = { costUsd: review.cost.costUsd, totalTokens: review.cost.totalTokens, afterActionReview: review, completedAt: new Date() };
  if (mission.requiresApproval) {
    // Checked first, so a retry after a crash here does not open a second request.
    const existing = await db.approvalRequest.findFirst({ where: { organizationId: campaign.organizationId, missionId: mission.id, sourceType: "mission" } });
    if (!existing) {
      await requestReview(db, {
        organizationId: campaign.organizationId,
        sourceType: "mission",
        title: `Approve the results of mission "${mission.name}"`,
        summary: review.summary,
        prompt: `Mission "${mission.name}" of campaign "${campaign.name}" finished. Approve to proceed to the next sequence.`,
        campaignId: campaign.id,
        missionId: mission.id,
        reviewContext: {
          kind: "mission",
          campaignId: campaign.id,
          campaignName: campaign.name,
          missionId: mission.id,
          missionName: mission.name,
          sequence: mission.sequence,
          afterActionReview: review,
        } as unknown as Prisma.InputJsonValue,
      });
    }
    await db.mission.updateMany({ where: { id: mission.id, status: "RUNNING" }, data: { ...totals, status: "WAITING" } });
    return;
  }
  await db.mission.updateMany({
    where: { id: mission.id, status: "RUNNING" },
    data: { ...totals, status: review.failedTasks.length > 0 ? "FAILED" : "COMPLETED" },
  });
  await recordMissionOutcome(db, campaign, mission, review.failedTasks.length > 0 ? "FAILED" : "COMPLETED");
}

/**
 * A human decision on a mission that required approval: approved resumes the campaign at the next
 * sequence; rejected fails the campaign with the reason.
 */
export async function decideMission(db: PrismaClient, engine: ExecutionEngine, payload: MissionApprovedPayload): Promise<Campaign> {
  const campaign = await findCampaign(db, payload);
  const mission = await db.mission.findFirst({
    where: { id: payload.missionId, campaignId: campaign.id, organizationId: campaign.organizationId },
    include: { tasks: true },
  });
  if (!mission) throw notFound("Mission");
  if (mission.status !== "WAITING" || isFinished(campaign.status)) return campaign;

  if (payload.decision === "rejected") {
    await db.mission.updateMany({ where: { id: mission.id, status: "WAITING" }, data: { status: "FAILED" } });
    await recordMissionOutcome(db, campaign, mission, "FAILED");
    return finishCampaign(db, campaign, { status: "FAILED", stopReason: `Mission "${mission.name}" was rejected${payload.notes ? `: ${payload.notes}` : ""}` });
  }
  const outcome: StepStatus = mission.tasks.some((task) => task.status === "FAILED") ? "FAILED" : "COMPLETED";
  const { count } = await db.mission.updateMany({ where: { id: mission.id, status: "WAITING" }, data: { status: outcome } });
  if (count === 1) await recordMissionOutcome(db, campaign, mission, outcome);
  const stillWaiting = await db.mission.count({ where: { campaignId: campaign.id, status: "WAITING" } });
  if (stillWaiting > 0) return campaign;
  await db.campaign.updateMany({
    where: { id: campaign.id, phase: "awaiting_mission_approval", status: "SUSPENDED" },
    data: { phase: "executing", status: "RUNNING" },
  });
  const resumed = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  await dispatchExecute(engine, resumed, `mission:${mission.id}`);
  return resumed;
}

/** A campaign's span is named by its id (campaigns have no slug); each job that plans or executes it is a part of it. */
function campaignSpan(campaign: Campaign): () => RunSpan {
  return () => ({ name: `campaign.${campaign.id}`, kind: "campaign", run: campaign, attributes: { "campaign.phase": campaign.phase } });
}

async function isCancelRequested(db: PrismaClient, campaignId: string): Promise<boolean> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { cancelRequestedAt: true } });
  return campaign.cancelRequestedAt !== null;
}

/** Ends a campaign through the one lifecycle exit, which closes its missions and writes its after-action review. */
async function finishCampaign(db: PrismaClient, campaign: Campaign, end: CampaignEnd): Promise<Campaign> {
  const { run } = await finishOnce(db, "campaign", campaign, { status: end.status, error: end.stopReason });
  return run;
}

/** Runs an agent through the one agent runtime; an agent deleted since planning is a null result, not a crash. */
async function runAgent(db: PrismaClient, options: RunAgentFireOptions, request: Parameters<typeof executeAgentRun>[1]) {
  try {
    return await executeAgentRun(db, request, options);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

function dispatchExecute(engine: ExecutionEngine, campaign: Campaign, reason: string) {
  return engine.send({
    id: `campaign-execute:${campaign.id}:${reason}`,
    name: EVENT_NAMES.campaignExecute,
    data: { organizationId: campaign.organizationId, campaignId: campaign.id },
  });
}

async function findCampaign(db: PrismaClient, payload: CampaignPayload): Promise<Campaign> {
  const campaign = await db.campaign.findFirst({ where: { id: payload.campaignId, organizationId: payload.organizationId } });
  if (!campaign) throw notFound("Campaign");
  return campaign;
}

function asParameters(value: Prisma.JsonValue): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}
