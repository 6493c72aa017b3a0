import type { PrismaClient, RunStatus } from "@switchyard/database";
import { insertAgent } from "../agents/definitions.ts";
import { createTestOrganization } from "../testing.ts";

/**
 * A small organization holding one automation of every source with runs in the table that really
 * holds them, for the automations tests (core and routes). Costs are chosen so averages are exact.
 */
export async function createAutomationFixture(db: PrismaClient, now: Date) {
  const org = await createTestOrganization(db, { agentSlug: "scout" });
  const organizationId = org.organization.id;
  const agentId = org.agent.id;
  const helper = await insertAgent(db, { organizationId, slug: "helper", name: "Helper", instructions: "Help.", modelName: "gpt-4o-mini" });
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

  const agentRun = (status: RunStatus, costUsd: number, at: Date, triggerId: string | null) =>
    db.agentRun.create({
      data: {
        organizationId,
        agentId,
        status,
        source: triggerId ? "schedule" : "campaign",
        triggerId,
        input: {},
        costUsd,
        startedAt: at,
        durationMs: status === "RUNNING" ? null : 1000,
      },
    });

  // Agent schedule every 30 minutes: 3 completed, 1 failed (finished cost 0.05 over 4 → 0.0125), 1 running.
  const agentSchedule = await db.agentSchedule.create({
    data: {
      organizationId,
      entityType: "agent",
      agentId,
      name: "Scout sweep",
      cronExpr: "*/30 * * * *",
      healthPolicyEnabled: true,
      healthThreshold: 70,
      healthWindow: 10,
    },
  });
  await agentRun("COMPLETED", 0.01, ago(5), agentSchedule.id);
  await agentRun("COMPLETED", 0.01, ago(4), agentSchedule.id);
  await agentRun("COMPLETED", 0.01, ago(3), agentSchedule.id);
  await agentRun("FAILED", 0.02, ago(2), agentSchedule.id);
  const lastAgentRun = await agentRun("RUNNING", 0, ago(1), agentSchedule.id);

  // Webhook on the agent, three runs in the last 30 days and one older; 1 of 4 failed → 75 % (unstable).
  const agentTrigger = await db.agentTrigger.create({
    data: { organizationId, entityType: "agent", agentId, name: "Mention webhook", type: "webhook", webhookPath: `hook-${organizationId}` },
  });
  await agentRun("COMPLETED", 0.004, ago(24), agentTrigger.id);
  await agentRun("COMPLETED", 0.004, ago(48), agentTrigger.id);
  await agentRun("FAILED", 0.004, ago(72), agentTrigger.id);
  await agentRun("COMPLETED", 0.004, ago(24 * 40), agentTrigger.id);

  const workflow = await db.workflow.create({
    data: { organizationId, slug: "review", name: "Review", definition: { nodes: [{ id: "a", type: "agent", agent: "helper", prompt: "x" }] } },
  });
  const workflowTrigger = await db.agentTrigger.create({
    data: { organizationId, entityType: "workflow", workflowId: workflow.id, name: "PR opened", type: "event", eventName: "pr.opened" },
  });
  for (const status of ["COMPLETED", "COMPLETED", "FAILED"] as const) {
    await db.workflowRun.create({
      data: { organizationId, workflowId: workflow.id, status, source: "event", triggerId: workflowTrigger.id, input: {}, costUsd: 0.1, startedAt: ago(10) },
    });
  }
  const workflowSchedule = await db.agentSchedule.create({
    data: { organizationId, entityType: "workflow", workflowId: workflow.id, name: "Nightly review", cronExpr: "40 22 * * *" },
  });

  const network = await db.network.create({ data: { organizationId, slug: "council", name: "Council", routerInstructions: "Route." } });
  await db.networkMember.create({ data: { networkId: network.id, agentId: helper.id } });
  const networkTrigger = await db.agentTrigger.create({
    data: { organizationId, entityType: "network", networkId: network.id, name: "Ask council", type: "manual" },
  });
  await db.networkRun.create({
    data: {
      organizationId,
      networkId: network.id,
      status: "COMPLETED",
      source: "manual",
      triggerId: networkTrigger.id,
      input: {},
      costUsd: 0.3,
      startedAt: ago(6),
    },
  });

  // Campaign schedule at 22:00: two campaigns, each with two agent-run tasks → cascades into 2 agent runs.
  const template = await db.campaignTemplate.create({ data: { organizationId, slug: "launch", name: "Launch", intent: "Launch {{ thing }}" } });
  const campaignSchedule = await db.campaignSchedule.create({
    data: { organizationId, templateId: template.id, name: "Nightly launch", cronExpr: "0 22 * * *" },
  });
  for (const status of ["COMPLETED", "FAILED"] as const) {
    const campaign = await db.campaign.create({
      data: {
        organizationId,
        templateId: template.id,
        scheduleId: campaignSchedule.id,
        name: "Launch",
        intent: "Launch",
        status,
        source: "schedule",
        costUsd: 0.5,
        startedAt: ago(20),
      },
    });
    const mission = await db.mission.create({ data: { organizationId, campaignId: campaign.id, sequence: 1, name: "M", objective: "O" } });
    for (let i = 0; i < 2; i++) {
      const run = await agentRun("COMPLETED", 0.001, ago(20), null);
      await db.missionTask.create({
        data: { organizationId, missionId: mission.id, campaignId: campaign.id, name: "T", instructions: "I", agentId: helper.id, agentRunId: run.id },
      });
    }
  }
  const campaignTrigger = await db.campaignTrigger.create({ data: { organizationId, templateId: template.id, name: "On signup", eventName: "user.signup" } });
  await db.campaign.create({
    data: {
      organizationId,
      templateId: template.id,
      triggerId: campaignTrigger.id,
      name: "Launch",
      intent: "Launch",
      status: "COMPLETED",
      source: "event",
      costUsd: 0.2,
      startedAt: ago(30),
    },
  });

  // Pulse evaluated at 22:00 over the scout: two completed evaluations.
  const pulse = await db.pulse.create({ data: { organizationId, slug: "growth", name: "Growth", goal: "Grow", evalCronExpr: "0 22 * * *" } });
  await db.pulseMember.create({ data: { pulseId: pulse.id, agentId } });
  for (const hours of [48, 24]) {
    await db.pulseEvaluation.create({
      data: { organizationId, pulseId: pulse.id, status: "COMPLETED", source: "schedule", costUsd: 0.05, startedAt: ago(hours) },
    });
  }

  const archivedTrigger = await db.agentTrigger.create({
    data: { organizationId, entityType: "agent", agentId, name: "Old hook", type: "manual", isArchived: true, archivedAt: ago(100), isActive: false },
  });

  return {
    ...org,
    helper,
    workflow,
    network,
    template,
    pulse,
    lastAgentRun,
    ids: {
      agentSchedule: `agent-schedule:${agentSchedule.id}`,
      agentTrigger: `agent-trigger:${agentTrigger.id}`,
      workflowTrigger: `workflow-trigger:${workflowTrigger.id}`,
      workflowSchedule: `workflow-schedule:${workflowSchedule.id}`,
      networkTrigger: `network-trigger:${networkTrigger.id}`,
      campaignSchedule: `campaign-schedule:${campaignSchedule.id}`,
      campaignTrigger: `campaign-trigger:${campaignTrigger.id}`,
      pulse: `pulse:${pulse.id}`,
      archivedTrigger: `agent-trigger:${archivedTrigger.id}`,
    },
  };
}
