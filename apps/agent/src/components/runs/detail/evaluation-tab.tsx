"use client";

import { useMutation } from "@tanstack/react-query";
import { Badge, Button, Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import { LoaderCircle, Star } from "lucide-react";
import { useState, type FormEvent } from "react";
import type { RunKind } from "@switchyard/core/runs/unified";
import { formatExactTime } from "../format";
import { JsonView } from "./json-view";
import { submitFeedbackRequest } from "./run-api";
import type { Evaluation, Feedback } from "./types";

const RATINGS = [1, 2, 3, 4, 5] as const;

export function EvaluationTab({
  kind,
  runId,
  evaluation,
  feedback,
  onFeedbackSent,
}: {
  kind: RunKind;
  runId: string;
  evaluation: Evaluation | null;
  feedback: Feedback[];
  onFeedbackSent: () => void;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader title="Evaluation" description="How the run scored against its own evaluator." />
        {evaluation ? (
          <div className="space-y-3 px-4 py-4" data-testid="evaluation">
            <div className="flex items-baseline gap-3">
              <span className="text-3xl font-semibold text-zinc-900 tabular-nums">{evaluation.score ?? "—"}</span>
              {evaluation.passed !== null && <Badge tone={evaluation.passed ? "success" : "danger"}>{evaluation.passed ? "Passed" : "Did not pass"}</Badge>}
            </div>
            {evaluation.summary && <p className="text-sm text-zinc-700">{evaluation.summary}</p>}
            {evaluation.criteria !== null && evaluation.criteria !== undefined && <JsonView value={evaluation.criteria} />}
          </div>
        ) : (
          <EmptyState title="Not evaluated">Runs with an evaluator (a loop step, say) record their score here.</EmptyState>
        )}
      </Card>
      <Card>
        <CardHeader title="Feedback" description="What people thought of this run's result." />
        <FeedbackForm kind={kind} runId={runId} onSent={onFeedbackSent} />
        {feedback.length === 0 ? (
          <EmptyState title="No feedback yet" />
        ) : (
          <ul className="divide-y divide-zinc-100 border-t border-zinc-200" data-testid="feedback-list">
            {feedback.map((entry) => (
              <li key={entry.id} className="px-4 py-3">
                <div className="flex items-center justify-between gap-3">
                  <Stars rating={entry.rating ?? 0} />
                  <time dateTime={entry.createdAt} className="text-xs text-zinc-500" suppressHydrationWarning>
                    {formatExactTime(entry.createdAt)}
                  </time>
                </div>
                {entry.comment && <p className="mt-1 text-sm break-words whitespace-pre-wrap text-zinc-700">{entry.comment}</p>}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Stars({ rating }: { rating: number }) {
  return (
    <span className="flex items-center gap-0.5" role="img" aria-label={`${rating} out of 5`}>
      {RATINGS.map((value) => (
        <Star key={value} className={`size-4 ${value <= rating ? "fill-amber-400 text-amber-400" : "text-zinc-300"}`} aria-hidden />
      ))}
    </span>
  );
}

function FeedbackForm({ kind, runId, onSent }: { kind: RunKind; runId: string; onSent: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState("");
  const send = useMutation({
    mutationFn: () => submitFeedbackRequest(kind, runId, { rating, comment: comment.trim() || undefined }),
    onSuccess: () => {
      setRating(0);
      setComment("");
      onSent();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (rating > 0) send.mutate();
  }

  return (
    <form onSubmit={submit} className="space-y-3 px-4 py-4" aria-label="Give feedback">
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-zinc-600">Rating</legend>
        <div className="flex items-center gap-1">
          {RATINGS.map((value) => (
            <label key={value} className="cursor-pointer rounded p-0.5 has-focus-visible:ring-2 has-focus-visible:ring-zinc-900/30">
              <input
                type="radio"
                name="rating"
                value={value}
                checked={rating === value}
                onChange={() => setRating(value)}
                className="sr-only"
                aria-label={`${value} star${value === 1 ? "" : "s"}`}
              />
              <Star className={`size-6 ${value <= rating ? "fill-amber-400 text-amber-400" : "text-zinc-300 hover:text-amber-300"}`} aria-hidden />
            </label>
          ))}
        </div>
      </fieldset>
      <label className="block">
        <span className="mb-1 block text-xs font-medium text-zinc-600">Comment (optional)</span>
        <textarea
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={5000}
          rows={3}
          className="w-full rounded-md border border-zinc-200 px-3 py-2 text-sm shadow-xs outline-none focus:border-zinc-400 focus:ring-2 focus:ring-zinc-900/10"
          placeholder="What was good or wrong about the result?"
        />
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={rating === 0 || send.isPending}>
          {send.isPending && <LoaderCircle className="size-4 animate-spin" aria-hidden />}
          Send feedback
        </Button>
        {rating === 0 && !send.isSuccess && <span className="text-xs text-zinc-500">Choose a rating first.</span>}
        {send.isSuccess && rating === 0 && !send.isPending && (
          <span role="status" className="text-xs text-emerald-700">
            Thanks, your feedback is recorded.
          </span>
        )}
        {send.isError && (
          <span role="alert" className="text-xs text-red-700">
            Could not send: {send.error.message}
          </span>
        )}
      </div>
    </form>
  );
}
