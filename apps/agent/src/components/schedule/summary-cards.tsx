import { MetricCard, cn } from "@switchyard/ui/components";
import { getSeverityStyles } from "@switchyard/ui/severity";
import { formatCost } from "@/components/runs/format";
import { type AutomationRow, type AutomationSummary, overallSeverity, PRIMITIVE_LABELS, PRIMITIVES } from "./automation-view";

export function SummaryCards({ summary, automations }: { summary: AutomationSummary; automations: AutomationRow[] }) {
  const successStyles = getSeverityStyles(overallSeverity(summary, automations));
  const needsAttention = summary.needsAttention > 0;
  const listed = summary.total - summary.archived;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" data-testid="summary-cards">
      <MetricCard label="Total" value={listed} hint={`${summary.byType.scheduled} scheduled · ${summary.byType.triggered} triggered`} />
      <MetricCard label="Active" value={summary.active} hint={`${listed - summary.active} paused`} />
      <MetricCard
        label="Needs attention"
        value={summary.needsAttention}
        hint="unstable or failing"
        className={cn(needsAttention && "border-red-300 bg-red-50")}
        valueClassName={cn(needsAttention && "text-red-600")}
        data-testid="card-needs-attention"
      />
      <MetricCard
        label="Primitives"
        value={
          <ul className="grid grid-cols-2 gap-x-3 text-xs font-normal text-zinc-600">
            {PRIMITIVES.map((p) => (
              <li key={p} className="flex justify-between">
                <span>{PRIMITIVE_LABELS[p]}</span>
                <span className="font-medium tabular-nums text-zinc-900">{summary.byPrimitive[p]}</span>
              </li>
            ))}
          </ul>
        }
      />
      <MetricCard label="Est. monthly cost" value={formatCost(summary.totalEstMonthlyCost)} hint="active automations, next 30 days" />
      <MetricCard
        label="Success rate"
        value={summary.overallSuccessRate === null ? "—" : `${summary.overallSuccessRate.toFixed(1)}%`}
        valueClassName={successStyles.text}
        hint="completed of completed + failed runs"
      />
    </div>
  );
}
