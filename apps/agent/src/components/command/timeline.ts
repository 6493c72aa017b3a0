/** A review's decision timeline (requested → notified → decided or expired → what followed). Pure. */

export type TimelineTone = "done" | "current" | "approved" | "rejected" | "expired" | "missing";

export interface TimelineStep {
  key: "requested" | "notified" | "waiting" | "decided" | "expired" | "executed" | "outcome";
  label: string;
  at: string | null;
  actor: string | null;
  notes: string | null;
  detail: string | null;
  tone: TimelineTone;
  /** For the waiting step: when the request expires, if ever. */
  expiresAt?: string | null;
}

/** The review fields the timeline reads (dates as the API sends them). */
export interface TimelineReview {
  status: string;
  requestedAt: string;
  notifiedAt: string | null;
  expiresAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNotes: string | null;
  workflowRun: { status: string } | null;
  /** The run an `agent` review held. */
  agentRun?: { status: string } | null;
  audit: { action: string; actor: string; notes: string | null; at: string }[];
}

const OUTCOME_LABELS: Record<string, string> = {
  QUEUED: "Workflow queued to resume",
  RUNNING: "Workflow resumed",
  SUSPENDED: "Workflow waiting at another gate",
  COMPLETED: "Workflow completed",
  FAILED: "Workflow failed",
  CANCELLED: "Workflow cancelled",
};

const AGENT_RUN_OUTCOME_LABELS: Record<string, string> = {
  QUEUED: "Run queued to start",
  RUNNING: "Run started",
  SUSPENDED: "Run waiting to resume",
  COMPLETED: "Run completed",
  FAILED: "Run failed",
  CANCELLED: "Run cancelled",
};

export function decisionTimeline(review: TimelineReview): TimelineStep[] {
  const auditOf = (action: string) => review.audit.find((entry) => entry.action === action) ?? null;
  const requested = auditOf("requested");
  const steps: TimelineStep[] = [
    { key: "requested", label: "Requested", at: review.requestedAt, actor: requested?.actor ?? null, notes: null, detail: null, tone: "done" },
    review.notifiedAt
      ? {
          key: "notified",
          label: "Notified",
          at: review.notifiedAt,
          actor: null,
          notes: null,
          detail: "Added to the Command queue and the live feed",
          tone: "done",
        }
      : { key: "notified", label: "Notified", at: null, actor: null, notes: null, detail: "No notification recorded", tone: "missing" },
  ];

  if (review.status === "pending") {
    steps.push({ key: "waiting", label: "Awaiting decision", at: null, actor: null, notes: null, detail: null, tone: "current", expiresAt: review.expiresAt });
    return steps;
  }
  if (review.status === "expired") {
    const expired = auditOf("expired");
    steps.push({
      key: "expired",
      label: "Expired",
      at: expired?.at ?? review.decidedAt ?? review.expiresAt,
      actor: expired?.actor ?? "system",
      notes: review.decisionNotes ?? expired?.notes ?? null,
      detail: null,
      tone: "expired",
    });
    return steps;
  }

  const isApproved = review.status === "approved";
  const decision = auditOf(review.status);
  steps.push({
    key: "decided",
    label: isApproved ? "Approved" : "Rejected",
    at: review.decidedAt ?? decision?.at ?? null,
    actor: review.decidedBy ?? decision?.actor ?? null,
    notes: review.decisionNotes ?? decision?.notes ?? null,
    detail: null,
    tone: isApproved ? "approved" : "rejected",
  });
  // Integration and financial actions record whether they were carried out.
  const executed = auditOf("executed") ?? auditOf("not_executed");
  if (executed) {
    steps.push({
      key: "executed",
      label: executed.action === "executed" ? "Action carried out" : "Action not carried out",
      at: executed.at,
      actor: executed.actor,
      notes: null,
      detail: null,
      tone: "done",
    });
  }
  // A workflow gate or a held agent run: what the run did after the decision (its current status).
  const held = review.workflowRun ?? review.agentRun ?? null;
  if (held) {
    const status = held.status;
    const isActive = status === "QUEUED" || status === "RUNNING";
    const labels = review.workflowRun ? OUTCOME_LABELS : AGENT_RUN_OUTCOME_LABELS;
    steps.push({
      key: "outcome",
      label: labels[status] ?? `${review.workflowRun ? "Workflow" : "Run"} ${status.toLowerCase()}`,
      at: null,
      actor: null,
      notes: null,
      detail: null,
      tone: isActive ? "current" : status === "COMPLETED" ? "approved" : status === "SUSPENDED" ? "current" : "rejected",
    });
  }
  return steps;
}
