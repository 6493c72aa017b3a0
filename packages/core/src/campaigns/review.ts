import type { ActivityEventType, Campaign, Mission, MissionTask, Prisma, PrismaClient, StepStatus } from "@switchyard/database";
import { recordActivity, type ActivityInput } from "../activity.ts";
import { roundUsd, type CampaignPlan } from "./planner.ts";

/** What `Campaign.plan` holds: the derived plan plus the recorded planning call. */
export interface StoredPlan extends CampaignPlan {
  planner: { agentId: string; agentRunId: string; costUsd: number; totalTokens: number } | null;
}

export type MissionWithTasks = Mission & { tasks: MissionTask[] };

/** The planning call's and each task's sub-run are found by their dedupe keys (AgentRun has no campaign column). */
export const plannerRunKey = (campaignId: string) => `campaign-plan:${campaignId}`;
export const taskRunKey = (taskId: string) => `campaign-task:${taskId}`;

export interface CampaignEnd {
  status: "COMPLETED" | "FAILED" | "CANCELLED";
  stopReason?: string | null;
}

/**
 * Everything a campaign that ends leaves behind besides its status: unstarted work is skipped, a
 * mission cut short gets its review, the totals are rolled up and the campaign's after-action review
 * is written. A campaign that "completed" with failed tasks ends FAILED. The returned columns are
 * written with the final status; a campaign that never started planning has nothing to close.
 */
export async function closeCampaign(
  db: PrismaClient,
  campaign: Campaign,
  end: CampaignEnd,
): Promise<{ end: CampaignEnd; data: Prisma.CampaignUncheckedUpdateManyInput }> {
  if (campaign.status === "QUEUED") return { end, data: { phase: "done" } };
  await db.missionTask.updateMany({ where: { campaignId: campaign.id, status: "PENDING" }, data: { status: "SKIPPED" } });
  await db.mission.updateMany({ where: { campaignId: campaign.id, status: { in: ["PENDING", "WAITING"] } }, data: { status: "SKIPPED" } });
  // A mission cut short (by the budget or a cancel) still gets its review; it completed only if all
  // its tasks did, and was cancelled if a task was cancelled and none failed (no event: the campaign's says it).
  for (const mission of await db.mission.findMany({ where: { campaignId: campaign.id, status: "RUNNING" }, include: { tasks: true } })) {
    const review = reviewMission(mission);
    const outcome = cutShortMissionOutcome(mission.tasks);
    await db.mission.update({
      where: { id: mission.id },
      data: { status: outcome, afterActionReview: review, costUsd: review.cost.costUsd, totalTokens: review.cost.totalTokens, completedAt: new Date() },
    });
    if (outcome !== "CANCELLED") await recordMissionOutcome(db, campaign, mission, outcome);
  }
  await rollUpCampaign(db, campaign.id);

  const missions = await db.mission.findMany({ where: { campaignId: campaign.id }, include: { tasks: true }, orderBy: [{ sequence: "asc" }, { name: "asc" }] });
  const review = reviewCampaign(missions, await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } }));
  let status = end.status;
  let stopReason = end.stopReason ?? null;
  if (status === "COMPLETED" && review.failedTasks.length > 0) {
    status = "FAILED";
    stopReason = `${review.failedTasks.length} of ${review.tasks.total} task(s) failed`;
  }
  return {
    end: { status, stopReason },
    data: {
      phase: "done",
      afterActionReview: { ...review, stopReason } as unknown as Prisma.InputJsonValue,
      missionsCompleted: missions.filter((mission) => mission.status === "COMPLETED").length,
    },
  };
}

