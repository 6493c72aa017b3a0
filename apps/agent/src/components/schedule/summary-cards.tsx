import { getSeverityStyles } from "@switchyard/ui/severity";
import { formatCost } from "@/components/runs/format";
import { type AutomationRow, type AutomationSummary, overallSeverity, PRIMITIVE_LABELS, PRIMITIVES } from "./automation-view";

function Card({ label, children, tone = "", testId }: { label: string; children: React.ReactNode; tone?: string; testId?: string }) {
  return (
    <div className={`rounded-xl border bg-white px-4 py-3 shadow-xs ${tone || "border-zinc-200"}`} data-testid={testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1">{children}</div>
    </div>
  );
}

export function SummaryCards({ summary, automations }: { summary: AutomationSummary; automations: AutomationRow[] }) {
  const successStyles = getSeverityStyles(overallSeverity(summary, automations));
  const needsAttention = summary.needsAttention > 0;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" data-testid="summary-cards">
      <Card label="Total">
        <div className="text-2xl font-semibold tabular-nums text-zinc-900">{summary.total - summary.archived}</div>
        <div className="text-xs text-zinc-500">
          {summary.byType.scheduled} scheduled · {summary.byType.triggered} triggered
        </div>
      </Card>
      <Card label="Active">
        <div className="text-2xl font-semibold tabular-nums text-zinc-900">{summary.active}</div>
        <div className="text-xs text-zinc-500">{summary.total - summary.archived - summary.active} paused</div>
      </Card>
      <Card label="Needs attention" tone={needsAttention ? "border-red-300 bg-red-50" : ""} testId="card-needs-attention">
        <div className={`text-2xl font-semibold tabular-nums ${needsAttention ? "text-red-600" : "text-zinc-900"}`}>{summary.needsAttention}</div>
        <div className="text-xs text-zinc-500">unstable or failing</div>
      </Card>
      <Card label="Primitives">
        <ul className="grid grid-cols-2 gap-x-3 text-xs text-zinc-600">
          {PRIMITIVES.map((p) => (
            <li key={p} className="flex justify-between">
              <span>{PRIMITIVE_LABELS[p]}</span>
              <span className="font-medium tabular-nums text-zinc-900">{summary.byPrimitive[p]}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card label="Est. monthly cost">
        <div className="text-2xl font-semibold tabular-nums text-zinc-900">{formatCost(summary.totalEstMonthlyCost)}</div>
        <div className="text-xs text-zinc-500">active automations, next 30 days</div>
      </Card>
      <Card label="Success rate">
        <div className={`text-2xl font-semibold tabular-nums ${successStyles.text}`}>{summary.overallSuccessRate.toFixed(1)}%</div>
        <div className="text-xs text-zinc-500">all finished runs</div>
      </Card>
    </div>
  );
}
