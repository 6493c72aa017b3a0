import { createTestOrganization } from "@switchyard/core/testing";
import type { ActivityEventType, Database } from "@switchyard/database";

/**
 * Two organizations; A has a campaign (mission → task → agent run → tool call), a failed workflow run
 * with an agent sub-run, a running network run, and activity events for each plus two ungrouped
 * ones, one hour ago at the second offsets given; B has one alert.
 */
export async function seedExecutionTrees(db: Database) {
  const base = Date.now() - 3_600_000;
  const at = (seconds: number) => new Date(base + seconds * 1000);
  const a = await createTestOrganization(db.prisma);
  const b = await createTestOrganization(db.prisma);
  const organizationId = a.organization.id;
  const p = db.prisma;

  const campaign = await p.campaign.create({
    data: { organizationId, name: "Launch", intent: "Ship it", source: "manual", status: "COMPLETED", costUsd: 0.3, durationMs: 9000 },
  });
  const campaignId = campaign.id;
  const mission = await p.mission.create({
    data: { organizationId, campaignId, sequence: 1, name: "Research", objective: "Find", status: "COMPLETED", costUsd: 0.3 },
  });
  const agentRun = await p.agentRun.create({
    data: { organizationId, agentId: a.agent.id, source: "campaign", input: {}, status: "COMPLETED", costUsd: 0.3, durationMs: 4000 },
  });
  const agentRunId = agentRun.id;
  await p.agentToolCall.create({ data: { organizationId, agentRunId, toolName: "web_search", durationMs: 120 } });
  await p.missionTask.create({
    data: {
      organizationId,
      missionId: mission.id,
      campaignId,
      name: "Collect",
      instructions: "Collect",
      agentId: a.agent.id,
      agentRunId,
      status: "COMPLETED",
      costUsd: 0.3,
    },
  });

  const workflow = await p.workflow.create({ data: { organizationId, slug: "wf", name: "Triage", definition: {} } });
  const workflowRun = await p.workflowRun.create({ data: { organizationId, workflowId: workflow.id, source: "manual", input: {}, status: "FAILED" } });
  const workflowRunId = workflowRun.id;
  const subRun = await p.agentRun.create({ data: { organizationId, agentId: a.agent.id, source: "workflow", workflowRunId, input: {}, status: "FAILED" } });
  await p.workflowRunStep.create({
    data: { organizationId, workflowRunId, stepId: "classify", stepType: "agent", name: "Classify", status: "FAILED", agentRunId: subRun.id },
  });

  const network = await p.network.create({ data: { organizationId, slug: "desk", name: "Research desk", routerInstructions: "route" } });
  const networkRun = await p.networkRun.create({ data: { organizationId, networkId: network.id, source: "manual", input: {}, status: "RUNNING" } });
  const networkRunId = networkRun.id;

  const events: {
    type: ActivityEventType;
    title: string;
    status?: string;
    s: number;
    campaignId?: string;
    workflowRunId?: string;
    networkRunId?: string;
    costUsd?: number;
    durationMs?: number;
    agentSlug?: string;
  }[] = [
    { type: "CAMPAIGN_STARTED", title: "Campaign Launch started", status: "RUNNING", s: 0, campaignId },
    { type: "MISSION_COMPLETED", title: "Mission Research done", status: "COMPLETED", s: 10, campaignId, costUsd: 0.1, durationMs: 1000 },
    { type: "TASK_FAILED", title: "Task failed", status: "failed", s: 20, campaignId, costUsd: 0.2, durationMs: 2000 },
    { type: "WORKFLOW_STARTED", title: "Triage started", status: "running", s: 30, workflowRunId },
    { type: "WORKFLOW_FAILED", title: "Triage failed", status: "failed", s: 40, workflowRunId, durationMs: 500 },
    { type: "NETWORK_RUN_STARTED", title: "Desk started", status: "RUNNING", s: 50, networkRunId },
    { type: "ALERT", title: "Budget alert on spend", status: "warning", s: 60 },
    { type: "AGENT_RUN_COMPLETED", title: "Summarizer done", status: "COMPLETED", s: 70, agentSlug: "test-agent", costUsd: 0.05 },
    { type: "CAMPAIGN_COMPLETED", title: "Campaign Launch completed", status: "COMPLETED", s: 80, campaignId, costUsd: 0.3, durationMs: 9000 },
  ];
  for (const { s, ...event } of events) await p.activityEvent.create({ data: { organizationId, ...event, createdAt: at(s) } });
  await p.activityEvent.create({ data: { organizationId: b.organization.id, type: "ALERT", title: "B's secret alert", createdAt: at(90) } });
  return { a, b, campaignId, workflowRunId, networkRunId, agentRunId, at };
}
