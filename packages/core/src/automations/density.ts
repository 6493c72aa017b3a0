import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { countOccurrences, dayWindow, listOccurrences, zoneOffsetMs } from "./cron-count.ts";
import { type LoadedAutomation, loadAutomations } from "./load.ts";
import { type Automation, PRIMITIVE_TYPES, type PrimitiveType } from "./types.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const DEFAULT_CONCURRENCY_THRESHOLD = 10;
export const MAX_CALENDAR_DAYS = 45;
/** An automation firing this many times a day or more shows as one entry per day with its count. */
export const COMPRESS_AT_PER_DAY = 12;

export interface DensitySlot {
  hour: number;
  /** Expected agent-level executions: a campaign firing counts as the agent runs it historically spawns. */
  count: number;
  /** Plain firings of automations in the hour. */
  firings: number;
  byPrimitive: Record<PrimitiveType, number>;
  names: string[];
}

const isScheduled = (a: LoadedAutomation) => a.isActive && !a.isArchived && a.config.cronExpr !== null && a.config.timezone !== null;

/** Local midnight of a YYYY-MM-DD date in the zone. */
export function startOfDate(date: string, timezone: string): number {
  const noon = Date.parse(`${date}T12:00:00Z`);
  if (Number.isNaN(noon)) throw new AppError("validation_failed", `Invalid date "${date}"`);
  return dayWindow(timezone, noon).start;
}

export function hourLabel(hour: number): string {
  return `${hour % 12 === 0 ? 12 : hour % 12} ${hour < 12 ? "AM" : "PM"}`;
}

/**
 * The 24 hourly slots of one day (in `timezone`) for every active scheduled automation, counted
 * exactly from each cron, with a campaign schedule weighted by its historical agent runs per
 * campaign, and a warning for every slot at or above the concurrency threshold.
 */
export async function computeDensity(
  ctx: OrgContext,
  query: { date?: string; timezone?: string; threshold?: number; primitiveType?: PrimitiveType } = {},
  now: Date = new Date(),
) {
  const timezone = query.timezone ?? "UTC";
  const date = query.date ?? dayWindow(timezone, now.getTime()).date;
  const start = startOfDate(date, timezone);
  const threshold = query.threshold ?? DEFAULT_CONCURRENCY_THRESHOLD;
  const automations = (await loadAutomations(ctx, now)).filter((a) => isScheduled(a) && (!query.primitiveType || a.primitiveType === query.primitiveType));
  const slots = densitySlots(automations, start);
  const warnings = slots.filter((slot) => slot.count >= threshold).map((slot) => ({ hour: slot.hour, count: slot.count, message: concurrencyMessage(slot) }));
  const peak = [...warnings].sort((a, b) => b.count - a.count || a.hour - b.hour)[0] ?? null;
  return { date, timezone, threshold, slots, warnings, warning: peak?.message ?? null };
}

export function densitySlots(automations: LoadedAutomation[], dayStart: number): DensitySlot[] {
  const slots: DensitySlot[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    count: 0,
    firings: 0,
    byPrimitive: Object.fromEntries(PRIMITIVE_TYPES.map((p) => [p, 0])) as Record<PrimitiveType, number>,
    names: [],
  }));
  for (const a of automations) {
    if (!isScheduled(a)) continue;
    const weight = Math.max(1, Math.round(a.cascadeFactor));
    for (const slot of slots) {
      const from = dayStart + slot.hour * HOUR_MS;
      const firings = countOccurrences(a.config.cronExpr!, a.config.timezone!, new Date(from), new Date(from + HOUR_MS));
      if (firings === 0) continue;
      slot.firings += firings;
      slot.count += firings * weight;
      slot.byPrimitive[a.primitiveType] += firings * weight;
      if (!slot.names.includes(a.name)) slot.names.push(a.name);
    }
  }
  return slots;
}

/** "High concurrency: 12 at 10 PM (8 agent, 2 campaign, 1 pulse, 1 workflow)". */
export function concurrencyMessage(slot: DensitySlot): string {
  const parts = PRIMITIVE_TYPES.filter((p) => slot.byPrimitive[p] > 0)
    .sort((a, b) => slot.byPrimitive[b] - slot.byPrimitive[a] || a.localeCompare(b))
    .map((p) => `${slot.byPrimitive[p]} ${p}`);
  return `High concurrency: ${slot.count} at ${hourLabel(slot.hour)} (${parts.join(", ")})`;
}

