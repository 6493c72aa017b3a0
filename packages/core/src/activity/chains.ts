import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";

/** One node of a causal tree: what ran, how it ended, what it cost, and what it caused. */
export interface CausalNode {
  id: string;
  kind: (typeof CAUSAL_KINDS)[number];
  label: string;
  status: string;
  costUsd: number;
  durationMs: number | null;
  startedAt: Date | null;
  children: CausalNode[];
}

const CAUSAL_KINDS = ["campaign", "mission", "task", "workflow_run", "workflow_step", "network_run", "network_step", "agent_run", "tool_call"] as const;

export const CausalNodeSchema: z.ZodType<CausalNode> = z.object({
  id: z.string(),
  kind: z.enum(CAUSAL_KINDS),
  label: z.string(),
  status: z.string(),
  costUsd: z.number(),
  durationMs: z.number().nullable(),
  startedAt: z.date().nullable(),
  get children(): z.ZodArray<z.ZodType<CausalNode>> {
    return z.array(CausalNodeSchema);
  },
});

export const TraceChainQuery = z
  .object({
    runId: z.string().min(1).max(64).optional(),
    networkRunId: z.string().min(1).max(64).optional(),
    workflowRunId: z.string().min(1).max(64).optional(),
  })
  .refine((query) => [query.runId, query.networkRunId, query.workflowRunId].filter(Boolean).length === 1, {
    message: "Send exactly one of runId, networkRunId or workflowRunId",
    path: ["runId"],
  });
export type TraceChainQuery = z.infer<typeof TraceChainQuery>;

export const CampaignChainQuery = z.object({ campaignId: z.string().min(1).max(64) });

const agentRunInclude = {
  agent: { select: { slug: true, name: true } },
  toolCalls: { orderBy: [{ startedAt: "asc" as const }, { id: "asc" as const }] },
};
type AgentRunWithCalls = {
  id: string;
  status: string;
  costUsd: number;
  durationMs: number | null;
  startedAt: Date;
  agent: { slug: string; name: string };
  toolCalls: { id: string; toolName: string; status: string; durationMs: number | null; startedAt: Date }[];
};

function agentRunNode(run: AgentRunWithCalls): CausalNode {
  return {
    id: run.id,
    kind: "agent_run",
    label: run.agent.name,
    status: run.status,
    costUsd: run.costUsd,
    durationMs: run.durationMs,
    startedAt: run.startedAt,
    children: run.toolCalls.map((call) => ({
      id: call.id,
      kind: "tool_call",
      label: call.toolName,
      status: call.status,
      costUsd: 0,
      durationMs: call.durationMs,
      startedAt: call.startedAt,
      children: [],
    })),
  };
}

/** Agent runs (with tool calls) by id, inside the caller's organization. */
async function loadAgentRuns(ctx: OrgContext, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map<string, CausalNode>();
  const runs = await ctx.db.agentRun.findMany({ where: { id: { in: wanted }, organizationId: ctx.organizationId }, include: agentRunInclude });
  return new Map(runs.map((run) => [run.id, agentRunNode(run)]));
}

/** The causal tree below an agent run, a workflow run or a network run. */
export async function getTraceChain(ctx: OrgContext, query: TraceChainQuery): Promise<CausalNode> {
  if (query.runId) {
    const run = await ctx.db.agentRun.findFirst({ where: { id: query.runId, organizationId: ctx.organizationId }, include: agentRunInclude });
    if (!run) throw new AppError("not_found", "Run not found");
    return agentRunNode(run);
  }
  if (query.workflowRunId) {
    const run = await ctx.db.workflowRun.findFirst({
      where: { id: query.workflowRunId, organizationId: ctx.organizationId },
      include: { workflow: { select: { name: true } }, steps: { orderBy: [{ startedAt: "asc" }, { id: "asc" }] } },
    });
    if (!run) throw new AppError("not_found", "Workflow run not found");
    const subRuns = await loadAgentRuns(
      ctx,
      run.steps.map((step) => step.agentRunId),
    );
    return {
      id: run.id,
      kind: "workflow_run",
      label: run.workflow.name,
      status: run.status,
      costUsd: run.costUsd,
      durationMs: run.durationMs,
      startedAt: run.startedAt,
      children: run.steps.map((step) => ({
        id: step.id,
        kind: "workflow_step",
        label: step.name,
        status: step.status,
        costUsd: step.costUsd,
        durationMs: step.durationMs,
        startedAt: step.startedAt,
        children: step.agentRunId && subRuns.has(step.agentRunId) ? [subRuns.get(step.agentRunId)!] : [],
      })),
    };
  }
  const run = await ctx.db.networkRun.findFirst({
    where: { id: query.networkRunId, organizationId: ctx.organizationId },
    include: { network: { select: { name: true } }, steps: { orderBy: { stepNumber: "asc" } } },
  });
  if (!run) throw new AppError("not_found", "Network run not found");
  const subRuns = await loadAgentRuns(
    ctx,
    run.steps.map((step) => step.agentRunId),
  );
  return {
    id: run.id,
    kind: "network_run",
    label: run.network.name,
    status: run.status,
    costUsd: run.costUsd,
    durationMs: run.durationMs,
    startedAt: run.startedAt,
    children: run.steps.map((step) => ({
      id: step.id,
      kind: "network_step",
      label: `Step ${step.stepNumber}`,
      status: step.status,
      costUsd: step.costUsd,
      durationMs: step.durationMs,
      startedAt: step.startedAt,
      children: step.agentRunId && subRuns.has(step.agentRunId) ? [subRuns.get(step.agentRunId)!] : [],
    })),
  };
}

const durationBetween = (start: Date | null, end: Date | null) => (start && end ? end.getTime() - start.getTime() : null);

/** Campaign → missions (in sequence) → tasks → agent runs → tool calls. */
export async function getCampaignChain(ctx: OrgContext, campaignId: string): Promise<CausalNode> {
  const campaign = await ctx.db.campaign.findFirst({
    where: { id: campaignId, organizationId: ctx.organizationId },
    include: { missions: { orderBy: { sequence: "asc" }, include: { tasks: { orderBy: [{ startedAt: "asc" }, { id: "asc" }] } } } },
  });
  if (!campaign) throw new AppError("not_found", "Campaign not found");
  const runs = await loadAgentRuns(
    ctx,
    campaign.missions.flatMap((mission) => mission.tasks.map((task) => task.agentRunId)),
  );
  return {
    id: campaign.id,
    kind: "campaign",
    label: campaign.name,
    status: campaign.status,
    costUsd: campaign.costUsd,
    durationMs: campaign.durationMs,
    startedAt: campaign.startedAt,
    children: campaign.missions.map((mission) => ({
      id: mission.id,
      kind: "mission",
      label: mission.name,
      status: mission.status,
      costUsd: mission.costUsd,
      durationMs: durationBetween(mission.startedAt, mission.completedAt),
      startedAt: mission.startedAt,
      children: mission.tasks.map((task) => ({
        id: task.id,
        kind: "task",
        label: task.name,
        status: task.status,
        costUsd: task.costUsd,
        durationMs: durationBetween(task.startedAt, task.completedAt),
        startedAt: task.startedAt,
        children: task.agentRunId && runs.has(task.agentRunId) ? [runs.get(task.agentRunId)!] : [],
      })),
    })),
  };
}
