import type { MetricsBucket as MetricsBucketPoint } from "@switchyard/core/runs/metrics";
import { getSuccessRate } from "@switchyard/ui/severity";
import type { RunKindValue } from "../runs/run-filters";
import { RUN_KINDS } from "../runs/run-filters";
import type { MetricsBucket } from "./time-range";

/** One bar or point of the /observe charts, flat so recharts can stack by key. */
export interface ChartPoint extends Record<RunKindValue, number> {
  at: string;
  total: number;
  completed: number;
  failed: number;
  /** Runs not finished as completed or failed: queued, running, suspended or cancelled. */
  other: number;
  costUsd: number;
  /** `getSuccessRate` of the bucket; null when nothing finished, so the line breaks there. */
  successRate: number | null;
}

export function toChartPoints(series: MetricsBucketPoint[]): ChartPoint[] {
  return series.map((bucket) => {
    const byKind = Object.fromEntries(RUN_KINDS.map((kind) => [kind, bucket.byKind[kind]?.count ?? 0])) as Record<RunKindValue, number>;
    return {
      at: bucket.bucket,
      total: bucket.total,
      completed: bucket.completed,
      failed: bucket.failed,
      other: Math.max(0, bucket.total - bucket.completed - bucket.failed),
      costUsd: bucket.costUsd,
      successRate: getSuccessRate(bucket.completed, bucket.failed),
      ...byKind,
    };
  });
}

/** An axis tick: "14:05" by minute, "14:00" by hour (with the day at midnight), "Nov 3" by day. */
export function formatBucketTick(iso: string, bucket: MetricsBucket, timeZone?: string): string {
  const date = new Date(iso);
  if (bucket === "day") return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone });
  const time = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
  if (bucket === "hour" && time === "00:00") return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone });
  return time;
}

/** A tooltip title: the bucket's start, precise to its size. */
export function formatBucketTitle(iso: string, bucket: MetricsBucket, timeZone?: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString("en-US", { weekday: "short", month: "short", day: "numeric", timeZone });
  if (bucket === "day") return day;
  return `${day}, ${date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone })}`;
}