export function reviewMission(mission: MissionWithTasks) {
  const completed = mission.tasks.filter((task) => task.status === "COMPLETED");
  const failedTasks = mission.tasks.filter((task) => task.status === "FAILED").map((task) => ({ taskId: task.id, name: task.name, error: task.error }));
  const cost = {
    costUsd: roundUsd(mission.tasks.reduce((sum, task) => sum + task.costUsd, 0)),
    totalTokens: mission.tasks.reduce((sum, task) => sum + task.totalTokens, 0),
  };
  return {
    summary: `${completed.length} of ${mission.tasks.length} task(s) completed for $${cost.costUsd.toFixed(6)}`,
    wentWell: completed.map((task) => `${task.name}: completed`),
    failedTasks,
    cost,
  };
}

function reviewCampaign(missions: MissionWithTasks[], campaign: Campaign) {
  const tasks = missions.flatMap((mission) => mission.tasks);
  const completed = tasks.filter((task) => task.status === "COMPLETED");
  const failedTasks = tasks
    .filter((task) => task.status === "FAILED")
    .map((task) => ({ taskId: task.id, missionId: task.missionId, name: task.name, error: task.error }));
  return {
    summary: `${missions.filter((m) => m.status === "COMPLETED").length} of ${missions.length} mission(s) and ${completed.length} of ${tasks.length} task(s) completed for $${campaign.costUsd.toFixed(6)}`,
    wentWell: missions.filter((mission) => mission.status === "COMPLETED").map((mission) => `${mission.name}: all tasks completed`),
    failedTasks,
    tasks: {
      total: tasks.length,
      completed: completed.length,
      failed: failedTasks.length,
      cancelled: tasks.filter((task) => task.status === "CANCELLED").length,
      skipped: tasks.filter((task) => task.status === "SKIPPED").length,
    },
    cost: {
      costUsd: campaign.costUsd,
      totalTokens: campaign.totalTokens,
      plannerCostUsd: (campaign.plan as unknown as StoredPlan | null)?.planner?.costUsd ?? 0,
      byMission: missions.map((mission) => ({
        missionId: mission.id,
        name: mission.name,
        costUsd: roundUsd(mission.tasks.reduce((sum, task) => sum + task.costUsd, 0)),
      })),
      maxCostUsd: campaign.maxCostUsd,
    },
  };
}

function cutShortMissionOutcome(tasks: MissionTask[]): StepStatus {
  if (tasks.every((task) => task.status === "COMPLETED")) return "COMPLETED";
  if (tasks.some((task) => task.status === "CANCELLED") && !tasks.some((task) => task.status === "FAILED")) return "CANCELLED";
  return "FAILED";
}

export async function recordMissionOutcome(db: PrismaClient, campaign: Campaign, mission: Mission, outcome: StepStatus) {
  await db.campaign.update({
    where: { id: campaign.id },
    data: { missionsCompleted: await db.mission.count({ where: { campaignId: campaign.id, status: "COMPLETED" } }) },
  });
  await campaignActivity(
    db,
    campaign,
    outcome === "COMPLETED" ? "MISSION_COMPLETED" : "MISSION_FAILED",
    `Mission "${mission.name}" ${outcome.toLowerCase()}`,
    outcome,
    { missionId: mission.id },
  );
}

/** Cost and tokens are recomputed from the planner run and the tasks, so a retry never counts twice. */
export async function rollUpCampaign(db: PrismaClient, campaignId: string) {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const tasks = await db.missionTask.findMany({ where: { campaignId }, select: { costUsd: true, totalTokens: true } });
  const planner = (campaign.plan as unknown as StoredPlan | null)?.planner;
  await db.campaign.update({
    where: { id: campaignId },
    data: {
      costUsd: roundUsd(tasks.reduce((sum, task) => sum + task.costUsd, planner?.costUsd ?? 0)),
      totalTokens: tasks.reduce((sum, task) => sum + task.totalTokens, planner?.totalTokens ?? 0),
      heartbeatAt: new Date(),
    },
  });
}

export function campaignActivity(
  db: PrismaClient,
  campaign: Campaign,
  type: ActivityEventType,
  title: string,
  status: string,
  extra: Partial<ActivityInput> = {},
) {
  return recordActivity(db, { organizationId: campaign.organizationId, type, title, status, campaignId: campaign.id, ...extra });
}
