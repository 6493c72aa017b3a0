import type { Metadata } from "next";
import Link from "next/link";
import { hasRole } from "@switchyard/core/context";
import { listPulses } from "@switchyard/core/pulses/definitions";
import { Badge, Card, EmptyState, TableHead } from "@switchyard/ui/components";
import { NewDefinitionButton } from "@/components/definitions/new-definition-button";
import { formatInZone, PULSE_STATUS } from "@/components/pulses/format";
import { requireSession } from "@/components/require-session";
import { describeCron } from "@/components/schedule/cron";

export const metadata: Metadata = { title: "Pulses" };

const COLUMNS = [
  { key: "name", label: "Pulse" },
  { key: "status", label: "Status", className: "w-24" },
  { key: "members", label: "Members (capacity)" },
  { key: "cycle", label: "Evaluates" },
  { key: "next", label: "Next evaluation", className: "w-56" },
];

export default async function PulsesPage() {
  const ctx = await requireSession("/pulses");
  const pulses = await listPulses(ctx);
  const canCreate = hasRole(ctx.actor, "ADMIN");
  return (
    <>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Pulses</h1>
          <p className="mt-1 text-sm text-zinc-500">
            Goal collectives: each cycle scores the member agents from their recent runs and shifts capacity to the best.
          </p>
        </div>
        <NewDefinitionButton href="/pulses/new" label="New pulse" canCreate={canCreate} reason="Creating pulses needs the admin role or higher" />
      </div>
      <Card>
        {pulses.length === 0 ? (
          <EmptyState title="No pulses yet">
            {canCreate
              ? "Create one from the agents that share a goal, and choose when it evaluates them."
              : "An admin of your organization can create the first one."}
          </EmptyState>
        ) : (
          <table className="w-full text-sm" data-testid="pulses-table">
            <TableHead columns={COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {pulses.map((pulse) => (
                <tr key={pulse.id} data-pulse={pulse.slug} className={pulse.isArchived ? "text-zinc-400" : undefined}>
                  <td className="px-4 py-3">
                    <Link href={`/pulses/${pulse.slug}`} className="font-medium text-zinc-900 hover:underline">
                      {pulse.name}
                    </Link>
                    <div className="line-clamp-1 text-xs text-zinc-500">{pulse.goal}</div>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={PULSE_STATUS[pulse.status].tone}>{PULSE_STATUS[pulse.status].label}</Badge>
                  </td>
                  <td className="px-4 py-3 text-zinc-600">{pulse.members.map((member) => `${member.name} (${member.capacity})`).join(", ")}</td>
                  <td className="px-4 py-3 text-zinc-600">
                    {describeCron(pulse.evalCronExpr)} <span className="text-xs text-zinc-400">{pulse.evalTimezone}</span>
                  </td>
                  <td className="px-4 py-3 text-zinc-600" data-col="next">
                    {pulse.nextEvalAt ? formatInZone(pulse.nextEvalAt, pulse.evalTimezone) : "—"}
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
