import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { BUILT_IN_TOOLS } from "@switchyard/core/workflows/definition";
import Link from "next/link";
import { AgentForm } from "@/components/agents/agent-form";
import { agentPath, overTheWire } from "@/components/agents/agent-api";
import { loadAgentOr404 } from "@/components/agents/load-agent";
import { loadProviderChoices } from "@/components/agents/provider-choices";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Edit agent · Agents" };

export default async function EditAgentPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireSession(`${agentPath(slug)}/edit`);
  const agent = await loadAgentOr404(ctx, slug);
  const canEdit = hasRole(ctx.actor, "ADMIN") && agent.archivedAt === null;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link href={agentPath(agent.slug)} className="text-xs font-medium text-sky-700 hover:underline">
          {agent.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">Edit agent</h1>
        <p className="mt-1 text-sm text-zinc-500">
          {agent.archivedAt
            ? "Archived agents are read-only."
            : canEdit
              ? `At version ${agent.version}. Saving a change to what the model sees makes version ${agent.version + 1}.`
              : "Read-only: editing agents needs the admin role or higher."}
        </p>
      </div>
      <AgentForm agent={overTheWire(agent)} builtInTools={BUILT_IN_TOOLS} providers={await loadProviderChoices(ctx, agent)} canEdit={canEdit} />
    </div>
  );
}
