"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, Card, CardHeader, EmptyState, ErrorState, Skeleton, TableHead } from "@switchyard/ui/components";
import { getSeverityStyles } from "@switchyard/ui/severity";
import Link from "next/link";
import { requestJson, retryUnlessClientError } from "../api-client";
import { formatExactTime } from "../runs/format";
import type { AutomationListResponse, AutomationRow, Primitive } from "../schedule/automation-view";

const COLUMNS = [
  { key: "name", label: "Name" },
  { key: "fires", label: "Fires on" },
  { key: "next", label: "Next run" },
  { key: "health", label: "Health" },
  { key: "state", label: "State" },
] as const;

function firesOn(automation: AutomationRow): string {
  const { cronExpr, timezone, eventName, webhookPath } = automation.config;
  if (cronExpr) return `${cronExpr} (${timezone ?? "UTC"})`;
  if (eventName) return `event ${eventName}`;
  if (webhookPath) return `webhook /api/webhooks/${webhookPath}`;
  return automation.type;
}

/** The schedules and triggers of one entity, as /schedule shows them (the API's primitiveType + entitySlug filter). */
export function EntityAutomations({ primitiveType, entitySlug }: { primitiveType: Primitive; entitySlug: string }) {
  const automations = useQuery({
    queryKey: ["automations", "entity", primitiveType, entitySlug],
    queryFn: ({ signal }) => requestJson<AutomationListResponse>(`/api/live/automations?${new URLSearchParams({ primitiveType, entitySlug })}`, { signal }),
    retry: retryUnlessClientError,
  });
  return (
    <Card data-testid="entity-automations">
      <CardHeader
        title="Schedules and triggers"
        actions={
          <Link
            href={`/schedule?${new URLSearchParams({ primitive: primitiveType, q: entitySlug })}`}
            className="text-xs font-medium text-sky-700 hover:underline"
          >
            Open in Schedule
          </Link>
        }
      />
      {automations.isPending ? (
        <div className="space-y-3 p-4" role="status" aria-label="Loading schedules and triggers">
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : automations.isError ? (
        <div className="p-4">
          <ErrorState message={automations.error.message} onRetry={() => automations.refetch()} />
        </div>
      ) : automations.data.automations.length === 0 ? (
        <EmptyState title="Nothing fires this yet">Add a schedule on the Schedule page, or a trigger through the API, and it shows here.</EmptyState>
      ) : (
        <table className="w-full text-sm">
          <TableHead columns={COLUMNS} />
          <tbody className="divide-y divide-zinc-100">
            {automations.data.automations.map((automation) => (
              <tr key={automation.id} data-automation-id={automation.id}>
                <td className="px-4 py-2.5 font-medium text-zinc-900">{automation.name}</td>
                <td className="px-4 py-2.5 font-mono text-xs text-zinc-600">{firesOn(automation)}</td>
                <td className="px-4 py-2.5 text-zinc-600" suppressHydrationWarning>
                  {automation.nextRunAt ? formatExactTime(automation.nextRunAt) : "—"}
                </td>
                <td className="px-4 py-2.5">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium capitalize ${getSeverityStyles(automation.severity).badge}`}>
                    {automation.severity}
                  </span>
                </td>
                <td className="px-4 py-2.5">
                  <Badge tone={automation.isActive ? "success" : "neutral"}>{automation.isActive ? "Active" : "Paused"}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
