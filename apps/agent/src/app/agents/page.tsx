import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { listAgents } from "@switchyard/core/agents/catalog";
import { Button, Card, CardHeader } from "@switchyard/ui/components";
import Link from "next/link";
import { AgentsTable } from "@/components/agents/agents-table";
import { overTheWire } from "@/components/agents/agent-api";
import { requireSession } from "@/components/require-session";
import { RoleGate } from "@/components/role-gate";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const includeArchived = (await searchParams).includeArchived === "true";
  const ctx = await requireSession(includeArchived ? "/agents?includeArchived=true" : "/agents");
  const agents = await listAgents(ctx, { includeArchived });
  const canCreate = hasRole(ctx.actor, "ADMIN");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Agents</h1>
          <p className="mt-1 text-sm text-zinc-500">LLM-backed workers: instructions, model, tools and risk level, versioned on every change the model sees.</p>
        </div>
        <RoleGate isAllowed={canCreate} reason="Creating agents needs the admin role or higher">
          {canCreate ? (
            <Button asChild variant="primary">
              <Link href="/agents/new">New agent</Link>
            </Button>
          ) : (
            <Button variant="primary" disabled>
              New agent
            </Button>
          )}
        </RoleGate>
      </div>
      <Card className="overflow-x-auto">
        <CardHeader
          title={includeArchived ? "All agents, archived included" : "Agents"}
          description={`${agents.length} agent${agents.length === 1 ? "" : "s"}`}
          actions={
            <Link href={includeArchived ? "/agents" : "/agents?includeArchived=true"} className="text-xs font-medium text-sky-700 hover:underline">
              {includeArchived ? "Hide archived" : "Show archived"}
            </Link>
          }
        />
        <AgentsTable agents={agents.map(overTheWire)} canCreate={canCreate} />
      </Card>
    </div>
  );
}
