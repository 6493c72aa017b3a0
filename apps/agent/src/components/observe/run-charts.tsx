"use client";

import { Card, CardHeader, EmptyState, Placeholders, Skeleton } from "@switchyard/ui/components";
import type { ReactElement } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatCost, formatCount } from "../runs/format";
import { RUN_KINDS, type RunKindValue } from "../runs/run-filters";
import { formatBucketTick, formatBucketTitle, type ChartPoint } from "./chart-series";
import { KIND_STYLE, OUTCOME_STYLE } from "../runs/kind-style";
import type { MetricsBucket } from "./time-range";

const CHART_HEIGHT = 168;
const AXIS_TICK = { fontSize: 11, fill: "#71717a" };
const GRID_STROKE = "#f4f4f5";

interface Series {
  key: keyof ChartPoint;
  label: string;
  color: string;
}

interface RunChartsProps {
  points: ChartPoint[];
  bucket: MetricsBucket;
  /** One kind selected: runs stack by outcome; all kinds: by kind. */
  kind?: RunKindValue;
  rangeLabel: string;
}

/** Runs, cost and success rate over the selected range, one card each. */
export function RunCharts({ points, bucket, kind, rangeLabel }: RunChartsProps) {
  const runSeries: Series[] = kind
    ? (["completed", "failed", "other"] as const).map((key) => ({ key, label: OUTCOME_STYLE[key].label, color: OUTCOME_STYLE[key].color }))
    : RUN_KINDS.map((key) => ({ key, label: KIND_STYLE[key].label, color: KIND_STYLE[key].color }));
  const xAxis = (
    <XAxis
      dataKey="at"
      tickFormatter={(value: string) => formatBucketTick(value, bucket)}
      tick={AXIS_TICK}
      tickLine={false}
      axisLine={{ stroke: "#e4e4e7" }}
      minTickGap={24}
    />
  );
  const tooltip = (rows: Series[], format: (value: number | null) => string) => (
    <Tooltip
      cursor={{ fill: "rgba(24,24,27,0.04)", stroke: "#d4d4d8" }}
      content={({ active, payload }) => <ChartTooltip active={active} payload={payload} bucket={bucket} rows={rows} format={format} />}
    />
  );

  return (
    <div className="grid gap-3 lg:grid-cols-3" data-testid="run-charts">
      <ChartCard title="Runs" description={`${kind ? "By outcome" : "By kind"}, ${rangeLabel}`} legend={runSeries} testId="chart-runs">
        <BarChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          {xAxis}
          <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={36} />
          {tooltip(runSeries, (value) => formatCount(value ?? 0))}
          {runSeries.map((series) => (
            <Bar key={series.key} dataKey={series.key} name={series.label} stackId="runs" fill={series.color} isAnimationActive={false} maxBarSize={28} />
          ))}
        </BarChart>
      </ChartCard>

      <ChartCard title="Cost" description={`USD, ${rangeLabel}`} testId="chart-cost">
        <AreaChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="observe-cost-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#18181b" stopOpacity={0.18} />
              <stop offset="100%" stopColor="#18181b" stopOpacity={0} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          {xAxis}
          <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={52} tickFormatter={(value: number) => compactUsd(value)} />
          {tooltip([{ key: "costUsd", label: "Cost", color: "#18181b" }], (value) => formatCost(value ?? 0))}
          <Area type="monotone" dataKey="costUsd" name="Cost" stroke="#18181b" strokeWidth={1.5} fill="url(#observe-cost-fill)" isAnimationActive={false} />
        </AreaChart>
      </ChartCard>

      <ChartCard title="Success rate" description={`Completed share of finished runs, ${rangeLabel}`} testId="chart-success">
        <LineChart data={points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          {xAxis}
          <YAxis
            domain={[(lowest: number) => successAxisFloor(lowest), 100]}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            width={44}
            tickCount={3}
            tickFormatter={(value: number) => `${value}%`}
          />
          {tooltip([{ key: "successRate", label: "Success rate", color: OUTCOME_STYLE.completed.color }], (value) =>
            value === null ? "No finished runs" : `${value}%`,
          )}
          {/* Buckets without a finished run have no rate; the line bridges them rather than dropping to zero. */}
          <Line
            type="monotone"
            dataKey="successRate"
            name="Success rate"
            stroke={OUTCOME_STYLE.completed.color}
            strokeWidth={1.5}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ChartCard>
    </div>
  );
}

/** Starts the rate axis a step below the lowest rate, so dips stay visible when every bucket is in the 90s. */
function successAxisFloor(lowest: number): number {
  return Number.isFinite(lowest) ? Math.max(0, Math.floor(lowest / 10) * 10 - 10) : 0;
}

function compactUsd(value: number): string {
  if (value === 0) return "$0";
  if (value < 0.01) return `$${value.toFixed(4)}`;
  if (value < 1) return `$${value.toFixed(2)}`;
  return `$${new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value)}`;
}

function ChartCard({
  title,
  description,
  legend,
  testId,
  children,
}: {
  title: string;
  description: string;
  legend?: Series[];
  testId: string;
  children: ReactElement;
}) {
  return (
    <Card data-testid={testId}>
      <CardHeader
        title={title}
        description={description}
        actions={
          legend && (
            <ul className="flex max-w-56 flex-wrap justify-end gap-x-2.5 gap-y-1 text-[11px] text-zinc-500">
              {legend.map((series) => (
                <li key={series.key} className="inline-flex items-center gap-1">
                  <span className="size-2 rounded-sm" style={{ backgroundColor: series.color }} aria-hidden />
                  {series.label}
                </li>
              ))}
            </ul>
          )
        }
      />
      <div className="px-2 pt-3 pb-2">
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          {children}
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

function ChartTooltip({
  active,
  payload,
  bucket,
  rows,
  format,
}: Pick<TooltipContentProps<number, string>, "active" | "payload"> & { bucket: MetricsBucket; rows: Series[]; format: (value: number | null) => string }) {
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="min-w-40 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-xs shadow-lg">
      <div className="mb-1 font-medium text-zinc-900">{formatBucketTitle(point.at, bucket)}</div>
      {[...rows].reverse().map((row) => (
        <div key={row.key} className="flex items-center justify-between gap-4 text-zinc-600">
          <span className="inline-flex items-center gap-1.5">
            <span className="size-2 rounded-sm" style={{ backgroundColor: row.color }} aria-hidden />
            {row.label}
          </span>
          <span className="font-medium tabular-nums text-zinc-900">{format(point[row.key] as number | null)}</span>
        </div>
      ))}
    </div>
  );
}

export function RunChartsSkeleton() {
  return (
    <div className="grid gap-3 lg:grid-cols-3" aria-hidden>
      <Placeholders count={3}>
        {() => (
          <Card>
            <div className="border-b border-zinc-200 px-4 py-3">
              <Skeleton className="h-3.5 w-20" />
              <Skeleton className="mt-2 h-3 w-36" />
            </div>
            <div className="px-4 pt-4 pb-3">
              <Skeleton className="h-[160px] w-full" />
            </div>
          </Card>
        )}
      </Placeholders>
    </div>
  );
}

export function RunChartsEmpty({ rangeLabel }: { rangeLabel: string }) {
  return (
    <Card data-testid="charts-empty">
      <EmptyState title="No runs to chart">
        Nothing matches these filters {rangeLabel === "all time" ? "yet" : rangeLabel}. Widen the time range or clear a filter.
      </EmptyState>
    </Card>
  );
}
