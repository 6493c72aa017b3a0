import Link from "next/link";
import { Card, EmptyState, TableHead } from "@switchyard/ui/components";
import { formatCost, formatDuration, formatExactTime, formatTokens } from "../format";
import { StatusBadge } from "../status-badge";
import { runDetailPath } from "./run-api";
import type { SubRunRow } from "./run-parts";

const SUB_RUN_COLUMNS = [
  { key: "run", label: "Run" },
  { key: "status", label: "Status", className: "w-32" },
  { key: "started", label: "Started", className: "w-44" },
  { key: "duration", label: "Duration", className: "w-24 text-right" },
  { key: "tokens", label: "Tokens", className: "w-24 text-right" },
  { key: "cost", label: "Cost", className: "w-24 text-right" },
];

export function SubRunsTab({ subRuns }: { subRuns: SubRunRow[] }) {
  if (subRuns.length === 0) {
    return (
      <Card>
        <EmptyState title="No sub-runs">This run has not started any agent runs yet.</EmptyState>
      </Card>
    );
  }
  return (
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[760px] border-collapse text-sm" data-testid="sub-runs">
        <TableHead columns={SUB_RUN_COLUMNS} />
        <tbody className="divide-y divide-zinc-100">
          {subRuns.map((subRun) => (
            <tr key={subRun.id} className="hover:bg-zinc-50">
              <td className="max-w-0 px-4 py-2.5">
                <div className="flex items-baseline gap-2">
                  <Link href={runDetailPath(subRun.kind, subRun.id)} className="truncate font-medium text-zinc-900 hover:text-sky-700 hover:underline">
                    {subRun.title}
                  </Link>
                  {subRun.agentVersion !== null && (
                    <span className="shrink-0 font-mono text-xs text-zinc-500" title="Agent version" data-testid="sub-run-version">
                      v{subRun.agentVersion}
                    </span>
                  )}
                </div>
                <div className="truncate text-xs text-zinc-500">{subRun.context}</div>
              </td>
              <td className="px-4 py-2.5">
                <StatusBadge status={subRun.status} />
              </td>
              <td className="px-4 py-2.5 text-xs text-zinc-600" suppressHydrationWarning>
                {formatExactTime(subRun.startedAt)}
              </td>
              <td className="px-4 py-2.5 text-right text-zinc-700 tabular-nums">{formatDuration(subRun.durationMs)}</td>
              <td className="px-4 py-2.5 text-right text-zinc-700 tabular-nums">{formatTokens(subRun.tokens)}</td>
              <td className="px-4 py-2.5 text-right text-zinc-900 tabular-nums">{formatCost(subRun.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
