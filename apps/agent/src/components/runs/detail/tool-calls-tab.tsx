import Link from "next/link";
import { Card, EmptyState } from "@switchyard/ui/components";
import { ChevronRight } from "lucide-react";
import { formatDuration, formatExactTime } from "../format";
import { runDetailPath } from "./run-api";
import { StepIO } from "./step-io";
import { StepStatusBadge } from "./step-status-badge";
import type { ToolCall } from "./types";

export function ToolCallsTab({ toolCalls }: { toolCalls: ToolCall[] }) {
  if (toolCalls.length === 0) {
    return (
      <Card>
        <EmptyState title="No tool calls">The agents of this run did not call any tools.</EmptyState>
      </Card>
    );
  }
  return (
    <Card>
      <ol className="divide-y divide-zinc-100" data-testid="tool-calls">
        {toolCalls.map((call) => (
          <li key={call.id}>
            <details className="group">
              <summary className="grid cursor-pointer list-none grid-cols-[1rem_minmax(0,1fr)_auto_5rem_7rem] items-center gap-3 px-4 py-2.5 hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
                <ChevronRight className="size-4 text-zinc-400 transition-transform group-open:rotate-90" aria-hidden />
                <div className="min-w-0">
                  <div className="truncate font-mono text-sm font-medium text-zinc-900">{call.toolName}</div>
                  {call.agentRun && <div className="truncate text-xs text-zinc-500">by {call.agentRun.agent.name}</div>}
                </div>
                <StepStatusBadge status={call.status} />
                <span className="text-right text-sm text-zinc-700 tabular-nums">{formatDuration(call.durationMs)}</span>
                <time dateTime={call.startedAt} title={formatExactTime(call.startedAt)} className="text-right text-xs text-zinc-500" suppressHydrationWarning>
                  {new Date(call.startedAt).toLocaleTimeString()}
                </time>
              </summary>
              <div className="border-t border-zinc-100 bg-zinc-50/50 px-11 py-3">
                <StepIO error={call.error} input={call.input} output={call.output} subRun={null} />
                {call.agentRun && (
                  <Link href={runDetailPath("agent", call.agentRun.id)} className="mt-3 inline-block text-sm font-medium text-sky-700 hover:text-sky-900">
                    Open the agent run that made this call
                  </Link>
                )}
              </div>
            </details>
          </li>
        ))}
      </ol>
    </Card>
  );
}
