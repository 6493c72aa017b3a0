import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listAgents } from "@switchyard/core/agents/catalog";
import { listTemplateTriggers } from "@switchyard/core/campaigns/template-triggers";
import { getTemplate } from "@switchyard/core/campaigns/templates";
import { hasRole } from "@switchyard/core/context";
import { Slug } from "@switchyard/core/definitions/common";
import { AppError } from "@switchyard/core/errors";
import { Badge, Card, CardHeader, MetricCard } from "@switchyard/ui/components";
import { ArchiveTemplateButton } from "@/components/campaigns/archive-button";
import { MissionPlanView } from "@/components/campaigns/mission-plan-view";
import { TemplateForm } from "@/components/campaigns/template-form";
import { TemplateTriggers } from "@/components/campaigns/template-triggers";
import { templatePath, type TemplateRow, type TemplateTriggerRow } from "@/components/campaigns/types";
import { EntityAutomations, EntityRecentRuns, StartRunButton } from "@/components/entities";
import { requireSession } from "@/components/require-session";
import { formatCost, formatExactTime } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";

export const metadata: Metadata = { title: "Campaign template" };

// No loading.tsx here: a loading boundary would start the response before notFound() runs.

/** Through JSON, so the page reads the same shape the API sends. */
const asJson = <T,>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

export default async function TemplatePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireSession(templatePath(slug));
  if (!Slug.safeParse(slug).success) notFound();
  const found = await getTemplate(ctx, slug).catch((error: unknown) => {
    // Another organization's template is a 404 too.
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const template = asJson<TemplateRow>(found);
  const [triggers, agents] = await Promise.all([listTemplateTriggers(ctx, slug), listAgents(ctx)]);
  const isArchived = template.archivedAt !== null;
  const canEdit = hasRole(ctx.actor, "ADMIN") && !isArchived;
  const readOnlyReason = isArchived ? "Archived templates cannot be edited" : "Editing campaign templates needs the admin role or higher";
  const { campaigns } = template;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <Link href="/campaigns" className="text-xs font-medium text-zinc-500 hover:text-zinc-900">
            ← Campaigns
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight text-zinc-900" data-testid="template-name">
              {template.name}
            </h1>
            {isArchived && <Badge>Archived {formatExactTime(template.archivedAt ?? "")}</Badge>}
            {template.requireApproval && <Badge tone="warning">Plan approval</Badge>}
          </div>
          <div className="font-mono text-xs text-zinc-500">{template.slug}</div>
          {template.description && <p className="mt-1 max-w-2xl text-sm text-zinc-600">{template.description}</p>}
        </div>
        <div className="flex items-start gap-2">
          {!isArchived && <ArchiveTemplateButton slug={template.slug} canArchive={hasRole(ctx.actor, "ADMIN")} />}
          <StartRunButton kind="campaign" slug={template.slug} canStart={hasRole(ctx.actor, "OPERATOR") && !isArchived} />
        </div>
      </div>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <MetricCard label="Campaigns" value={campaigns.total} hint={`${campaigns.active} active`} />
        <MetricCard
          label="Last campaign"
          value={campaigns.lastStatus ? <StatusBadge status={campaigns.lastStatus} /> : "—"}
          hint={campaigns.lastStartedAt ? formatExactTime(campaigns.lastStartedAt) : "never run"}
        />
        <MetricCard
          label="Budget"
          value={template.maxCostUsd === null ? "—" : formatCost(template.maxCostUsd)}
          hint="per campaign"
          data-testid="template-budget"
        />
        <MetricCard label="Completed" value={campaigns.byStatus.COMPLETED ?? 0} hint={`${campaigns.byStatus.FAILED ?? 0} failed`} />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Mission plan" description={template.intent} />
          <MissionPlanView template={template} />
        </Card>
        <TemplateTriggers slug={template.slug} triggers={asJson<TemplateTriggerRow[]>(triggers)} />
      </div>

      <Card>
        <CardHeader
          title="Definition"
          description={canEdit ? "Edits apply to campaigns started from now on." : `Read-only: ${readOnlyReason.toLowerCase()}.`}
        />
        <TemplateForm
          template={template}
          agents={agents.filter((agent) => agent.isActive).map(({ slug: agentSlug, name }) => ({ slug: agentSlug, name }))}
          canEdit={canEdit}
          readOnlyReason={readOnlyReason}
        />
      </Card>

      <EntityAutomations primitiveType="campaign" entitySlug={template.slug} />
      <EntityRecentRuns kind="campaign" slug={template.slug} />
    </div>
  );
}
