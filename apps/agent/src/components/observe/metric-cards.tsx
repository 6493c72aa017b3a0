import type { KindMetrics } from "@switchyard/core/runs/metrics";
import { MetricCard, Placeholders, Skeleton } from "@switchyard/ui/components";
import { getSuccessRate } from "@switchyard/ui/severity";
import { formatCost, formatCount, formatDuration, formatTokens } from "../runs/format";

const CARD_COUNT = 6;

function rateTone(rate: number | null): string {
  if (rate === null) return "text-zinc-400";
  if (rate >= 95) return "text-emerald-700";
  if (rate >= 80) return "text-amber-700";
  return "text-red-700";
}

/** formatTokens shows "—" for none, right in a table cell; a headline figure reads "0". */
function tokensOrZero(tokens: number): string {
  return tokens ? formatTokens(tokens) : "0";
}

/** The headline figures for the runs in view; `data-value` carries the raw number for tests and tools. */
export function MetricCards({ metrics, rangeLabel }: { metrics: KindMetrics; rangeLabel: string }) {
  const finished = metrics.completed + metrics.failed;
  const rate = getSuccessRate(metrics.completed, metrics.failed);
  const active = [metrics.running && `${formatCount(metrics.running)} running`, metrics.suspended && `${formatCount(metrics.suspended)} waiting`].filter(
    Boolean,
  );
  const perRun = (value: number) => (metrics.total > 0 ? value / metrics.total : 0);
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" data-testid="metric-cards">
      <MetricCard
        label="Runs"
        value={formatCount(metrics.total)}
        hint={active.length ? active.join(" · ") : rangeLabel}
        data-metric="runs"
        data-value={metrics.total}
      />
      <MetricCard
        label="Success rate"
        value={rate === null ? "—" : `${rate}%`}
        valueClassName={rateTone(rate)}
        hint={finished ? `${formatCount(metrics.completed)} of ${formatCount(finished)} finished` : "No finished runs"}
        data-metric="success-rate"
        data-value={rate ?? ""}
      />
      <MetricCard
        label="Failed"
        value={formatCount(metrics.failed)}
        valueClassName={metrics.failed ? "text-red-700" : undefined}
        hint={finished ? `${Math.round((metrics.failed / finished) * 100)}% of finished runs` : rangeLabel}
        data-metric="failed"
        data-value={metrics.failed}
      />
      <MetricCard
        label="Avg duration"
        value={formatDuration(metrics.avgDurationMs)}
        hint="Per finished run"
        data-metric="avg-duration"
        data-value={metrics.avgDurationMs ?? ""}
      />
      <MetricCard
        label="Tokens"
        value={tokensOrZero(metrics.totalTokens)}
        hint={metrics.total ? `${tokensOrZero(Math.round(perRun(metrics.totalTokens)))} per run` : rangeLabel}
        data-metric="tokens"
        data-value={metrics.totalTokens}
      />
      <MetricCard
        label="Cost"
        value={formatCost(metrics.totalCostUsd)}
        hint={metrics.total ? `${formatCost(perRun(metrics.totalCostUsd))} per run` : rangeLabel}
        data-metric="cost"
        data-value={metrics.totalCostUsd}
      />
    </div>
  );
}

export function MetricCardsSkeleton() {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-hidden>
      <Placeholders count={CARD_COUNT}>
        {() => (
          <div className="h-[86px] rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs">
            <Skeleton className="h-3 w-16" />
            <Skeleton className="mt-3 h-6 w-20" />
            <Skeleton className="mt-2 h-3 w-24" />
          </div>
        )}
      </Placeholders>
    </div>
  );
}
