"use client";

import type { RunGraph } from "@switchyard/core/runs/detail";
import { Badge, Button, Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import { Pencil } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { ArchiveButton } from "../archive-button";
import { EntityAutomations, EntityRecentRuns, StartRunButton } from "../entities";
import { RoleGate } from "../role-gate";
import { buildStepFlow } from "../runs/detail/graph-layout";
import { StepGraph } from "../runs/detail/step-graph";
import { formatExactTime } from "../runs/format";
import { definitionYaml } from "./workflow-document";
import { WorkflowState, type WorkflowRow } from "./workflows-list";

export interface WorkflowVersionRow {
  version: number;
  createdAt: string;
  author: { id: string; name: string; email: string } | null;
  isCurrent: boolean;
  stepCount: number;
}

/** What the page loads, through JSON: the workflow, its versions, and the version shown (the current one unless ?version=). */
export interface WorkflowDetailData {
  workflow: WorkflowRow & { id: string };
  versions: WorkflowVersionRow[];
  shown: { version: number; definition: unknown; graph: RunGraph | null };
}

/**
 * A workflow's page: the graph of the version shown, its versions (pick one to read its definition),
 * what fires it, its recent runs, and Start run / Edit for the roles that may.
 */
export function WorkflowDetailView({ data, canEdit, canStart }: { data: WorkflowDetailData; canEdit: boolean; canStart: boolean }) {
  const router = useRouter();
  const { workflow, versions, shown } = data;
  const flow = useMemo(() => buildStepFlow(shown.graph, null), [shown.graph]);
  const isCurrent = shown.version === workflow.version;
  const editReason = workflow.archivedAt ? "An archived workflow cannot be edited" : "Editing workflows needs the admin role or higher";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <Link href="/workflows" className="text-xs font-medium text-sky-700 hover:underline">
            ← Workflows
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{workflow.name}</h1>
            <Badge tone="info" data-testid="workflow-version">{`Version ${workflow.version}`}</Badge>
            <WorkflowState workflow={workflow} />
          </div>
          <p className="mt-1 text-sm text-zinc-500">
            <span className="font-mono text-xs">{workflow.slug}</span>
            {workflow.description && <> · {workflow.description}</>}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <RoleGate isAllowed={canEdit} reason={editReason}>
            {canEdit ? (
              <Button asChild>
                <Link href={`/workflows/${workflow.slug}/edit`}>
                  <Pencil className="size-3.5" aria-hidden />
                  Edit
                </Link>
              </Button>
            ) : (
              <Button disabled>
                <Pencil className="size-3.5" aria-hidden />
                Edit
              </Button>
            )}
          </RoleGate>
          {!workflow.archivedAt && (
            <ArchiveButton<{ outcome: "archived" | "deleted" }>
              apiPath={`/api/workflows/${workflow.slug}`}
              canArchive={canEdit}
              deniedReason={editReason}
              confirmation="A workflow that has runs is archived: it starts nothing more and its runs stay. One that never ran is deleted. Go ahead?"
              onArchived={(result) => (result.outcome === "deleted" ? router.push("/workflows") : router.refresh())}
            />
          )}
          <StartRunButton kind="workflow" slug={workflow.slug} canStart={canStart} />
        </div>
      </div>

      <Card className="overflow-hidden">
        <CardHeader
          title={isCurrent ? "Graph" : `Graph of version ${shown.version}`}
          description={
            isCurrent
              ? "The current definition, with the approval gates its agents' risk levels add."
              : `An earlier version; runs that started on it still run it. Version ${workflow.version} is current.`
          }
          actions={
            !isCurrent && (
              <Link href={`/workflows/${workflow.slug}`} className="text-xs font-medium text-sky-700 hover:underline">
                Show the current version
              </Link>
            )
          }
        />
        {shown.graph ? (
          <StepGraph flow={flow} testId="workflow-graph" />
        ) : (
          <EmptyState title="This definition could not be read">Its steps cannot be drawn; the definition below shows what is stored.</EmptyState>
        )}
      </Card>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <VersionsCard slug={workflow.slug} versions={versions} shownVersion={shown.version} />
        <Card className="min-w-0 overflow-hidden">
          <CardHeader
            title={`Definition of version ${shown.version}`}
            description={isCurrent ? "Current" : "Read only: edit the current version to change it."}
          />
          <pre className="max-h-[480px] overflow-auto px-4 py-3 font-mono text-xs leading-relaxed text-zinc-800" data-testid="workflow-definition">
            {definitionYaml(shown.definition)}
          </pre>
        </Card>
      </div>

      <EntityAutomations primitiveType="workflow" entitySlug={workflow.slug} />
      <EntityRecentRuns kind="workflow" slug={workflow.slug} />
    </div>
  );
}

function VersionsCard({ slug, versions, shownVersion }: { slug: string; versions: WorkflowVersionRow[]; shownVersion: number }) {
  return (
    <Card className="min-w-0 overflow-hidden" data-testid="workflow-versions">
      <CardHeader title="Versions" description={`${versions.length} in all, newest first`} />
      <ul className="max-h-[480px] divide-y divide-zinc-100 overflow-auto">
        {versions.map((version) => (
          <li key={version.version}>
            <Link
              href={version.isCurrent ? `/workflows/${slug}` : `/workflows/${slug}?version=${version.version}`}
              aria-current={version.version === shownVersion ? "true" : undefined}
              data-version={version.version}
              className={`flex items-start justify-between gap-3 px-4 py-2.5 hover:bg-zinc-50 ${version.version === shownVersion ? "bg-sky-50/60" : ""}`}
            >
              <div className="min-w-0">
                <div className="flex items-center gap-2 text-sm font-medium text-zinc-900">
                  Version {version.version}
                  {version.isCurrent && <Badge tone="success">Current</Badge>}
                </div>
                <div className="truncate text-xs text-zinc-500">
                  {version.author ? `${version.author.name} · ${version.author.email}` : "Saved by an API key or the seed"}
                </div>
              </div>
              <div className="shrink-0 text-right text-xs text-zinc-500">
                <div suppressHydrationWarning>{formatExactTime(version.createdAt)}</div>
                <div>{`${version.stepCount} step${version.stepCount === 1 ? "" : "s"}`}</div>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
