import { Badge, Card, CardHeader, EmptyState, type BadgeTone } from "@switchyard/ui/components";
import { ChevronRight } from "lucide-react";
import { formatDuration, formatExactTime } from "../format";
import { stepRowsOf, type StepRow } from "./run-parts";
import { StepIO } from "./step-io";
import { StepStatusBadge } from "./step-status-badge";
import { detailOf, type AgentRunEvent, type Approval, type RunDetailResponse, type RunnerHold, type WorkflowEvent } from "./types";

const LIFECYCLE_LABELS: Record<string, string> = {
  queued: "Queued",
  started: "Started",
  suspended: "Suspended",
  cancel_requested: "Cancel requested",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

const LIFECYCLE_DOTS: Record<string, string> = {
  queued: "bg-zinc-400",
  started: "bg-sky-500",
  suspended: "bg-amber-500",
  cancel_requested: "bg-zinc-500",
  completed: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-zinc-400",
};

const STEP_NOUN: Record<string, string> = { workflow: "Steps", network: "Member calls", campaign: "Mission tasks", agent: "Tool calls" };

export function TimelineTab({ response }: { response: RunDetailResponse }) {
  const rows = stepRowsOf(response);
  const workflow = detailOf(response, "workflow");
  const agent = detailOf(response, "agent");
  const approvals = workflow?.approvals ?? detailOf(response, "campaign")?.approvals ?? agent?.approvals ?? [];
  const stepNoun = STEP_NOUN[response.run.kind];
  return (
    <div className="space-y-4">
      <Lifecycle response={response} />
      {stepNoun && (
        <Card>
          <CardHeader title={stepNoun} description={rows.length ? `${rows.length} in run order; expand a row for its input and output.` : undefined} />
          {rows.length === 0 ? <EmptyState title={`No ${stepNoun.toLowerCase()} yet`} /> : <StepList rows={rows} />}
        </Card>
      )}
      {workflow && workflow.events.length > 0 && <EventLog events={workflow.events} />}
      {agent && agent.events.length > 0 && (
        <EventLog
          events={agent.events}
          description={`What the external runner reported as it went.${agent.runner ? ` ${describeRunner(agent.runner)}` : ""}`}
        />
      )}
      {approvals.length > 0 && <Approvals approvals={approvals} />}
    </div>
  );
}

function Lifecycle({ response }: { response: RunDetailResponse }) {
  const queuedAt = Date.parse(response.timeline[0]?.at ?? response.run.startedAt);
  return (
    <Card>
      <CardHeader title="Lifecycle" />
      <ol className="flex flex-wrap items-start gap-y-3 px-4 py-4" data-testid="lifecycle">
        {response.timeline.map((entry, index) => (
          <li key={`${entry.state}-${entry.at}`} className="flex items-start" data-state={entry.state}>
            {index > 0 && <span className="mx-3 mt-1.5 h-px w-10 bg-zinc-200 sm:w-16" aria-hidden />}
            <div>
              <div className="flex items-center gap-2 text-sm font-medium text-zinc-900">
                <span className={`size-2.5 rounded-full ${LIFECYCLE_DOTS[entry.state] ?? "bg-zinc-400"}`} aria-hidden />
                {LIFECYCLE_LABELS[entry.state] ?? entry.state}
              </div>
              <time dateTime={entry.at} className="mt-0.5 block pl-4.5 text-xs text-zinc-500" suppressHydrationWarning>
                {formatExactTime(entry.at)}
                {index > 0 && <span className="ml-1 text-zinc-400">(+{formatDuration(Date.parse(entry.at) - queuedAt)})</span>}
              </time>
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}

function StepList({ rows }: { rows: StepRow[] }) {
  let previousGroup: string | null = null;
  return (
    <ol className="divide-y divide-zinc-100" data-testid="step-list">
      {rows.map((row) => {
        const heading = row.group !== previousGroup ? row.group : null;
        previousGroup = row.group;
        return (
          <li key={row.key} data-status={row.status}>
            {heading && <div className="bg-zinc-50 px-4 py-1.5 text-xs font-semibold text-zinc-600">{heading}</div>}
            <details className="group">
              <summary className="grid cursor-pointer list-none grid-cols-[1rem_minmax(0,1fr)_auto_5rem_7rem] items-center gap-3 px-4 py-2.5 hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
                <ChevronRight className="size-4 text-zinc-400 transition-transform group-open:rotate-90" aria-hidden />
                <div className="min-w-0">
                  <div className="truncate text-sm font-medium text-zinc-900">
                    {row.title}
                    {row.attempt !== null && row.attempt > 1 && <span className="ml-2 text-xs font-normal text-zinc-500">attempt {row.attempt}</span>}
                  </div>
                  {row.subtitle && <div className="truncate text-xs text-zinc-500">{row.subtitle}</div>}
                  {row.error && (
                    <div className="truncate text-xs text-red-700" title={row.error}>
                      {row.error}
                    </div>
                  )}
                </div>
                <StepStatusBadge status={row.status} />
                <span className="text-right text-sm text-zinc-700 tabular-nums">{formatDuration(row.durationMs)}</span>
                <span className="text-right text-xs text-zinc-500" suppressHydrationWarning>
                  {row.startedAt ? new Date(row.startedAt).toLocaleTimeString() : "Not started"}
                </span>
              </summary>
              <div className="border-t border-zinc-100 bg-zinc-50/50 px-11 py-3">
                <StepIO error={row.error} input={row.input} output={row.output} subRun={row.subRun} />
              </div>
            </details>
          </li>
        );
      })}
    </ol>
  );
}

function describeRunner(runner: RunnerHold): string {
  const lapses = runner.leaseLapses > 0 ? `; its lease lapsed ${runner.leaseLapses} time${runner.leaseLapses === 1 ? "" : "s"}` : "";
  return `Runner ${runner.claimedBy ?? "unknown"}, attempt ${runner.attempt}${lapses}.`;
}

function EventLog({
  events,
  description = "Stage changes, scores and errors the run reported as it went.",
}: {
  events: (WorkflowEvent | AgentRunEvent)[];
  description?: string;
}) {
  return (
    <Card>
      <CardHeader title="Event log" description={description} />
      <ol className="divide-y divide-zinc-100 text-sm">
        {events.map((event) => (
          <li key={event.id} className="grid grid-cols-[7rem_9rem_minmax(0,1fr)] gap-3 px-4 py-2">
            <time dateTime={event.createdAt} className="text-xs text-zinc-500 tabular-nums" title={formatExactTime(event.createdAt)} suppressHydrationWarning>
              {new Date(event.createdAt).toLocaleTimeString()}
            </time>
            <span className="truncate font-mono text-xs text-zinc-600">
              {["stepId" in event ? event.stepId : null, event.stage ?? event.eventType, event.attempt && event.attempt > 1 ? `attempt ${event.attempt}` : null]
                .filter(Boolean)
                .join(" · ")}
            </span>
            <span className={`min-w-0 break-words ${event.eventType === "error" ? "text-red-700" : "text-zinc-800"}`}>
              {"score" in event && event.score !== null && <span className="mr-2 font-medium tabular-nums">score {event.score}</span>}
              {event.message}
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}

const APPROVAL_TONES: Record<string, BadgeTone> = { pending: "warning", approved: "success", rejected: "danger" };

function Approvals({ approvals }: { approvals: Approval[] }) {
  return (
    <Card>
      <CardHeader title="Approvals" description="Human decisions this run waited for." />
      <ul className="divide-y divide-zinc-100">
        {approvals.map((approval) => (
          <li key={approval.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-2.5 text-sm">
            <div className="min-w-0">
              <div className="font-medium text-zinc-900">{approval.title}</div>
              <div className="text-xs text-zinc-500">
                {approval.decidedAt
                  ? `Decided by ${approval.decidedByLabel ?? "someone"} at ${formatExactTime(approval.decidedAt)}${approval.decisionNotes ? `: ${approval.decisionNotes}` : ""}`
                  : `Requested ${formatExactTime(approval.requestedAt)}`}
              </div>
            </div>
            <Badge tone={APPROVAL_TONES[approval.status] ?? "neutral"} className="capitalize">
              {approval.status}
            </Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}
