import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@switchyard/core/context";
import { AppError } from "@switchyard/core/errors";
import { getNetwork } from "@switchyard/core/networks/catalog";
import { Badge, Card, CardHeader } from "@switchyard/ui/components";
import { loadAgentChoices } from "@/components/definitions/agent-choices";
import { ArchiveButton } from "@/components/archive-button";
import { DefinitionHeader, DefinitionItem } from "@/components/definitions/definition-header";
import { EntityAutomations, EntityRecentRuns, StartRunButton } from "@/components/entities";
import { NetworkForm } from "@/components/networks/network-form";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Network" };

export default async function NetworkPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireSession(`/networks/${encodeURIComponent(slug)}`);
  const network = await getNetwork(ctx, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const isArchived = network.archivedAt !== null;
  const canAdmin = hasRole(ctx.actor, "ADMIN");

  return (
    <>
      <DefinitionHeader
        back={{ href: "/networks", label: "Networks" }}
        title={network.name}
        slug={network.slug}
        description={network.description}
        badges={<Badge tone={isArchived ? "neutral" : "success"}>{isArchived ? "Archived" : "Active"}</Badge>}
        actions={
          !isArchived && (
            <>
              <StartRunButton kind="network" slug={network.slug} canStart={hasRole(ctx.actor, "OPERATOR")} />
              <ArchiveButton
                apiPath={`/api/networks/${network.slug}`}
                canArchive={canAdmin}
                deniedReason="Archiving a network needs the admin role or higher"
                confirmation="Archived networks keep their runs but can no longer be started, scheduled or triggered. Archive it?"
              />
            </>
          )
        }
      />
      <div className="space-y-6">
        <Card data-testid="network-definition">
          <CardHeader title="Router" description={network.goal ? `Goal: ${network.goal}` : "No goal set: the router works from each run's input."} />
          <dl className="grid gap-4 p-4 sm:grid-cols-3">
            <DefinitionItem label="Router model">
              <span className="font-mono text-xs">{network.routerModel}</span>
            </DefinitionItem>
            <DefinitionItem label="Max steps" testId="network-max-steps">
              {network.maxSteps}
            </DefinitionItem>
            <DefinitionItem label="Members" testId="network-members">
              <ol className="space-y-0.5">
                {network.members.map((member) => (
                  <li key={member.agent.id}>
                    {member.agent.name}
                    {member.role && <span className="text-zinc-500"> · {member.role}</span>}
                    {!member.agent.isActive && <span className="text-amber-700"> (archived)</span>}
                  </li>
                ))}
              </ol>
            </DefinitionItem>
            <div className="sm:col-span-3">
              <DefinitionItem label="Router instructions">
                <p className="whitespace-pre-wrap text-zinc-700">{network.routerInstructions}</p>
              </DefinitionItem>
            </div>
          </dl>
        </Card>
        {!isArchived && (
          <NetworkForm
            agents={await loadAgentChoices(ctx)}
            canEdit={canAdmin}
            initial={{
              name: network.name,
              slug: network.slug,
              description: network.description,
              goal: network.goal,
              routerInstructions: network.routerInstructions,
              routerModel: network.routerModel,
              maxSteps: network.maxSteps,
              members: network.members.map((member) => ({ agent: member.agent.slug, role: member.role })),
            }}
          />
        )}
        <EntityRecentRuns kind="network" slug={network.slug} />
        <EntityAutomations primitiveType="network" entitySlug={network.slug} />
      </div>
    </>
  );
}
