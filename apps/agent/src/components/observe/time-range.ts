/**
 * The time ranges /observe offers and how each maps onto the live APIs: a `from` relative to now and
 * the chart bucket that gives a readable number of bars. Pure, shared by the server page and the client.
 */

export type MetricsBucket = "minute" | "hour" | "day";

interface TimeRangeSpec {
  label: string;
  /** How far back from now; null for all time. */
  durationMs: number | null;
  bucket: MetricsBucket;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const TIME_RANGE_SPECS = {
  "1h": { label: "1h", durationMs: HOUR_MS, bucket: "minute" },
  "24h": { label: "24h", durationMs: DAY_MS, bucket: "hour" },
  "7d": { label: "7d", durationMs: 7 * DAY_MS, bucket: "hour" },
  "30d": { label: "30d", durationMs: 30 * DAY_MS, bucket: "day" },
  all: { label: "All", durationMs: null, bucket: "day" },
} as const satisfies Record<string, TimeRangeSpec>;

export type TimeRange = keyof typeof TIME_RANGE_SPECS;
export const TIME_RANGES = Object.keys(TIME_RANGE_SPECS) as TimeRange[];
/** All time: the page shows every run unless asked otherwise, so a bare /observe hides nothing. */
export const DEFAULT_TIME_RANGE: TimeRange = "all";

/** The `from` (ISO) a range stands for at `now`, or undefined for all time. */
export function rangeStart(range: TimeRange | undefined, now: number): string | undefined {
  const durationMs = TIME_RANGE_SPECS[range ?? DEFAULT_TIME_RANGE].durationMs;
  return durationMs === null ? undefined : new Date(now - durationMs).toISOString();
}

export function rangeBucket(range: TimeRange | undefined): MetricsBucket {
  return TIME_RANGE_SPECS[range ?? DEFAULT_TIME_RANGE].bucket;
}

/** "in the last 24 hours", for the captions of cards and charts. */
export function describeRange(range: TimeRange | undefined): string {
  switch (range ?? DEFAULT_TIME_RANGE) {
    case "1h":
      return "in the last hour";
    case "24h":
      return "in the last 24 hours";
    case "7d":
      return "in the last 7 days";
    case "30d":
      return "in the last 30 days";
    case "all":
      return "all time";
  }
}
