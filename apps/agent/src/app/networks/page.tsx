import type { Metadata } from "next";
import Link from "next/link";
import { hasRole } from "@switchyard/core/context";
import { listNetworks } from "@switchyard/core/networks/catalog";
import { Badge, Card, EmptyState, TableHead } from "@switchyard/ui/components";
import { NewDefinitionButton } from "@/components/definitions/new-definition-button";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Networks" };

const COLUMNS = [
  { key: "name", label: "Network" },
  { key: "members", label: "Members" },
  { key: "maxSteps", label: "Max steps", className: "w-28 text-right" },
  { key: "status", label: "Status", className: "w-28" },
];

export default async function NetworksPage() {
  const ctx = await requireSession("/networks");
  const networks = await listNetworks(ctx);
  const canCreate = hasRole(ctx.actor, "ADMIN");
  return (
    <>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Networks</h1>
          <p className="mt-1 text-sm text-zinc-500">A router and its member agents: the router picks who works next until the goal is met.</p>
        </div>
        <NewDefinitionButton href="/networks/new" label="New network" canCreate={canCreate} reason="Creating networks needs the admin role or higher" />
      </div>
      <Card>
        {networks.length === 0 ? (
          <EmptyState title="No networks yet">
            {canCreate ? "Create one from two or more of your agents: they take turns on a goal." : "An admin of your organization can create the first one."}
          </EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="networks-table">
            <TableHead columns={COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {networks.map((network) => (
                <tr key={network.id} data-network={network.slug} className={network.archivedAt ? "text-zinc-400" : undefined}>
                  <td className="px-4 py-3">
                    <Link href={`/networks/${network.slug}`} className="font-medium text-zinc-900 hover:underline">
                      {network.name}
                    </Link>
                    <div className="text-xs text-zinc-500">{network.description ?? network.slug}</div>
                  </td>
                  <td className="px-4 py-3 text-zinc-600">{network.members.map((member) => member.name).join(" → ") || "—"}</td>
                  <td className="px-4 py-3 text-right tabular-nums text-zinc-600">{network.maxSteps}</td>
                  <td className="px-4 py-3">
                    <Badge tone={network.archivedAt ? "neutral" : "success"}>{network.archivedAt ? "Archived" : "Active"}</Badge>
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
