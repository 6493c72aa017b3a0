"use client";

import { useQuery } from "@tanstack/react-query";
import { forwardRef, useState } from "react";
import { formatCost, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { fetchWorkflowStepCount, type Review, SOURCE_LABELS, type ReviewSourceFilter } from "./api";

const RISK_STYLES: Record<string, string> = {
  low: "bg-green-100 text-green-700",
  medium: "bg-yellow-100 text-yellow-800",
  high: "bg-orange-100 text-orange-700",
  critical: "bg-red-100 text-red-700",
};

const STATUS_STYLES: Record<string, string> = {
  pending: "bg-amber-100 text-amber-800",
  approved: "bg-green-100 text-green-700",
  rejected: "bg-red-100 text-red-700",
  expired: "bg-zinc-100 text-zinc-600",
};

const SOURCE_STYLES: Record<string, string> = {
  workflow: "bg-violet-100 text-violet-700",
  campaign: "bg-amber-100 text-amber-800",
  mission: "bg-sky-100 text-sky-700",
  integration: "bg-teal-100 text-teal-700",
  financial: "bg-pink-100 text-pink-700",
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
        {Array.isArray(context.stepNames) && context.stepNames.length > 0 && <span className="text-zinc-500"> · {(context.stepNames as string[]).join(" → ")}</span>}
      </div>
      {of && (
        <div className="mt-1 h-1.5 w-full max-w-xs overflow-hidden rounded-full bg-zinc-100">
          <div className="h-full rounded-full bg-violet-500" style={{ width: `${Math.min(100, (completed / of) * 100)}%` }} />
        </div>
      )}
    </div>
  );
}

interface ReviewCardProps {
  review: Review;
  now: number;
  isDeciding: boolean;
  error: string | null;
  onDecide: (decision: "approve" | "reject", notes: string) => void;
}

