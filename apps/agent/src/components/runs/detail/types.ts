import type { RunDetail, RunGraph, TimelineEntry } from "@switchyard/core/runs/detail";
import type { RunKind } from "@switchyard/core/runs/unified";
import type { LoopRole } from "@switchyard/core/workflows/steps";

/**
 * GET /api/runs/[kind]/[id] as it arrives over the wire (dates are ISO strings). The server page
 * hands the client the same JSON, so the first paint and every poll read one shape.
 */
export interface RunDetailResponse {
  run: RunDetail["run"];
  timeline: TimelineEntry[];
  detail: Record<string, unknown>;
}

export type StepStatus = "PENDING" | "RUNNING" | "WAITING" | "COMPLETED" | "FAILED" | "SKIPPED" | "CANCELLED";

export interface EntityRef {
  id: string;
  slug: string;
  name: string;
}

export interface RunSummary {
  id: string;
  status: string;
  durationMs: number | null;
  totalTokens: number;
  costUsd: number;
  startedAt: string;
  completedAt: string | null;
}

/** An agent run started by a workflow, network or campaign, with the agent version it ran (null on runs recorded before versions). */
export interface AgentSubRunSummary extends RunSummary {
  agentVersion: number | null;
}

export interface WorkflowStep {
  id: string;
  stepId: string;
  stepType: string;
  name: string;
  status: StepStatus;
  attempt: number;
  input: unknown;
  output: unknown;
  error: string | null;
  totalTokens: number;
  costUsd: number;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  agentRun: (AgentSubRunSummary & { agentId: string }) | null;
}

/** One agent call of a workflow run: where it ran (step, attempt, loop role) is null on runs recorded before it was stored. */
export interface WorkflowSubRun extends AgentSubRunSummary {
  agent: EntityRef;
  stepId: string | null;
  attempt: number | null;
  role: LoopRole | null;
}

export interface WorkflowEvent {
  id: string;
  eventType: string;
  stepId: string | null;
  stage: string | null;
  attempt: number | null;
  message: string | null;
  createdAt: string;
}

/** A stage change, log line or score an external runner reported for an agent run. */
export interface AgentRunEvent extends Omit<WorkflowEvent, "stepId"> {
  score: number | null;
}

/** Who holds (or last held) an external agent's run, and how often its lease lapsed. */
export interface RunnerHold {
  claimedBy: string | null;
  attempt: number;
  leaseExpiresAt: string;
  leaseLapses: number;
}

export interface Artifact {
  id: string;
  stepId: string | null;
  attempt: number;
  artifactType: string;
  filename: string;
  contentType: string;
  content: string;
  score: number | null;
  createdAt: string;
}

export interface ToolCall {
  id: string;
  toolName: string;
  input: unknown;
  output: unknown;
  error: string | null;
  status: StepStatus;
  durationMs: number | null;
  startedAt: string;
  /** Present on a workflow's or network's tool calls: the sub-run that made the call. */
  agentRun?: { id: string; agent: EntityRef };
}

export interface Evaluation {
  score: number | null;
  passed: boolean | null;
  summary: string | null;
  criteria: unknown;
  createdAt: string;
}

export interface Feedback {
  id: string;
  rating: number | null;
  comment: string | null;
  createdAt: string;
}

export interface Approval {
  id: string;
  sourceType: string;
  status: string;
  title: string;
  requestedAt: string;
  decidedAt: string | null;
  decidedByLabel: string | null;
  decisionNotes: string | null;
}

export interface NetworkStep {
  id: string;
  stepNumber: number;
  routingDecision: { chosen?: string; reason?: string } | null;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: string | null;
  startedAt: string | null;
  durationMs: number | null;
  agentRun: (AgentSubRunSummary & { agent: EntityRef }) | null;
}

export interface MissionTask {
  id: string;
  name: string;
  status: StepStatus;
  error: string | null;
  output: unknown;
  startedAt: string | null;
  completedAt: string | null;
  agent: EntityRef | null;
  agentRun: AgentSubRunSummary | null;
}

export interface Mission {
  id: string;
  sequence: number;
  name: string;
  objective: string;
  status: StepStatus;
  startedAt: string | null;
  completedAt: string | null;
  tasks: MissionTask[];
}

export interface WorkflowDetail {
  input: unknown;
  output: unknown;
  graph: RunGraph | null;
  steps: WorkflowStep[];
  subRuns: WorkflowSubRun[];
  events: WorkflowEvent[];
  toolCalls: ToolCall[];
  artifacts: Artifact[];
  evaluation: Evaluation | null;
  feedback: Feedback[];
  approvals: Approval[];
}

export interface NetworkDetail {
  input: unknown;
  output: unknown;
  steps: NetworkStep[];
  toolCalls: ToolCall[];
  artifacts: Artifact[];
  evaluation: Evaluation | null;
  feedback: Feedback[];
}

export interface AgentDetail {
  input: unknown;
  output: unknown;
  model: { provider: string | null; name: string | null };
  /** The agent version the run used; null on runs recorded before versions. */
  agentVersion: number | null;
  toolCalls: ToolCall[];
  artifacts: Artifact[];
  events: AgentRunEvent[];
  runner: RunnerHold | null;
  parent: { workflowRun: (RunSummary & { workflow: EntityRef }) | null; networkRun: (RunSummary & { network: EntityRef }) | null };
  /** The review a direct fire of an APPROVAL_REQUIRED agent waited for. */
  approvals?: Approval[];
}

export interface CampaignDetail {
  intent: string;
  parameters: unknown;
  plan: unknown;
  missions: Mission[];
  approvals: Approval[];
  afterActionReview: unknown;
}

export interface PulseDetail {
  rankings: unknown;
  actions: unknown;
  report: string | null;
}

/** The kind's own part of a detail, typed by its kind (the API builds each shape in core/runs/detail). */
export interface DetailByKind {
  agent: AgentDetail;
  workflow: WorkflowDetail;
  network: NetworkDetail;
  campaign: CampaignDetail;
  pulse: PulseDetail;
}

export function detailOf<K extends RunKind>(response: RunDetailResponse, kind: K): DetailByKind[K] | null {
  return response.run.kind === kind ? (response.detail as unknown as DetailByKind[K]) : null;
}
