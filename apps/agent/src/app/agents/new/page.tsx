import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { BUILT_IN_TOOLS } from "@switchyard/core/workflows/definition";
import Link from "next/link";
import { AgentForm } from "@/components/agents/agent-form";
import { loadProviderChoices } from "@/components/agents/provider-choices";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "New agent · Agents" };

export default async function NewAgentPage() {
  const ctx = await requireSession("/agents/new");
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link href="/agents" className="text-xs font-medium text-sky-700 hover:underline">
          Agents
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">New agent</h1>
        <p className="mt-1 text-sm text-zinc-500">Saved as version 1. It runs on the simulated model until you pick a model provider.</p>
      </div>
      <AgentForm builtInTools={BUILT_IN_TOOLS} providers={await loadProviderChoices(ctx)} canEdit={hasRole(ctx.actor, "ADMIN")} />
    </div>
  );
}
