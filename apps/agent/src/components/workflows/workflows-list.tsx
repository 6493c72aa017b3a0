"use client";

import { Badge, Button, Card, EmptyState, TableHead } from "@switchyard/ui/components";
import { Plus } from "lucide-react";
import Link from "next/link";
import { RoleGate } from "../role-gate";
import { formatExactTime } from "../runs/format";

/** A workflow as the list API sends it. */
export interface WorkflowRow {
  slug: string;
  name: string;
  description: string | null;
  version: number;
  stepCount: number;
  isActive: boolean;
  archivedAt: string | null;
  updatedAt: string;
}

const COLUMNS = [
  { key: "name", label: "Name" },
  { key: "version", label: "Version", className: "w-24" },
  { key: "steps", label: "Steps", className: "w-20 text-right" },
  { key: "state", label: "State", className: "w-28" },
  { key: "updated", label: "Updated", className: "w-56" },
];

export function WorkflowState({ workflow }: { workflow: Pick<WorkflowRow, "isActive" | "archivedAt"> }) {
  if (workflow.archivedAt) return <Badge tone="neutral">Archived</Badge>;
  return <Badge tone={workflow.isActive ? "success" : "warning"}>{workflow.isActive ? "Active" : "Inactive"}</Badge>;
}

export function NewWorkflowButton({ canCreate }: { canCreate: boolean }) {
  return (
    <RoleGate isAllowed={canCreate} reason="Creating workflows needs the admin role or higher">
      {canCreate ? (
        <Button asChild variant="primary">
          <Link href="/workflows/new">
            <Plus className="size-3.5" aria-hidden />
            New workflow
          </Link>
        </Button>
      ) : (
        <Button variant="primary" disabled>
          <Plus className="size-3.5" aria-hidden />
          New workflow
        </Button>
      )}
    </RoleGate>
  );
}

/** Every workflow of the organization: name, current version, steps, state; archived ones on request. */
export function WorkflowsList({ workflows, includeArchived, canCreate }: { workflows: WorkflowRow[]; includeArchived: boolean; canCreate: boolean }) {
  return (
    <>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Workflows</h1>
          <p className="mt-1 text-sm text-zinc-500">DAGs of agent, tool, approval, condition and loop steps: each save is a version, and runs keep theirs.</p>
        </div>
        <NewWorkflowButton canCreate={canCreate} />
      </div>
      <Card className="overflow-hidden" data-testid="workflows-list">
        <div className="flex items-center justify-end border-b border-zinc-200 px-4 py-2 text-xs">
          <Link href={includeArchived ? "/workflows" : "/workflows?archived=1"} className="font-medium text-sky-700 hover:underline">
            {includeArchived ? "Hide archived" : "Show archived"}
          </Link>
        </div>
        {workflows.length === 0 ? (
          <EmptyState title="No workflows yet" action={canCreate ? <NewWorkflowButton canCreate /> : undefined}>
            A workflow chains agents, tools and human approvals into one run.{" "}
            {canCreate ? "Write one in YAML or JSON to start." : "An admin of your organization can create one."}
          </EmptyState>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {workflows.map((workflow) => (
                <tr key={workflow.slug} data-workflow-slug={workflow.slug} className="hover:bg-zinc-50/60">
                  <td className="px-4 py-2.5">
                    <Link href={`/workflows/${workflow.slug}`} className="font-medium text-zinc-900 hover:underline">
                      {workflow.name}
                    </Link>
                    <div className="truncate text-xs text-zinc-500">{workflow.description ?? workflow.slug}</div>
                  </td>
                  <td className="px-4 py-2.5 font-mono text-xs text-zinc-700">v{workflow.version}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums text-zinc-700">{workflow.stepCount}</td>
                  <td className="px-4 py-2.5">
                    <WorkflowState workflow={workflow} />
                  </td>
                  <td className="px-4 py-2.5 text-zinc-600" suppressHydrationWarning>
                    {formatExactTime(workflow.updatedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
