import type { Metadata } from "next";
import Link from "next/link";
import { listTemplates } from "@switchyard/core/campaigns/templates";
import { hasRole } from "@switchyard/core/context";
import { Badge, Button, Card, CardHeader, EmptyState, TableHead } from "@switchyard/ui/components";
import { PlusIcon } from "lucide-react";
import { templatePath, type TemplateRow } from "@/components/campaigns/types";
import { requireSession } from "@/components/require-session";
import { RoleGate } from "@/components/role-gate";
import { formatCost, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";

export const metadata: Metadata = { title: "Campaigns" };

const COLUMNS = [
  { key: "template", label: "Template" },
  { key: "plan", label: "Plan", className: "w-56" },
  { key: "budget", label: "Budget", className: "w-28" },
  { key: "campaigns", label: "Campaigns", className: "w-32" },
  { key: "last", label: "Last campaign", className: "w-48" },
];

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const includeArchived = (await searchParams).archived === "1";
  const ctx = await requireSession(includeArchived ? "/campaigns?archived=1" : "/campaigns");
  // Through JSON, so the page reads the same shape the API sends.
  const templates = JSON.parse(JSON.stringify(await listTemplates(ctx, { includeArchived }))) as TemplateRow[];
  const canCreate = hasRole(ctx.actor, "ADMIN");
  const now = Date.now();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Campaigns</h1>
          <p className="mt-1 text-sm text-zinc-500">Campaign templates: an intent planned into missions of agent tasks, with approvals and a budget.</p>
        </div>
        <NewTemplateButton canCreate={canCreate} />
      </div>
      <Card>
        <CardHeader
          title="Templates"
          description={`${templates.length} template${templates.length === 1 ? "" : "s"}${includeArchived ? ", archived included" : ""}`}
          actions={
            <Link href={includeArchived ? "/campaigns" : "/campaigns?archived=1"} className="text-xs font-medium text-sky-700 hover:underline">
              {includeArchived ? "Hide archived" : "Show archived"}
            </Link>
          }
        />
        {templates.length === 0 ? (
          <EmptyState title="No campaign templates yet" action={canCreate ? <NewTemplateButton canCreate /> : undefined}>
            A template holds the intent, parameters and optional fixed mission plan that each campaign starts from.
            {!canCreate && " An admin can create one."}
          </EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="templates-table">
            <TableHead columns={COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {templates.map((template) => (
                <tr key={template.id} data-testid="template-row" data-slug={template.slug} className={template.archivedAt ? "text-zinc-400" : undefined}>
                  <td className="px-4 py-3">
                    <div className="flex items-center gap-2">
                      <Link href={templatePath(template.slug)} className="font-medium text-zinc-900 hover:underline">
                        {template.name}
                      </Link>
                      {template.archivedAt && <Badge>Archived</Badge>}
                      {template.requireApproval && <Badge tone="warning">Plan approval</Badge>}
                    </div>
                    <div className="font-mono text-xs text-zinc-500">{template.slug}</div>
                    {template.description && <div className="mt-0.5 line-clamp-1 text-xs text-zinc-500">{template.description}</div>}
                  </td>
                  <td className="px-4 py-3 text-zinc-600">{describePlan(template)}</td>
                  <td className="px-4 py-3 text-zinc-600 tabular-nums">{template.maxCostUsd === null ? "—" : formatCost(template.maxCostUsd)}</td>
                  <td className="px-4 py-3 text-zinc-600 tabular-nums" data-testid="campaign-count">
                    {template.campaigns.total}
                    {template.campaigns.active > 0 && <span className="ml-1 text-xs text-sky-700">({template.campaigns.active} active)</span>}
                  </td>
                  <td className="px-4 py-3">
                    {template.campaigns.lastStatus && template.campaigns.lastStartedAt ? (
                      <span className="flex items-center gap-2" title={formatExactTime(template.campaigns.lastStartedAt)}>
                        <StatusBadge status={template.campaigns.lastStatus} />
                        <span className="text-xs text-zinc-500">{formatRelativeTime(template.campaigns.lastStartedAt, now)}</span>
                      </span>
                    ) : (
                      <span className="text-xs text-zinc-400">Never run</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

function describePlan(template: TemplateRow): string {
  if (template.missionPlan) {
    const missions = template.missionPlan.missions.length;
    const tasks = template.missionPlan.missions.reduce((sum, mission) => sum + mission.tasks.length, 0);
    return `Fixed: ${missions} mission${missions === 1 ? "" : "s"}, ${tasks} task${tasks === 1 ? "" : "s"}`;
  }
  return template.plannerAgent ? `Planned by ${template.plannerAgent.name}` : "Planned from the intent";
}

function NewTemplateButton({ canCreate }: { canCreate: boolean }) {
  return (
    <RoleGate isAllowed={canCreate} reason="Creating campaign templates needs the admin role or higher">
      {canCreate ? (
        <Button variant="primary" asChild>
          <Link href="/campaigns/new">
            <PlusIcon className="size-3.5" aria-hidden />
            New template
          </Link>
        </Button>
      ) : (
        <Button variant="primary" disabled>
          <PlusIcon className="size-3.5" aria-hidden />
          New template
        </Button>
      )}
    </RoleGate>
  );
}
