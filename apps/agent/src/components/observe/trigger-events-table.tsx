"use client";

import type { TriggerEventItem } from "@switchyard/core/runs/triggers-feed";
import { Badge, Tooltip } from "@switchyard/ui/components";
import { createColumnHelper } from "@tanstack/react-table";
import { ArrowUpRight, Filter } from "lucide-react";
import Link from "next/link";
import type { MouseEvent } from "react";
import { DataTable, useDataTable } from "../data-table";
import { formatExactTime, formatRelativeTime } from "../runs/format";
import { statusStyle } from "../runs/status-badge";
import { useNow } from "../use-now";
import { KIND_STYLE } from "../runs/kind-style";
import { eventOrigin, eventPrimitive, eventStatusStyle, eventTrigger, linkedRuns } from "./trigger-events";

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

interface TriggerEventsTableProps {
  events: TriggerEventItem[];
  /** The href and in-page handler of "runs of this trigger", so the runs tab opens without a reload. */
  runsOfTriggerHref: (triggerId: string) => string;
  onShowRunsOfTrigger: (triggerId: string) => void;
}

const column = createColumnHelper<TriggerEventItem>();

function eventColumns({ now, runsOfTriggerHref, onShowRunsOfTrigger }: { now: number } & Omit<TriggerEventsTableProps, "events">) {
  function showRunsInPlace(clickEvent: MouseEvent<HTMLAnchorElement>, triggerId: string) {
    // A plain click stays on the page; modified clicks (new tab, copy link) keep the real href.
    if (clickEvent.metaKey || clickEvent.ctrlKey || clickEvent.shiftKey || clickEvent.button !== 0) return;
    clickEvent.preventDefault();
    onShowRunsOfTrigger(triggerId);
  }

  return [
    column.display({
      id: "received",
      header: "Received",
      meta: { className: "w-28", cell: () => ({ className: "text-zinc-600" }) },
      cell: ({ row: { original: event } }) => (
        <time dateTime={event.receivedAt} title={formatExactTime(event.receivedAt)} suppressHydrationWarning>
          {formatRelativeTime(event.receivedAt, now)}
        </time>
      ),
    }),
    column.display({
      id: "trigger",
      header: "Trigger",
      meta: { cell: () => ({ className: "max-w-0" }) },
      cell: ({ row: { original: event } }) => {
        const trigger = eventTrigger(event);
        if (!trigger) return <span className="text-zinc-400">Deleted trigger</span>;
        return (
          <>
            <div className="truncate font-medium text-zinc-900" title={trigger.name}>
              {trigger.name}
            </div>
            <div className="text-xs text-zinc-500">{capitalize(trigger.type)} trigger</div>
          </>
        );
      },
    }),
    column.display({
      id: "primitive",
      header: "Target",
      meta: { className: "w-48", cell: () => ({ className: "max-w-0" }) },
      cell: ({ row: { original: event } }) => {
        const primitive = eventPrimitive(event);
        if (!primitive) return <span className="text-zinc-400">—</span>;
        return (
          <>
            <div className="flex items-center gap-2 truncate text-zinc-900" title={primitive.name}>
              <span className={`size-2 shrink-0 rounded-sm ${KIND_STYLE[primitive.kind].dot}`} aria-hidden />
              <span className="truncate">{primitive.name}</span>
            </div>
            <div className="pl-4 text-xs text-zinc-500">{KIND_STYLE[primitive.kind].label}</div>
          </>
        );
      },
    }),
    column.display({
      id: "source",
      header: "Source",
      meta: { className: "w-72", cell: () => ({ className: "max-w-0" }) },
      cell: ({ row: { original: event } }) => {
        const origin = eventOrigin(event);
        return (
          <>
            <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-600">{event.source}</span>
            {origin && (
              <div className="mt-1 truncate font-mono text-xs text-zinc-500" title={origin}>
                {origin}
              </div>
            )}
          </>
        );
      },
    }),
    column.display({
      id: "status",
      header: "Status",
      meta: { className: "w-28" },
      cell: ({ row: { original: event } }) => {
        const status = eventStatusStyle(event.status);
        return event.error ? (
          <Tooltip content={event.error}>
            <Badge tone={status.tone} tabIndex={0} className="cursor-help">
              {status.label}
            </Badge>
          </Tooltip>
        ) : (
          <Badge tone={status.tone}>{status.label}</Badge>
        );
      },
    }),
    column.display({
      id: "runs",
      header: "Runs",
      meta: { className: "w-64" },
      cell: ({ row: { original: event } }) => {
        const trigger = eventTrigger(event);
        const runs = linkedRuns(event);
        return (
          <div className="flex flex-col items-start gap-1">
            {runs.length === 0 && <span className="text-xs text-zinc-400">No run started</span>}
            {runs.map((run) => (
              <Link
                key={`${run.kind}:${run.id}`}
                href={run.href}
                data-run-link={run.kind}
                className="group inline-flex max-w-full items-center gap-1.5 whitespace-nowrap text-xs font-medium text-zinc-700 hover:text-zinc-950"
              >
                <span className={`size-1.5 shrink-0 rounded-full ${statusStyle(run.status).dot}`} aria-hidden />
                <span>{KIND_STYLE[run.kind].label} run</span>
                <span className="text-zinc-400">· {statusStyle(run.status).label}</span>
                <ArrowUpRight className="size-3 text-zinc-400 group-hover:text-zinc-700" aria-hidden />
              </Link>
            ))}
            {trigger && (
              <a
                href={runsOfTriggerHref(trigger.id)}
                onClick={(clickEvent) => showRunsInPlace(clickEvent, trigger.id)}
                data-trigger-runs={trigger.id}
                className="inline-flex items-center gap-1 whitespace-nowrap text-xs text-zinc-500 hover:text-zinc-900"
              >
                <Filter className="size-3" aria-hidden />
                All runs of this trigger
              </a>
            )}
          </div>
        );
      },
    }),
  ];
}

export function TriggerEventsTable({ events, runsOfTriggerHref, onShowRunsOfTrigger }: TriggerEventsTableProps) {
  const now = useNow(5_000);
  const table = useDataTable({ data: events, columns: eventColumns({ now, runsOfTriggerHref, onShowRunsOfTrigger }), getRowId: (event) => event.id });
  return (
    <div className="overflow-x-auto">
      <DataTable
        table={table}
        className="w-full min-w-[1080px] border-collapse text-sm"
        bodyClassName="divide-y divide-zinc-100"
        cellClassName="px-4 py-3"
        rowProps={(event) => ({ "data-event-id": event.id, "data-status": event.status, className: "align-top transition-colors hover:bg-zinc-50" })}
      />
    </div>
  );
}
