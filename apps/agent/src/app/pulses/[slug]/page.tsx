import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@switchyard/core/context";
import { AppError } from "@switchyard/core/errors";
import { getPulse } from "@switchyard/core/pulses/definitions";
import { Badge, Card, CardHeader, TableHead } from "@switchyard/ui/components";
import { loadAgentChoices } from "@/components/definitions/agent-choices";
import { ArchiveButton } from "@/components/archive-button";
import { DefinitionHeader, DefinitionItem } from "@/components/definitions/definition-header";
import { EntityAutomations, EntityRecentRuns } from "@/components/entities";
import { formatInZone, PULSE_STATUS } from "@/components/pulses/format";
import { PulseForm } from "@/components/pulses/pulse-form";
import { PulseStatusButton } from "@/components/pulses/pulse-status-button";
import { requireSession } from "@/components/require-session";
import { describeCron } from "@/components/schedule/cron";

export const metadata: Metadata = { title: "Pulse" };

const MEMBER_COLUMNS = [
  { key: "agent", label: "Agent" },
  { key: "role", label: "Role" },
  { key: "capacity", label: "Capacity", className: "w-48" },
];

const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

export default async function PulsePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireSession(`/pulses/${encodeURIComponent(slug)}`);
  const pulse = await getPulse(ctx, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const status = PULSE_STATUS[pulse.status];
  const canAdmin = hasRole(ctx.actor, "ADMIN");
  const rules = pulse.scoringRules;

  return (
    <>
      <DefinitionHeader
        back={{ href: "/pulses", label: "Pulses" }}
        title={pulse.name}
        slug={pulse.slug}
        description={pulse.goal}
        badges={<Badge tone={status.tone}>{status.label}</Badge>}
        actions={
          pulse.status !== "ARCHIVED" && (
            <>
              <PulseStatusButton slug={pulse.slug} status={pulse.status} canOperate={hasRole(ctx.actor, "OPERATOR")} />
              <ArchiveButton
                apiPath={`/api/pulses/${pulse.slug}`}
                canArchive={canAdmin}
                deniedReason="Archiving a pulse needs the admin role or higher"
                confirmation="An archived pulse evaluates no more; it keeps its history. Archive it?"
              />
            </>
          )
        }
      />
      <div className="space-y-6">
        <Card data-testid="pulse-definition">
          <CardHeader title="Evaluation cycle" />
          <dl className="grid gap-4 p-4 sm:grid-cols-4">
            <DefinitionItem label="Evaluates" testId="pulse-cycle">
              {describeCron(pulse.evalCronExpr)}
              <div className="font-mono text-xs text-zinc-500">
                {pulse.evalCronExpr} · {pulse.evalTimezone}
              </div>
            </DefinitionItem>
            <DefinitionItem label="Next evaluation" testId="pulse-next-evaluation">
              {pulse.nextEvalAt
                ? formatInZone(pulse.nextEvalAt, pulse.evalTimezone)
                : pulse.status === "ACTIVE"
                  ? "Armed on the next scheduler tick"
                  : "None while not active"}
            </DefinitionItem>
            <DefinitionItem label="Last evaluation">{pulse.lastEvaluatedAt ? formatInZone(pulse.lastEvaluatedAt, pulse.evalTimezone) : "Never"}</DefinitionItem>
            <DefinitionItem label="Window">{pulse.evalWindowHours} hours of runs</DefinitionItem>
          </dl>
          {pulse.nextEvaluations.length > 1 && (
            <p className="border-t border-zinc-100 px-4 py-2.5 text-xs text-zinc-500">
              Then{" "}
              {pulse.nextEvaluations
                .slice(1)
                .map((date) => formatInZone(date, pulse.evalTimezone))
                .join(" · ")}
            </p>
          )}
        </Card>

        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <Card data-testid="pulse-members">
            <CardHeader
              title="Members"
              description="Capacity is the runs a day a member's schedule gets; evaluations raise it for the best and lower it for the weakest."
            />
            <table className="w-full text-sm">
              <TableHead columns={MEMBER_COLUMNS} />
              <tbody className="divide-y divide-zinc-100">
                {pulse.members.map((member) => (
                  <tr key={member.id} data-member={member.agent.slug}>
                    <td className="px-4 py-2.5 font-medium text-zinc-900">
                      {member.agent.name}
                      {!member.agent.isActive && <span className="font-normal text-amber-700"> (archived)</span>}
                      <div className="font-mono text-xs font-normal text-zinc-500">{member.agent.slug}</div>
                    </td>
                    <td className="px-4 py-2.5 text-zinc-600">{member.role ?? "—"}</td>
                    <td className="px-4 py-2.5">
                      <div className="flex items-center gap-2">
                        <div className="h-1.5 w-24 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
                          <div className="h-full rounded-full bg-sky-500" style={{ width: `${member.capacity * 10}%` }} />
                        </div>
                        <span className="tabular-nums text-zinc-700">{member.capacity} / 10</span>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <Card data-testid="pulse-scoring-rules">
            <CardHeader
              title="Scoring rules"
              actions={<Badge tone={pulse.hasCustomScoringRules ? "violet" : "neutral"}>{pulse.hasCustomScoringRules ? "Custom" : "Defaults"}</Badge>}
            />
            <dl className="grid grid-cols-3 gap-4 p-4">
              <DefinitionItem label="Success">{percent(rules.weights.success)}</DefinitionItem>
              <DefinitionItem label="Cost">{percent(rules.weights.cost)}</DefinitionItem>
              <DefinitionItem label="Evaluation">{percent(rules.weights.eval)}</DefinitionItem>
              <DefinitionItem label="Raise at">{rules.raiseAtScore}</DefinitionItem>
              <DefinitionItem label="Lower below">{rules.lowerBelowScore}</DefinitionItem>
              <DefinitionItem label="Min runs">{rules.minRunsToAct}</DefinitionItem>
            </dl>
          </Card>
        </div>

        <EntityRecentRuns kind="pulse" slug={pulse.slug} />
        <EntityAutomations primitiveType="pulse" entitySlug={pulse.slug} />
        {pulse.status !== "ARCHIVED" && (
          <PulseForm
            agents={await loadAgentChoices(ctx)}
            canEdit={canAdmin}
            initial={{
              name: pulse.name,
              slug: pulse.slug,
              goal: pulse.goal,
              evalCronExpr: pulse.evalCronExpr,
              evalTimezone: pulse.evalTimezone,
              evalWindowHours: pulse.evalWindowHours,
              scoringRules: pulse.scoringRules,
              hasCustomScoringRules: pulse.hasCustomScoringRules,
              members: pulse.members.map((member) => ({ agent: member.agent.slug, role: member.role, capacity: member.capacity })),
            }}
          />
        )}
      </div>
    </>
  );
}
