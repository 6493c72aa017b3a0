// A template's fixed mission plan: the missions and tasks a person wrote, used instead of the planner.
import type { Prisma } from "@switchyard/database";
import { z } from "zod";
import { Slug } from "../definitions/common.ts";
import { estimateTaskCostUsd, resolveIntent, roundUsd, type CampaignPlan, type PlannedMission, type PlanningAgent } from "./planner.ts";

export const MissionPlanTask = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** The slug of the agent that does the task. */
  agent: Slug,
  /** What the agent is told; the title when left out. */
  instructions: z.string().trim().min(1).max(10_000).optional(),
});

export const MissionPlanMission = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** A human approves the mission's results before the next mission starts. */
  requiresApproval: z.boolean().optional(),
  tasks: z.array(MissionPlanTask).min(1).max(50),
});

/** Missions run one after another, in order; the tasks of a mission run in parallel. */
export const MissionPlan = z.strictObject({ missions: z.array(MissionPlanMission).min(1).max(50) });
export type MissionPlan = z.infer<typeof MissionPlan>;

/** A stored plan as the runtime reads it back; null when the template has none. */
export function readMissionPlan(stored: Prisma.JsonValue | null): MissionPlan | null {
  return stored === null ? null : MissionPlan.parse(stored);
}

/** Every text of the plan that may hold `{{ param }}` placeholders, with its field path. */
export function missionPlanTexts(plan: MissionPlan): { path: string; text: string }[] {
  return plan.missions.flatMap((mission, m) => [
    { path: `missionPlan.missions.${m}.name`, text: mission.name },
    ...mission.tasks.flatMap((task, t) => [
      { path: `missionPlan.missions.${m}.tasks.${t}.title`, text: task.title },
      ...(task.instructions ? [{ path: `missionPlan.missions.${m}.tasks.${t}.instructions`, text: task.instructions }] : []),
    ]),
  ]);
}

/** Every agent slug the plan names, with its field path. */
export function missionPlanAgents(plan: MissionPlan): { path: string; slug: string }[] {
  return plan.missions.flatMap((mission, m) => mission.tasks.map((task, t) => ({ path: `missionPlan.missions.${m}.tasks.${t}.agent`, slug: task.agent })));
}

/**
 * The campaign plan a fixed mission plan makes: mission N is sequence N, its tasks are done by the
 * agents it names, and placeholders are filled from the campaign's parameters. Every named agent must
 * be among `agents` (the caller fails the campaign first when one is gone).
 */
export function planFromMissionPlan(input: {
  missionPlan: MissionPlan;
  intent: string;
  parameters: Record<string, unknown>;
  agents: PlanningAgent[];
}): CampaignPlan {
  const bySlug = new Map(input.agents.map((agent) => [agent.slug, agent]));
  const fill = (text: string) => resolveIntent(text, input.parameters).intent;
  const missions = input.missionPlan.missions.map((mission, index): PlannedMission => {
    const name = fill(mission.name);
    return {
      sequence: index + 1,
      name,
      objective: name,
      requiresApproval: mission.requiresApproval ?? false,
      tasks: mission.tasks.map((task) => {
        const agent = bySlug.get(task.agent);
        if (!agent) throw new Error(`The mission plan names agent "${task.agent}", which is not available`);
        const instructions = `${fill(task.instructions ?? task.title)}\n\nThis is part of the campaign: ${input.intent}`;
        return {
          name: fill(task.title),
          instructions,
          agentId: agent.id,
          agentSlug: agent.slug,
          assignmentReason: "named by the template's mission plan",
          estimatedCostUsd: estimateTaskCostUsd(agent, instructions),
        };
      }),
    };
  });
  const tasks = missions.flatMap((mission) => mission.tasks);
  const estimatedCostUsd = roundUsd(tasks.reduce((sum, task) => sum + task.estimatedCostUsd, 0));
  return {
    summary: `${missions.length} mission(s) from the template's mission plan, ${tasks.length} task(s), estimated $${estimatedCostUsd.toFixed(4)}`,
    missions,
    estimatedCostUsd,
  };
}
