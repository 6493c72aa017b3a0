"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, Button, Card, cn, type BadgeTone } from "@switchyard/ui/components";
import { Bot, Check, ChevronDown, ChevronRight, ExternalLink, X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { RoleGate } from "@/components/role-gate";
import { formatCost, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { runDetailPath } from "@/components/runs/detail/run-api";
import { fetchWorkflowStepCount, type Review, SOURCE_LABELS, type ReviewSourceFilter } from "./api";
import { heldRunContext } from "./held-run";
import { PrDiff } from "./pr-diff";
import { decisionTimeline, type TimelineTone } from "./timeline";

const RISK_TONES: Record<string, { tone: BadgeTone; className?: string }> = {
  low: { tone: "success" },
  medium: { tone: "warning" },
  high: { tone: "danger", className: "bg-orange-50 text-orange-700 ring-orange-600/20" },
  critical: { tone: "danger" },
};

export const NEEDS_OPERATOR = "Approving and rejecting needs the operator role.";

const STATUS_TONES: Record<string, BadgeTone> = { pending: "warning", approved: "success", rejected: "danger", expired: "neutral" };

const SOURCE_TONES: Record<string, BadgeTone> = {
  workflow: "violet",
  agent: "info",
  campaign: "warning",
  mission: "info",
  integration: "neutral",
  financial: "danger",
};

const RUN_STATUS_TONES: Record<string, BadgeTone> = {
  QUEUED: "neutral",
  RUNNING: "info",
  SUSPENDED: "warning",
  COMPLETED: "success",
  FAILED: "danger",
  CANCELLED: "neutral",
};

const TIMELINE_DOTS: Record<TimelineTone, string> = {
  done: "bg-zinc-400",
  current: "bg-amber-500 ring-4 ring-amber-100",
  approved: "bg-emerald-500",
  rejected: "bg-red-500",
  expired: "bg-zinc-300",
  missing: "border border-dashed border-zinc-400 bg-white",
};

function contextOf(review: Review): Record<string, unknown> {
  return review.context && typeof review.context === "object" && !Array.isArray(review.context) ? (review.context as Record<string, unknown>) : {};
}

function StepProgress({ review }: { review: Review }) {
  const context = contextOf(review);
  const completed = typeof context.stepsCompleted === "number" ? context.stepsCompleted : null;
  const slug = review.workflowRun?.workflowSlug;
  const total = useQuery({
    queryKey: ["workflow-step-count", slug],
    queryFn: ({ signal }) => fetchWorkflowStepCount(slug!, signal),
    enabled: Boolean(slug) && completed !== null,
    staleTime: 5 * 60_000,
  });
  if (completed === null) return null;
  const of = total.data ?? null;
  return (
    <div data-testid="pipeline-progress">
      <div className="text-xs text-zinc-600">
        <span className="font-medium text-zinc-900">{of ? `${completed} of ${of} steps` : `${completed} steps completed`}</span>
        {Array.isArray(context.stepNames) && context.stepNames.length > 0 && (
          <span className="text-zinc-500"> · {(context.stepNames as string[]).join(" → ")}</span>
        )}
      </div>
      {of && (
        <div
          className="mt-1 h-1.5 w-full max-w-xs overflow-hidden rounded-full bg-zinc-100"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={of}
          aria-valuenow={completed}
        >
          <div className="h-full rounded-full bg-violet-500" style={{ width: `${Math.min(100, (completed / of) * 100)}%` }} />
        </div>
      )}
    </div>
  );
}

/** An `agent` review: the trigger that fired the agent, the input its model would get, and the held run. */
function HeldRun({ review }: { review: Review }) {
  const held = heldRunContext(review.context);
  return (
    <div className="space-y-2 text-xs" data-testid="held-run">
      <dl className="grid grid-cols-[5rem_minmax(0,1fr)] gap-x-3 gap-y-1">
        <dt className="font-medium text-zinc-500">Trigger</dt>
        <dd className="text-zinc-800" data-testid="held-run-trigger">
          {held.trigger}
          {held.path && <span className="ml-1.5 font-mono text-zinc-500">{held.path}</span>}
          {held.retryOfId && (
            <Link href={runDetailPath("agent", held.retryOfId)} className="ml-1.5 text-zinc-600 underline underline-offset-2 hover:text-zinc-900">
              of this run
            </Link>
          )}
        </dd>
        {review.agentRun && (
          <>
            <dt className="font-medium text-zinc-500">Run</dt>
            <dd className="flex flex-wrap items-center gap-2">
              <Badge tone={RUN_STATUS_TONES[review.agentRun.status] ?? "neutral"}>{review.agentRun.status.toLowerCase()}</Badge>
              <Link
                href={runDetailPath("agent", review.agentRun.id)}
                className="inline-flex items-center gap-1 font-medium text-zinc-700 underline underline-offset-2 hover:text-zinc-900"
                data-testid="held-run-link"
              >
                Open run <ExternalLink className="size-3" aria-hidden />
              </Link>
              {review.agentRun.error && <span className="text-zinc-500">{review.agentRun.error}</span>}
            </dd>
          </>
        )}
      </dl>
      <div>
        <div className="font-medium text-zinc-500">Input</div>
        <pre className="mt-1 max-h-48 overflow-auto rounded-lg bg-zinc-50 px-3 py-2 font-mono text-zinc-700 ring-1 ring-zinc-200" data-testid="held-run-input">
          {JSON.stringify(held.input, null, 2)}
        </pre>
      </div>
    </div>
  );
}

function When({ at, now }: { at: string; now: number }) {
  return (
    <time dateTime={at} title={formatExactTime(at)} className="text-zinc-400">
      {formatRelativeTime(at, now)}
    </time>
  );
}

/** Requested → notified → decided or expired (→ what followed), with actor and notes. */
function DecisionTimeline({ review, now }: { review: Review; now: number }) {
  const steps = decisionTimeline(review);
  return (
    <ol className="space-y-2.5 border-l border-zinc-200 pl-3.5" data-testid="decision-timeline" aria-label="Decision timeline">
      {steps.map((step) => (
        <li key={step.key} className="relative" data-step={step.key} title={step.tone === "missing" ? undefined : (step.detail ?? undefined)}>
          <span className={cn("absolute top-1 -left-[19px] size-2 rounded-full", TIMELINE_DOTS[step.tone])} aria-hidden />
          <div className="flex flex-wrap items-baseline gap-x-1.5">
            <span className={cn("font-medium", step.tone === "missing" ? "text-zinc-400" : "text-zinc-800")}>{step.label}</span>
            {step.actor && <span className="text-zinc-500">by {step.actor}</span>}
            {step.at && <When at={step.at} now={now} />}
            {step.key === "waiting" && (
              <span className="text-zinc-500">
                for {formatRelativeTime(review.requestedAt, now).replace(/ ago$/, "")}
                {step.expiresAt ? (
                  <>
                    {" "}
                    · expires <span title={formatExactTime(step.expiresAt)}>{formatRelativeTime(step.expiresAt, now)}</span>
                  </>
                ) : (
                  " · no expiry"
                )}
              </span>
            )}
          </div>
          {step.tone === "missing" && step.detail && <div className="text-zinc-400">{step.detail}</div>}
          {step.notes && <div className="mt-0.5 rounded bg-zinc-50 px-1.5 py-1 text-zinc-700 ring-1 ring-zinc-200 ring-inset">“{step.notes}”</div>}
        </li>
      ))}
    </ol>
  );
}

function AuditTrail({ review, now }: { review: Review; now: number }) {
  const [isOpen, setIsOpen] = useState(false);
  const Chevron = isOpen ? ChevronDown : ChevronRight;
  return (
    <div>
      <button
        type="button"
        onClick={() => setIsOpen(!isOpen)}
        aria-expanded={isOpen}
        className="flex items-center gap-1 font-medium text-zinc-500 hover:text-zinc-900"
      >
        <Chevron className="size-3.5" aria-hidden />
        Audit trail · {review.audit.length} {review.audit.length === 1 ? "entry" : "entries"}
      </button>
      <ol className={cn("mt-1.5 space-y-1 font-mono text-[11px]", !isOpen && "hidden")} data-testid="audit-trail">
        {review.audit.map((entry) => (
          <li key={entry.id} className="text-zinc-600">
            <When at={entry.at} now={now} /> <span className="text-zinc-900">{entry.action}</span> · {entry.actor}
            {entry.notes && <span className="text-zinc-500"> · “{entry.notes}”</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Kbd({ children, className }: { children: string; className?: string }) {
  return <kbd className={cn("rounded px-1 font-mono text-[10px]", className)}>{children}</kbd>;
}

interface ReviewCardProps {
  review: Review;
  now: number;
  /** OPERATOR or above; a viewer sees the decision controls disabled, with the reason. */
  canDecide: boolean;
  isDeciding: boolean;
  error: string | null;
  onDecide: (decision: "approve" | "reject", notes: string) => void;
}

export function ReviewCard({ review, now, canDecide, isDeciding, error, onDecide }: ReviewCardProps) {
  const [notes, setNotes] = useState("");
  const [showPrompt, setShowPrompt] = useState(false);
  const context = contextOf(review);
  // Only real risk levels are shown; an agent's approval mode ("auto", "approval_required") is not a risk.
  const riskCandidate = (typeof context.riskLevel === "string" ? context.riskLevel : review.agent?.riskLevel)?.toLowerCase() ?? null;
  const risk = riskCandidate && riskCandidate in RISK_TONES ? riskCandidate : null;
  const files = Array.isArray(context.filesChanged) ? (context.filesChanged as string[]) : [];
  const isPending = review.status === "pending";
  const sourceLabel = SOURCE_LABELS[review.source as ReviewSourceFilter] ?? review.source;
  const PromptChevron = showPrompt ? ChevronDown : ChevronRight;

  return (
    <Card
      tabIndex={0}
      role="article"
      aria-label={review.title}
      data-testid="review-card"
      data-review-id={review.id}
      data-source={review.source}
      data-status={review.status}
      onKeyDown={(event) => {
        if (!isPending || !canDecide || isDeciding || event.target !== event.currentTarget) return;
        if (event.key === "a") onDecide("approve", notes);
        if (event.key === "r") onDecide("reject", notes);
      }}
      className="outline-none focus-visible:border-zinc-400 focus-visible:ring-2 focus-visible:ring-zinc-900/15"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <Badge tone={SOURCE_TONES[review.source] ?? "neutral"} className={review.source === "agent" ? "inline-flex items-center gap-1" : undefined}>
              {review.source === "agent" && <Bot className="size-3" aria-hidden />}
              {sourceLabel}
            </Badge>
            <Badge tone={STATUS_TONES[review.status] ?? "neutral"} className="capitalize">
              {review.status}
            </Badge>
            {risk && (
              <Badge tone={RISK_TONES[risk].tone} className={RISK_TONES[risk].className} data-testid="risk-level">
                {risk} risk
              </Badge>
            )}
            <span className="text-zinc-500" title={formatExactTime(review.requestedAt)}>
              requested {formatRelativeTime(review.requestedAt, now)}
            </span>
          </div>
          <h2 className="mt-1.5 text-base font-semibold text-zinc-900">{review.title}</h2>
          <div className="mt-0.5 text-sm text-zinc-500">
            {review.agent ? (
              <>
                Agent <span className="font-medium text-zinc-700">{review.agent.name}</span>
                {review.agent.model ? <span> · {review.agent.model}</span> : null}
              </>
            ) : (
              "No agent"
            )}
            {review.workflowRun && <span> · workflow {review.workflowRun.workflowName}</span>}
            {review.campaign && <span> · campaign {review.campaign.name}</span>}
            {review.mission && (
              <span>
                {" "}
                · mission {review.mission.sequence}: {review.mission.name}
              </span>
            )}
          </div>
        </div>
        <div className="text-right">
          <div className="text-xs text-zinc-500">Est. cost</div>
          <div className="text-lg font-semibold text-zinc-900 tabular-nums">{review.estimatedCostUsd === null ? "—" : formatCost(review.estimatedCostUsd)}</div>
        </div>
      </header>

      <div className="grid gap-5 px-5 py-4 md:grid-cols-[minmax(0,1fr)_17rem]">
        <div className="min-w-0 space-y-3">
          {review.summary && <p className="text-sm text-zinc-700">{review.summary}</p>}
          {review.source === "agent" && <HeldRun review={review} />}
          <StepProgress review={review} />
          {files.length > 0 && (
            <div>
              <div className="text-xs font-medium text-zinc-500">Files changed ({files.length})</div>
              <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="files-changed">
                {files.map((file) => (
                  <li key={file} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">
                    {file}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {review.prompt && (
            <div>
              <button
                type="button"
                onClick={() => setShowPrompt(!showPrompt)}
                aria-expanded={showPrompt}
                className="flex items-center gap-1 text-xs font-medium text-zinc-600 hover:text-zinc-900"
              >
                <PromptChevron className="size-3.5" aria-hidden />
                Resolved prompt
              </button>
              {showPrompt && (
                <pre className="mt-1 max-h-64 overflow-auto rounded-lg bg-zinc-900 px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap text-zinc-100">
                  {review.prompt}
                </pre>
              )}
            </div>
          )}
          {review.payload !== null && review.payload !== undefined && (
            <details className="text-xs">
              <summary className="cursor-pointer font-medium text-zinc-600 hover:text-zinc-900">Proposed action</summary>
              <pre className="mt-1 overflow-auto rounded-lg bg-zinc-50 px-3 py-2 font-mono text-zinc-700 ring-1 ring-zinc-200">
                {JSON.stringify(review.payload, null, 2)}
              </pre>
            </details>
          )}
          {(review.pullRequest || review.source === "workflow") && <PrDiff review={review} />}
        </div>

        <aside aria-label="Decision" className="space-y-3 text-xs md:border-l md:border-zinc-100 md:pl-5">
          <div className="font-medium text-zinc-500">Decision timeline</div>
          <DecisionTimeline review={review} now={now} />
          <AuditTrail review={review} now={now} />
        </aside>
      </div>

      {isPending && (
        <footer className="flex flex-wrap items-center gap-2 border-t border-zinc-100 bg-zinc-50/60 px-5 py-3">
          <label htmlFor={`notes-${review.id}`} className="sr-only">
            Notes
          </label>
          <input
            id={`notes-${review.id}`}
            value={notes}
            disabled={!canDecide}
            onChange={(event) => setNotes(event.target.value)}
            placeholder="Notes (optional)"
            className="h-8 min-w-48 flex-1 rounded-md border border-zinc-200 bg-white px-3 text-sm shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10 disabled:bg-zinc-50"
          />
          <RoleGate isAllowed={canDecide} reason={NEEDS_OPERATOR}>
            <span className="flex items-center gap-2">
              <Button variant="danger" disabled={!canDecide || isDeciding} onClick={() => onDecide("reject", notes)}>
                <X className="size-4" aria-hidden />
                Reject <Kbd className="bg-red-500">r</Kbd>
              </Button>
              <Button variant="approve" disabled={!canDecide || isDeciding} onClick={() => onDecide("approve", notes)}>
                <Check className="size-4" aria-hidden />
                {isDeciding ? "Deciding…" : "Approve"} <Kbd className="bg-emerald-500">a</Kbd>
              </Button>
            </span>
          </RoleGate>
          {error && (
            <p role="alert" className="w-full text-sm text-red-600">
              {error}
            </p>
          )}
        </footer>
      )}
    </Card>
  );
}
