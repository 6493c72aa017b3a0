"use client";

import type { Cockpit } from "@switchyard/core/control/cockpit";
import { Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import { getSeverityStyles } from "@switchyard/ui/severity";
import Link from "next/link";
import type { ReactNode } from "react";
import { Bar, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCost, formatCount, formatExactTime, formatRelativeTime } from "@/components/runs/format";
import { KIND_STYLE } from "@/components/runs/kind-style";
import { useNow } from "@/components/use-now";

/** What the page receives: the API's shape with its dates as ISO strings. */
type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
export type CockpitJson = Json<Cockpit>;

/** Where admins set the monthly budget the cost tile projects against. */
const BUDGET_EDITOR_HREF = "/settings/organization#budget";

const percent = (value: number | null, digits = 1) => (value === null ? "—" : `${value.toFixed(digits)}%`);

/** A tile: a titled card whose whole header links to the view that explains it. */
function Tile({
  title,
  href,
  description,
  children,
  testId,
  className,
}: {
  title: string;
  href: string;
  description?: string;
  children: ReactNode;
  testId: string;
  className?: string;
}) {
  return (
    <Card className={`flex flex-col ${className ?? ""}`} data-testid={testId}>
      <CardHeader
        title={title}
        description={description}
        actions={
          <Link href={href} className="text-xs font-medium text-sky-700 hover:underline" data-testid={`${testId}-link`}>
            Explain →
          </Link>
        }
      />
      <div className="flex-1 p-4 pt-0">{children}</div>
    </Card>
  );
}

function Trend({ points }: { points: number | null }) {
  if (points === null) return <span className="text-xs text-zinc-400">no previous week</span>;
  const tone = points > 0 ? "text-emerald-700" : points < 0 ? "text-red-700" : "text-zinc-500";
  return (
    <span className={`text-xs font-medium tabular-nums ${tone}`}>
      {points > 0 ? "▲" : points < 0 ? "▼" : "■"} {Math.abs(points).toFixed(1)} pts vs previous week
    </span>
  );
}

/** `canEditBudget`: the viewer may set the budget (admins and owners), so the cost tile links to its editor. */
export function CockpitView({ cockpit, canEditBudget }: { cockpit: CockpitJson; canEditBudget: boolean }) {
  const now = useNow(60_000);
  const { month, approvals, scheduleLoad, alerts } = cockpit;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Control</h1>
        <p className="mt-1 text-sm text-zinc-500">Is the system healthy? Every figure comes from stored runs; each tile links to the view that explains it.</p>
      </div>

      <section aria-label="Health per primitive" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {cockpit.health.map((row) => (
          <Link
            key={row.kind}
            href={row.href}
            className={`rounded-xl border border-l-4 border-zinc-200 bg-white px-4 py-3 shadow-xs hover:bg-zinc-50 ${getSeverityStyles(row.severity).border}`}
            data-testid="health-tile"
            data-kind={row.kind}
          >
            <div className="flex items-center gap-2 text-xs font-medium tracking-wide text-zinc-500 uppercase">
              <span className={`size-2 rounded-sm ${KIND_STYLE[row.kind].dot}`} aria-hidden />
              {KIND_STYLE[row.kind].label}
            </div>
            <div
              className={`mt-1 text-2xl font-semibold tabular-nums ${row.successRate === null ? "text-zinc-400" : getSeverityStyles(row.severity).text}`}
              data-testid="health-rate"
            >
              {percent(row.successRate)}
            </div>
            <div className="text-xs text-zinc-500">{formatCount(row.runs)} runs in 7 days</div>
            <Trend points={row.trendPoints} />
          </Link>
        ))}
      </section>

      <div className="grid gap-4 xl:grid-cols-3">
        <Tile
          title="Volume, cost and failure rate"
          description="Runs per day (bars), failure rate (line), last 30 days"
          href={cockpit.trends.href}
          testId="trends"
          className="xl:col-span-2"
        >
          {cockpit.trends.days.every((day) => day.runs === 0) ? (
            <EmptyState title="No runs in the last 30 days" />
          ) : (
            <div className="h-52">
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={cockpit.trends.days.map((day) => ({ ...day, failurePercent: day.failureRate === null ? null : day.failureRate * 100 }))}>
                  <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5, 10)} tick={{ fontSize: 11, fill: "#71717a" }} />
                  <YAxis yAxisId="runs" tick={{ fontSize: 11, fill: "#71717a" }} width={40} />
                  <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} tick={{ fontSize: 11, fill: "#71717a" }} width={36} unit="%" />
                  <Tooltip />
                  <Bar yAxisId="runs" dataKey="runs" name="Runs" fill="#a1a1aa" isAnimationActive={false} />
                  <Line yAxisId="rate" dataKey="failurePercent" name="Failure rate %" stroke="#dc2626" dot={false} connectNulls isAnimationActive={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          )}
        </Tile>

        <Tile title="This month's cost" description="Spent so far and the month's projection at this pace" href="/observe?range=30d" testId="month-cost">
          <div className="text-3xl font-semibold tabular-nums text-zinc-900" data-testid="month-spent">
            {formatCost(month.costUsd)}
          </div>
          <div className="mt-1 text-sm text-zinc-600">
            Projected{" "}
            <span className="font-medium tabular-nums" data-testid="month-projected">
              {formatCost(month.projectedUsd)}
            </span>
            {month.budgetUsd !== null && (
              <>
                {" "}
                of a {formatCost(month.budgetUsd)} budget (
                <span className={month.budgetShare !== null && month.budgetShare > 1 ? "font-medium text-red-700" : ""} data-testid="month-budget-share">
                  {percent(month.budgetShare === null ? null : month.budgetShare * 100, 0)}
                </span>
                )
              </>
            )}
          </div>
          {month.budgetUsd === null && <p className="mt-2 text-xs text-zinc-500">No monthly budget set.</p>}
          {canEditBudget && (
            <Link href={BUDGET_EDITOR_HREF} className="mt-2 inline-block text-xs font-medium text-sky-700 hover:underline" data-testid="month-budget-edit">
              {month.budgetUsd === null ? "Set a monthly budget" : "Change the budget"}
            </Link>
          )}
        </Tile>
      </div>

      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        <Tile title="Pending approvals" href={approvals.href} testId="approvals">
          <div className="text-3xl font-semibold tabular-nums text-zinc-900" data-testid="approvals-pending">
            {formatCount(approvals.pending)}
          </div>
          {approvals.pending === 0 ? (
            <p className="text-sm text-zinc-500">Nobody is waiting for a decision.</p>
          ) : (
            <ul className="mt-1 space-y-0.5 text-sm text-zinc-600">
              <li>{formatCount(approvals.byAge.underHour)} under an hour</li>
              <li>{formatCount(approvals.byAge.underDay)} under a day</li>
              <li className={approvals.byAge.older > 0 ? "font-medium text-amber-800" : ""}>{formatCount(approvals.byAge.older)} older</li>
              {approvals.oldestRequestedAt && (
                <li className="text-xs text-zinc-500" title={formatExactTime(approvals.oldestRequestedAt)}>
                  oldest {formatRelativeTime(approvals.oldestRequestedAt, now)}
                </li>
              )}
            </ul>
          )}
        </Tile>

        <Tile title="Open alerts" href={alerts.href} testId="alerts">
          <div className="text-3xl font-semibold tabular-nums text-zinc-900" data-testid="alerts-open">
            {formatCount(alerts.open)}
          </div>
          {alerts.latest.length === 0 ? (
            <p className="text-sm text-zinc-500">No open incident.</p>
          ) : (
            <ul className="mt-1 space-y-0.5 text-sm text-zinc-700">
              {alerts.latest.map((incident) => (
                <li key={incident.id} className="truncate" title={incident.title}>
                  {incident.title}
                </li>
              ))}
            </ul>
          )}
        </Tile>

        <Tile title="Schedule load" description="Busiest hour today (UTC)" href={scheduleLoad.href} testId="schedule-load">
          <div className="text-3xl font-semibold tabular-nums text-zinc-900">
            {scheduleLoad.peakHour === null ? "—" : `${String(scheduleLoad.peakHour).padStart(2, "0")}:00`}
          </div>
          <p className="text-sm text-zinc-600">
            {formatCount(scheduleLoad.peakCount)} expected executions (warning at {scheduleLoad.threshold})
          </p>
          {scheduleLoad.warning && <p className="mt-1 text-xs font-medium text-amber-800">{scheduleLoad.warning}</p>}
        </Tile>

        <Tile title="Anomalies" description="Last day against the automation's own previous week" href="/observe?range=24h" testId="anomalies">
          {cockpit.anomalies.length === 0 ? (
            <p className="text-sm text-zinc-500">No automation departs from its baseline.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {cockpit.anomalies.map((anomaly) => (
                <li key={`${anomaly.triggerId}:${anomaly.reason}`} data-testid="anomaly">
                  <Link href={anomaly.href} className="font-medium text-zinc-900 hover:underline">
                    {anomaly.name}
                  </Link>{" "}
                  <span className="text-zinc-600">
                    {anomaly.reason === "failure_rate"
                      ? `fails ${percent(anomaly.recent * 100, 0)} (was ${percent(anomaly.baseline * 100, 0)})`
                      : `costs ${formatCost(anomaly.recent)}/run (was ${formatCost(anomaly.baseline)})`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Tile>
      </div>

      <Tile
        title="Agent autonomy"
        description="Share of each agent's runs in 30 days that needed neither a human decision nor a retry"
        href="/observe?kind=agent&range=30d"
        testId="autonomy"
      >
        {cockpit.autonomy.length === 0 ? (
          <EmptyState title="No agent ran in the last 30 days" />
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Agent</th>
                <th className="py-1 text-right font-medium">Runs</th>
                <th className="py-1 text-right font-medium">Human decisions</th>
                <th className="py-1 text-right font-medium">Retries</th>
                <th className="py-1 text-right font-medium">Autonomy</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {cockpit.autonomy.map((row) => (
                <tr key={row.agentId} data-testid="autonomy-row" data-agent={row.slug}>
                  <td className="py-1.5">
                    <Link href={row.href} className="font-medium text-zinc-900 hover:underline">
                      {row.name}
                    </Link>
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{formatCount(row.runs)}</td>
                  <td className="py-1.5 text-right tabular-nums">{formatCount(row.humanDecisions)}</td>
                  <td className="py-1.5 text-right tabular-nums">{formatCount(row.retries)}</td>
                  <td className="py-1.5 text-right font-medium tabular-nums">{percent(row.autonomy === null ? null : row.autonomy * 100, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Tile>
    </div>
  );
}
