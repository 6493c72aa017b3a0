import type { RunKind } from "@switchyard/core/runs/unified";
import { detailOf, type AgentSubRunSummary, type Artifact, type RunDetailResponse, type ToolCall, type WorkflowSubRun } from "./types";

/** One row of a run's step list, whatever the kind calls its steps. */
export interface StepRow {
  key: string;
  title: string;
  /** The step's type, routing reason or instructions: what the row is, in a few words. */
  subtitle: string | null;
  /** Campaign tasks are grouped under their mission. */
  group: string | null;
  status: string;
  startedAt: string | null;
  durationMs: number | null;
  attempt: number | null;
  error: string | null;
  input: unknown;
  output: unknown;
  subRun: { kind: RunKind; id: string } | null;
}

export interface SubRunRow {
  kind: RunKind;
  id: string;
  /** What ran: the agent's name. */
  title: string;
  /** Where in the parent it ran: the step, network step or mission task. */
  context: string;
  /** The agent version it ran. */
  agentVersion: number | null;
  status: string;
  startedAt: string;
  durationMs: number | null;
  tokens: number;
  costUsd: number;
}

const durationBetween = (startedAt: string | null, completedAt: string | null) =>
  startedAt && completedAt ? Math.max(0, Date.parse(completedAt) - Date.parse(startedAt)) : null;

/** The run's steps in order: workflow steps, network member calls, campaign tasks, an agent's tool calls. */
export function stepRowsOf(response: RunDetailResponse): StepRow[] {
  const workflow = detailOf(response, "workflow");
  if (workflow) {
    return workflow.steps.map((step) => ({
      key: step.id,
      title: step.name,
      subtitle: step.stepType,
      group: null,
      status: step.status,
      startedAt: step.startedAt,
      durationMs: step.durationMs ?? durationBetween(step.startedAt, step.completedAt),
      attempt: step.attempt,
      error: step.error,
      input: step.input,
      output: step.output,
      subRun: step.agentRun ? { kind: "agent", id: step.agentRun.id } : null,
    }));
  }
  const network = detailOf(response, "network");
  if (network) {
    return network.steps.map((step) => ({
      key: step.id,
      title: `#${step.stepNumber} ${step.agentRun?.agent.name ?? step.routingDecision?.chosen ?? "Router"}`,
      subtitle: step.routingDecision?.reason ?? null,
      group: null,
      status: step.status,
      startedAt: step.startedAt,
      durationMs: step.durationMs,
      attempt: null,
      error: step.error,
      input: step.input,
      output: step.output,
      subRun: step.agentRun ? { kind: "agent", id: step.agentRun.id } : null,
    }));
  }
  const campaign = detailOf(response, "campaign");
  if (campaign) {
    return campaign.missions.flatMap((mission) =>
      mission.tasks.map((task) => ({
        key: task.id,
        title: task.name,
        subtitle: task.agent?.name ?? null,
        group: `Mission ${mission.sequence}: ${mission.name}`,
        status: task.status,
        startedAt: task.startedAt,
        durationMs: durationBetween(task.startedAt, task.completedAt),
        attempt: null,
        error: task.error,
        input: undefined,
        output: task.output,
        subRun: task.agentRun ? { kind: "agent", id: task.agentRun.id } : null,
      })),
    );
  }
  const agent = detailOf(response, "agent");
  if (agent) return agent.toolCalls.map(toolCallRow);
  return [];
}

function toolCallRow(call: ToolCall): StepRow {
  return {
    key: call.id,
    title: call.toolName,
    subtitle: "tool call",
    group: null,
    status: call.status,
    startedAt: call.startedAt,
    durationMs: call.durationMs,
    attempt: null,
    error: call.error,
    input: call.input,
    output: call.output,
    subRun: null,
  };
}

/** The agent runs this run started, each with where in the run it happened. */
export function subRunsOf(response: RunDetailResponse): SubRunRow[] {
  const workflow = detailOf(response, "workflow");
  if (workflow) {
    return workflow.subRuns.map((subRun) => ({
      kind: "agent" as const,
      id: subRun.id,
      title: subRun.agent.name,
      context: workflowCallContext(subRun),
      ...summary(subRun),
    }));
  }
  const network = detailOf(response, "network");
  if (network) {
    return network.steps.flatMap((step) =>
      step.agentRun
        ? [
            {
              kind: "agent" as const,
              id: step.agentRun.id,
              title: step.agentRun.agent.name,
              context: `Network step #${step.stepNumber}`,
              ...summary(step.agentRun),
            },
          ]
        : [],
    );
  }
  const campaign = detailOf(response, "campaign");
  if (campaign) {
    return campaign.missions.flatMap((mission) =>
      mission.tasks.flatMap((task) =>
        task.agentRun
          ? [
              {
                kind: "agent" as const,
                id: task.agentRun.id,
                title: task.agent?.name ?? task.name,
                context: `${mission.name} · ${task.name}`,
                ...summary(task.agentRun),
              },
            ]
          : [],
      ),
    );
  }
  return [];
}

/** "Step draft · attempt 2 · reviser": a loop step calls several agents on each attempt. */
function workflowCallContext(subRun: WorkflowSubRun): string {
  return [subRun.stepId && `Step ${subRun.stepId}`, subRun.attempt && `attempt ${subRun.attempt}`, subRun.role].filter(Boolean).join(" · ");
}

function summary(run: AgentSubRunSummary) {
  return {
    status: run.status,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    tokens: run.totalTokens,
    costUsd: run.costUsd,
    agentVersion: run.agentVersion ?? null,
  };
}

export function toolCallsOf(response: RunDetailResponse): ToolCall[] | null {
  return detailOf(response, "agent")?.toolCalls ?? detailOf(response, "workflow")?.toolCalls ?? detailOf(response, "network")?.toolCalls ?? null;
}

/** What the run produced: stored artifacts, and for pulses and campaigns their report, plan and review. */
export function artifactsOf(response: RunDetailResponse): Artifact[] | null {
  const stored = detailOf(response, "agent")?.artifacts ?? detailOf(response, "workflow")?.artifacts ?? detailOf(response, "network")?.artifacts;
  if (stored) return stored;
  const at = response.run.completedAt ?? response.run.startedAt;
  const made = (filename: string, contentType: string, content: string): Artifact => ({
    id: filename,
    stepId: null,
    attempt: 1,
    artifactType: "output",
    filename,
    contentType,
    content,
    score: null,
    createdAt: at,
  });
  const pulse = detailOf(response, "pulse");
  if (pulse) return pulse.report ? [made("report.md", "text/markdown", pulse.report)] : [];
  const campaign = detailOf(response, "campaign");
  if (campaign) {
    return [
      ...(campaign.plan ? [made("plan.json", "application/json", JSON.stringify(campaign.plan))] : []),
      ...(campaign.afterActionReview ? [made("after-action-review.json", "application/json", JSON.stringify(campaign.afterActionReview))] : []),
    ];
  }
  return null;
}