/** "Every 30 min", "Every 2 h" or "N runs" for a daily count. */
export function describeFrequency(perDay: number): string {
  const minutes = 1440 / perDay;
  if (Number.isInteger(minutes) && minutes < 60) return `Every ${minutes} min`;
  if (Number.isInteger(minutes) && minutes % 60 === 0) return `Every ${minutes / 60} h`;
  return `${perDay} runs`;
}

export interface CalendarEntry {
  automationId: string;
  name: string;
  title: string;
  primitiveType: PrimitiveType;
  severity: string;
  date: string;
  /** The occurrence, or null for a compressed day entry. */
  at: Date | null;
  count: number;
  compressed: boolean;
  /** Firings per local hour of the day (24 numbers) for a compressed entry, so overlays stay exact; null otherwise. */
  byHour: number[] | null;
  /** Agent-level executions one firing stands for: a campaign's historical agent runs, 1 for the rest (as in the density bar). */
  weight: number;
  entity: Automation["entity"];
}

/** The hour of the day, in the zone, of an instant. */
function localHour(at: Date, timezone: string): number {
  const t = at.getTime();
  return Math.floor(((((t + zoneOffsetMs(timezone, t)) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/**
 * Occurrences of every active scheduled automation in [from, to) (at most 45 days). An automation
 * firing 12 or more times on some day of the range is compressed to one entry per day with its count.
 */
export async function computeCalendar(
  ctx: OrgContext,
  query: { from: Date; to: Date; timezone?: string; primitiveType?: PrimitiveType },
  now: Date = new Date(),
) {
  const timezone = query.timezone ?? "UTC";
  const from = query.from.getTime();
  const to = query.to.getTime();
  if (!(to > from)) throw new AppError("validation_failed", "`to` must be after `from`");
  if (to - from > MAX_CALENDAR_DAYS * DAY_MS) throw new AppError("validation_failed", `The range may span at most ${MAX_CALENDAR_DAYS} days`);
  const automations = (await loadAutomations(ctx, now)).filter((a) => isScheduled(a) && (!query.primitiveType || a.primitiveType === query.primitiveType));

  const days: { date: string; start: number; end: number }[] = [];
  for (let cursor = from; cursor < to; ) {
    const day = dayWindow(timezone, cursor);
    days.push({ date: day.date, start: Math.max(from, day.start), end: Math.min(to, day.end) });
    cursor = day.end;
  }

  const entries: CalendarEntry[] = [];
  for (const a of automations) {
    const cron = a.config.cronExpr!;
    const zone = a.config.timezone!;
    const perDay = days.map((day) => ({ ...day, count: countOccurrences(cron, zone, new Date(day.start), new Date(day.end)) }));
    const busiest = Math.max(0, ...perDay.map((d) => d.count));
    const label = a.entity?.type === "agent" ? a.entity.name : a.name;
    const common = {
      automationId: a.id,
      name: a.name,
      primitiveType: a.primitiveType,
      severity: a.severity,
      weight: Math.max(1, Math.round(a.cascadeFactor)),
      entity: a.entity,
    };
    if (busiest >= COMPRESS_AT_PER_DAY) {
      for (const day of perDay) {
        if (day.count === 0) continue;
        const byHour = Array.from({ length: 24 }, () => 0);
        for (const at of listOccurrences(cron, zone, new Date(day.start), new Date(day.end))) byHour[localHour(at, timezone)]!++;
        entries.push({
          ...common,
          title: `${label} — ${describeFrequency(day.count)} (${day.count}x/day)`,
          date: day.date,
          at: null,
          count: day.count,
          compressed: true,
          byHour,
        });
      }
      continue;
    }
    for (const day of perDay) {
      if (day.count === 0) continue;
      for (const at of listOccurrences(cron, zone, new Date(day.start), new Date(day.end))) {
        entries.push({ ...common, title: label, date: day.date, at, count: 1, compressed: false, byHour: null });
      }
    }
  }
  entries.sort((x, y) => x.date.localeCompare(y.date) || (x.at?.getTime() ?? 0) - (y.at?.getTime() ?? 0) || x.name.localeCompare(y.name));
  return {
    from: query.from,
    to: query.to,
    timezone,
    entries,
    totals: {
      entries: entries.length,
      occurrences: entries.reduce((sum, e) => sum + e.count, 0),
      compressedAutomations: new Set(entries.filter((e) => e.compressed).map((e) => e.automationId)).size,
    },
  };
}
