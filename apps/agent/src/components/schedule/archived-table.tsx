"use client";

import { Button, EmptyState, ErrorState, Placeholders, Skeleton } from "@switchyard/ui/components";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { ArchiveRestore } from "lucide-react";
import { DataTable, useDataTable } from "@/components/data-table";
import { RoleGate } from "@/components/role-gate";
import { formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { archivedQueryKey, fetchArchivedAutomations } from "./api";
import type { AutomationRow } from "./automation-view";
import { NEEDS_OPERATOR, SHARED_COLUMNS } from "./automations-table";

interface ArchivedTableProps {
  now: number;
  pendingId: string | null;
  /** OPERATOR or above; a viewer sees Unarchive disabled, with the reason. */
  canOperate: boolean;
  onUnarchive: (automation: AutomationRow) => void;
}

/** Archived automations, most recently archived first, each one click from coming back to the list and the scheduler. */
export function ArchivedTable({ now, pendingId, canOperate, onUnarchive }: ArchivedTableProps) {
  const archived = useQuery({ queryKey: archivedQueryKey, queryFn: ({ signal }) => fetchArchivedAutomations(signal) });

  if (archived.isError && !archived.data) {
    return (
      <div className="p-4">
        <ErrorState title="Archived automations could not be loaded" message={archived.error.message} onRetry={() => void archived.refetch()} />
      </div>
    );
  }
  if (!archived.data) {
    return (
      <div className="space-y-2 p-4" role="status" aria-busy="true" aria-label="Loading archived automations">
        <Placeholders count={4}>{() => <Skeleton className="h-9 w-full" />}</Placeholders>
      </div>
    );
  }
  if (archived.data.length === 0) {
    return (
      <EmptyState title="Nothing is archived" className="py-16">
        Archiving takes an automation off the schedule and out of the list without losing its history.
      </EmptyState>
    );
  }

  return <ArchivedRows automations={archived.data} now={now} pendingId={pendingId} canOperate={canOperate} onUnarchive={onUnarchive} />;
}

const column = createColumnHelper<AutomationRow>();

function ArchivedRows({ automations, now, pendingId, canOperate, onUnarchive }: ArchivedTableProps & { automations: AutomationRow[] }) {
  const rows = [...automations].sort((a, b) => Date.parse(b.archivedAt ?? "") - Date.parse(a.archivedAt ?? "") || a.name.localeCompare(b.name));
  const table = useDataTable({
    data: rows,
    getRowId: (a) => a.id,
    columns: [
      column.display({
        id: "name",
        header: "Name",
        cell: ({ row: { original: a } }) => (
          <>
            <div className="font-medium text-zinc-900">{a.name}</div>
            {a.description && <div className="max-w-md truncate text-xs text-zinc-500">{a.description}</div>}
          </>
        ),
      }),
      ...SHARED_COLUMNS,
      column.display({
        id: "archived",
        header: "Archived",
        meta: { cell: (a) => ({ className: "whitespace-nowrap text-zinc-600", title: a.archivedAt ? formatExactTime(a.archivedAt) : undefined }) },
        cell: ({ row: { original: a } }) => (a.archivedAt ? formatRelativeTime(a.archivedAt, now) : "—"),
      }),
      column.display({
        id: "actions",
        header: "Actions",
        meta: { srOnly: true, cell: () => ({ className: "text-right" }) },
        cell: ({ row: { original: a } }) => (
          <RoleGate isAllowed={canOperate} reason={NEEDS_OPERATOR}>
            <Button size="sm" disabled={!canOperate || pendingId === a.id} onClick={() => onUnarchive(a)} aria-label={`Unarchive ${a.name}`}>
              <ArchiveRestore className="size-3.5" aria-hidden />
              Unarchive
            </Button>
          </RoleGate>
        ),
      }),
    ],
  });
  return (
    <DataTable
      table={table}
      className="w-full border-collapse text-sm"
      data-testid="archived-table"
      cellClassName="border-b border-zinc-100 px-4 py-2.5 align-middle"
      rowProps={(a) => ({ "data-testid": "archived-row", "data-automation-id": a.id, className: "hover:bg-zinc-50" })}
    />
  );
}
