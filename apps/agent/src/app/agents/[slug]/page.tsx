import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { listAgentVersions } from "@switchyard/core/agents/definitions";
import { Badge, Button } from "@switchyard/ui/components";
import { PencilIcon } from "lucide-react";
import Link from "next/link";
import { agentPath, overTheWire } from "@/components/agents/agent-api";
import { AgentStateBadge, RiskBadge } from "@/components/agents/agent-badges";
import { AgentDefinitionCard } from "@/components/agents/agent-definition";
import { AgentVersions } from "@/components/agents/agent-versions";
import { ArchiveAgentButton } from "@/components/agents/archive-agent-button";
import { loadAgentOr404 } from "@/components/agents/load-agent";
import { EntityAutomations, EntityRecentRuns, StartRunButton } from "@/components/entities";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Agent · Agents" };

export default async function AgentPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireSession(agentPath(slug));
  const agent = overTheWire(await loadAgentOr404(ctx, slug));
  const versions = (await listAgentVersions(ctx, slug)).map(overTheWire);
  const isArchived = agent.archivedAt !== null;
  const isAdmin = hasRole(ctx.actor, "ADMIN");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <Link href="/agents" className="text-xs font-medium text-sky-700 hover:underline">
            Agents
          </Link>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <h1 className="truncate text-2xl font-semibold tracking-tight text-zinc-900" data-testid="agent-name">
              {agent.name}
            </h1>
            <AgentStateBadge agent={agent} />
            <Badge tone="neutral" className="font-mono" data-testid="agent-version">
              v{agent.version}
            </Badge>
            <RiskBadge riskLevel={agent.riskLevel} />
          </div>
          <p className="mt-1 text-sm text-zinc-500">
            <span className="font-mono text-xs">{agent.slug}</span>
            {agent.description && <span> · {agent.description}</span>}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {!isArchived && (
            <>
              <Button asChild variant="secondary">
                <Link href={`${agentPath(agent.slug)}/edit`}>
                  <PencilIcon className="size-3.5" aria-hidden />
                  {isAdmin ? "Edit" : "View definition"}
                </Link>
              </Button>
              <ArchiveAgentButton slug={agent.slug} name={agent.name} canArchive={isAdmin} />
              <StartRunButton kind="agent" slug={agent.slug} canStart={hasRole(ctx.actor, "OPERATOR")} />
            </>
          )}
        </div>
      </div>
      {isArchived && (
        <p role="status" className="rounded-xl border border-zinc-200 bg-zinc-50 px-4 py-2.5 text-sm text-zinc-700">
          Archived: this agent is hidden from lists and refuses to run. Its definition, versions and runs stay for the record.
        </p>
      )}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <AgentDefinitionCard agent={agent} />
        <AgentVersions versions={versions} />
      </div>
      <EntityAutomations primitiveType="agent" entitySlug={agent.slug} />
      <EntityRecentRuns kind="agent" slug={agent.slug} />
    </div>
  );
}
