import type { ApprovalRequest } from "@switchyard/database";
import type { RunKind } from "../runs/run-values.ts";

/**
 * Outgoing events of runs and approvals, as the run lifecycle and the reviews announce them. The core
 * knows only this interface; a process that wants them elsewhere (the NATS bridge) sets one publisher
 * at start. With none set, announcing is a no-op. Kept free of imports beyond types so that the
 * lifecycle can call it without an import cycle.
 */

export const RUN_EVENT_STATUSES = ["started", "suspended", "completed", "failed", "cancelled"] as const;
export type RunEventStatus = (typeof RUN_EVENT_STATUSES)[number];

export interface RunStatusEvent {
  type: "run";
  organizationId: string;
  runId: string;
  kind: RunKind;
  status: RunEventStatus;
  /** The agent, workflow, network, campaign template or pulse the run belongs to (null: a campaign without template). */
  entityId: string | null;
  costUsd: number;
  durationMs: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
  error: string | null;
}

export interface ApprovalEvent {
  type: "approval";
  organizationId: string;
  phase: "requested" | "decided";
  approvalId: string;
  sourceType: string;
  /** pending when requested; approved or rejected when decided, or expired when what it held up ended first. */
  status: string;
  title: string;
  workflowRunId: string | null;
  campaignId: string | null;
  missionId: string | null;
  agentRunId: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  notes: string | null;
}

export type OutgoingEvent = RunStatusEvent | ApprovalEvent;

/** Takes an event and returns at once: a publisher must never block, throw into or fail the work it describes. */
export interface RunEventPublisher {
  publish(event: OutgoingEvent): void;
}

let current: RunEventPublisher | null = null;

/** Sets the process's publisher (once, at start); returns a function that removes it again if it is still the one set. */
export function setRunEventPublisher(publisher: RunEventPublisher): () => void {
  current = publisher;
  return () => {
    if (current === publisher) current = null;
  };
}

export function hasRunEventPublisher(): boolean {
  return current !== null;
}

let lastWarnAt = 0;

/** Hands the event to the publisher, if any. Never throws: a faulty publisher is logged at most once a minute. */
export function publishOutgoingEvent(event: OutgoingEvent): void {
  if (!current) return;
  try {
    current.publish(event);
  } catch (error) {
    const now = Date.now();
    if (now - lastWarnAt < 60_000) return;
    lastWarnAt = now;
    console.warn(`[bridge] outgoing event not published: ${(error as Error).message}`);
  }
}

/** Announces an approval request as it was just opened or decided. */
export function announceApproval(approval: ApprovalRequest, phase: ApprovalEvent["phase"]): void {
  if (!current) return;
  publishOutgoingEvent({
    type: "approval",
    organizationId: approval.organizationId,
    phase,
    approvalId: approval.id,
    sourceType: approval.sourceType,
    status: approval.status,
    title: approval.title,
    workflowRunId: approval.workflowRunId,
    campaignId: approval.campaignId,
    missionId: approval.missionId,
    agentRunId: approval.agentRunId,
    requestedAt: approval.requestedAt,
    decidedAt: approval.decidedAt,
    decidedBy: approval.decidedByLabel,
    notes: approval.decisionNotes,
  });
}