export const ReviewCard = forwardRef<HTMLElement, ReviewCardProps>(function ReviewCard({ review, now, isDeciding, error, onDecide }, ref) {
  const [notes, setNotes] = useState("");
  const [showPrompt, setShowPrompt] = useState(false);
  const context = contextOf(review);
  // Only real risk levels are shown; an agent's approval mode ("auto", "approval_required") is not a risk.
  const riskCandidate = (typeof context.riskLevel === "string" ? context.riskLevel : review.agent?.riskLevel)?.toLowerCase() ?? null;
  const risk = riskCandidate && riskCandidate in RISK_STYLES ? riskCandidate : null;
  const files = Array.isArray(context.filesChanged) ? (context.filesChanged as string[]) : [];
  const isPending = review.status === "pending";
  const sourceLabel = SOURCE_LABELS[review.source as ReviewSourceFilter] ?? review.source;

  return (
    <article
      ref={ref}
      tabIndex={0}
      aria-label={review.title}
      data-testid="review-card"
      data-review-id={review.id}
      data-source={review.source}
      data-status={review.status}
      onKeyDown={(event) => {
        if (!isPending || isDeciding || event.target !== event.currentTarget) return;
        if (event.key === "a") onDecide("approve", notes);
        if (event.key === "r") onDecide("reject", notes);
      }}
      className="rounded-xl border border-zinc-200 bg-white shadow-xs outline-none focus:ring-2 focus:ring-zinc-900/20 focus-visible:border-zinc-400"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <span className={`rounded-full px-2 py-0.5 font-medium ${SOURCE_STYLES[review.source] ?? "bg-zinc-100 text-zinc-700"}`}>{sourceLabel}</span>
            <span className={`rounded-full px-2 py-0.5 font-medium capitalize ${STATUS_STYLES[review.status] ?? "bg-zinc-100"}`}>{review.status}</span>
            {risk && (
              <span className={`rounded-full px-2 py-0.5 font-medium ${RISK_STYLES[risk] ?? "bg-zinc-100 text-zinc-700"}`} data-testid="risk-level">
                {risk} risk
              </span>
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
            {review.mission && <span> · mission {review.mission.sequence}: {review.mission.name}</span>}
          </div>
        </div>
        <div className="text-right">
          <div className="text-xs text-zinc-500">Est. cost</div>
          <div className="text-lg font-semibold tabular-nums text-zinc-900">{review.estimatedCostUsd === null ? "—" : formatCost(review.estimatedCostUsd)}</div>
        </div>
      </header>

      <div className="grid gap-4 px-5 py-4 md:grid-cols-[1fr_16rem]">
        <div className="min-w-0 space-y-3">
          {review.summary && <p className="text-sm text-zinc-700">{review.summary}</p>}
          <StepProgress review={review} />
          {files.length > 0 && (
            <div>
              <div className="text-xs font-medium text-zinc-500">Files changed ({files.length})</div>
              <ul className="mt-1 flex flex-wrap gap-1.5">
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
              <button type="button" onClick={() => setShowPrompt(!showPrompt)} aria-expanded={showPrompt} className="text-xs font-medium text-zinc-600 hover:text-zinc-900">
                {showPrompt ? "▾" : "▸"} Resolved prompt
              </button>
              {showPrompt && (
                <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap rounded-lg bg-zinc-900 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-100">{review.prompt}</pre>
              )}
            </div>
          )}
          {review.payload !== null && review.payload !== undefined && (
            <details className="text-xs">
              <summary className="cursor-pointer font-medium text-zinc-600 hover:text-zinc-900">Proposed action</summary>
              <pre className="mt-1 overflow-auto rounded-lg bg-zinc-50 px-3 py-2 font-mono text-zinc-700 ring-1 ring-zinc-200">{JSON.stringify(review.payload, null, 2)}</pre>
            </details>
          )}
        </div>

        <aside aria-label="Audit trail" className="text-xs">
          <div className="font-medium text-zinc-500">Audit trail</div>
          <ol className="mt-1.5 space-y-1.5 border-l border-zinc-200 pl-3" data-testid="audit-trail">
            {review.audit.map((entry) => (
              <li key={entry.id} className="relative">
                <span className="absolute -left-[15px] top-1 size-1.5 rounded-full bg-zinc-400" aria-hidden />
                <span className="font-medium capitalize text-zinc-800">{entry.action}</span> <span className="text-zinc-500">by {entry.actor}</span>
                <div className="text-zinc-400" title={formatExactTime(entry.at)}>
                  {formatRelativeTime(entry.at, now)}
                </div>
                {entry.notes && <div className="text-zinc-600">“{entry.notes}”</div>}
              </li>
            ))}
          </ol>
        </aside>
      </div>

      {isPending ? (
        <footer className="flex flex-wrap items-center gap-2 border-t border-zinc-100 bg-zinc-50/60 px-5 py-3">
          <label htmlFor={`notes-${review.id}`} className="sr-only">
            Notes
          </label>
          <input
            id={`notes-${review.id}`}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
            placeholder="Notes (optional)"
            className="h-8 min-w-48 flex-1 rounded-md border border-zinc-200 bg-white px-3 text-sm shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10"
          />
          <button
            type="button"
            disabled={isDeciding}
            onClick={() => onDecide("reject", notes)}
            className="h-8 rounded-md px-3 text-sm font-medium text-red-700 ring-1 ring-inset ring-red-200 hover:bg-red-50 disabled:opacity-50"
          >
            Reject <kbd className="ml-1 rounded bg-red-100 px-1 font-mono text-[10px]">r</kbd>
          </button>
          <button
            type="button"
            disabled={isDeciding}
            onClick={() => onDecide("approve", notes)}
            className="h-8 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-800 disabled:opacity-50"
          >
            {isDeciding ? "Deciding…" : "Approve"} <kbd className="ml-1 rounded bg-zinc-700 px-1 font-mono text-[10px]">a</kbd>
          </button>
          {error && (
            <p role="alert" className="w-full text-sm text-red-600">
              {error}
            </p>
          )}
        </footer>
      ) : (
        review.decidedAt && (
          <footer className="border-t border-zinc-100 px-5 py-2.5 text-xs text-zinc-500">
            {review.status === "approved" ? "Approved" : review.status === "rejected" ? "Rejected" : "Closed"} by {review.decidedBy ?? "—"} {formatRelativeTime(review.decidedAt, now)}
            {review.decisionNotes ? ` — “${review.decisionNotes}”` : ""}
          </footer>
        )
      )}
    </article>
  );
});
