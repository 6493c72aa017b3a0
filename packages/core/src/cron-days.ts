import { type CronExpression, CronExpressionParser } from "cron-parser";

/**
 * What evaluating cron expressions fast needs, shared by the next-run computation (../cron.ts) and
 * the occurrence counts (automations/cron-count.ts): an expression's parsed shape, and the local days
 * of a time zone. On an ordinary day (24 hours, one offset) the time fields are independent of the
 * date, so occurrences are arithmetic; days with an offset change are left to cron-parser itself.
 */

const DAY_MS = 86_400_000;

export interface CronShape {
  hours: number[];
  minutes: number[];
  seconds: number[];
  perDay: number;
  /** Day matching without cron-parser, when the day fields use no L / # / W. */
  matchesDay: ((month: number, dayOfMonth: number, dayOfWeek: number) => boolean) | null;
}

/**
 * cron-parser's day rule: month must match; then day-of-month and day-of-week each restrict when not
 * a wildcard, and when both restrict either one is enough.
 */
function dayMatcher(fields: CronExpression["fields"]): CronShape["matchesDay"] {
  const { dayOfMonth, dayOfWeek, month } = fields;
  const special = (values: readonly unknown[]) => values.some((v) => typeof v !== "number");
  if (dayOfMonth.hasLastChar || dayOfWeek.hasLastChar || special(dayOfMonth.values) || special(dayOfWeek.values)) return null;
  if ((dayOfWeek as unknown as { nthDay?: number }).nthDay) return null;
  const months = new Set(month.values.map(Number));
  const doms = new Set(dayOfMonth.values.map(Number));
  const dows = new Set(dayOfWeek.values.map((v) => Number(v) % 7));
  const domWild = dayOfMonth.isWildcard;
  const dowWild = dayOfWeek.isWildcard;
  return (m, d, dow) => {
    if (!months.has(m)) return false;
    if (domWild && dowWild) return true;
    if (domWild) return dows.has(dow);
    if (dowWild) return doms.has(d);
    return doms.has(d) || dows.has(dow);
  };
}

const shapes = new Map<string, CronShape>();

/**
 * The parsed fields of an expression (cron-parser's own parse, so its syntax and rules hold), kept
 * per expression: parsing does not depend on the time, and it is most of what evaluating one costs.
 * Throws cron-parser's error for an invalid expression.
 */
export function cronShape(cronExpr: string): CronShape {
  let shape = shapes.get(cronExpr);
  if (!shape) {
    const { fields } = CronExpressionParser.parse(cronExpr, { tz: "UTC" });
    const hours = [...fields.hour.values].map(Number);
    const minutes = [...fields.minute.values].map(Number);
    const seconds = [...fields.second.values].map(Number);
    shape = { hours, minutes, seconds, perDay: hours.length * minutes.length * seconds.length, matchesDay: dayMatcher(fields) };
    if (shapes.size > 20_000) shapes.clear();
    shapes.set(cronExpr, shape);
  }
  return shape;
}

/** Occurrences at local second-of-day s with a <= t < b on a day without an offset change. */
export function countInRegularDay(shape: CronShape, dayStart: number, a: number, b: number): number {
  const first = Math.ceil((a - dayStart) / 1000);
  const last = Math.ceil((b - dayStart) / 1000);
  if (first <= 0 && last >= 86_400) return shape.perDay;
  let count = 0;
  const perHour = shape.minutes.length * shape.seconds.length;
  for (const hour of shape.hours) {
    const h0 = hour * 3600;
    if (h0 + 3600 <= first || h0 >= last) continue;
    if (h0 >= first && h0 + 3600 <= last) {
      count += perHour;
      continue;
    }
    for (const minute of shape.minutes) {
      const m0 = h0 + minute * 60;
      if (m0 + 60 <= first || m0 >= last) continue;
      for (const second of shape.seconds) {
        const s = m0 + second;
        if (s >= first && s < last) count++;
      }
    }
  }
  return count;
}

/**
 * The first occurrence strictly after `from` on the ordinary days from the one containing `from`,
 * looking at most `maxDays` days ahead; null when that is not found this way (a day fields rule
 * cron-parser alone knows, an offset change on a matching day, or no match in the window), and the
 * caller asks cron-parser.
 */
export function nextOnOrdinaryDays(shape: CronShape, timezone: string, from: number, maxDays = 62): number | null {
  if (!shape.matchesDay) return null;
  let day = dayWindow(timezone, from);
  for (let i = 0; i < maxDays; i++) {
    if (shape.matchesDay(day.month, day.dayOfMonth, day.dayOfWeek)) {
      if (!day.regular) return null;
      const next = firstInDayAfter(shape, day.start, from);
      if (next !== null) return next;
    }
    day = dayWindow(timezone, day.end);
  }
  return null;
}

/** The first occurrence t > after in the ordinary day starting at dayStart, or null. */
function firstInDayAfter(shape: CronShape, dayStart: number, after: number): number | null {
  for (const hour of shape.hours) {
    const h0 = dayStart + hour * 3_600_000;
    if (h0 + 3_600_000 <= after) continue;
    for (const minute of shape.minutes) {
      const m0 = h0 + minute * 60_000;
      if (m0 + 60_000 <= after) continue;
      for (const second of shape.seconds) {
        const t = m0 + second * 1000;
        if (t > after) return t;
      }
    }
  }
  return null;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset (ms) at an instant. */
export function zoneOffsetMs(timezone: string, at: number): number {
  let format = offsetFormatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(timezone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(at))) if (part.type !== "literal") parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return local - Math.floor(at / 1000) * 1000;
}

/** The instant of local midnight starting the given local date (the first instant of that date when midnight is skipped). */
function localMidnight(timezone: string, year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month, day);
  let guess = wall - zoneOffsetMs(timezone, wall);
  guess = wall - zoneOffsetMs(timezone, guess);
  // When midnight does not exist the guess lands on the previous day; step forward to the date.
  if (guess + zoneOffsetMs(timezone, guess) < wall) guess += 3_600_000;
  return guess;
}

export interface DayWindow {
  start: number;
  end: number;
  regular: boolean;
  date: string;
  /** The local date's month (1-12), day of the month and day of the week (0 = Sunday). */
  month: number;
  dayOfMonth: number;
  dayOfWeek: number;
}

const windows = new Map<string, DayWindow>();
const spans = new Map<string, DayWindow[]>();

/**
 * The local days that [start, end) touches, in order. Remembered for the last few spans: a list
 * asks for the same 30 days of the same zones for every expression in it.
 */
export function daysOf(timezone: string, start: number, end: number): DayWindow[] {
  const key = `${timezone}\u0000${start}\u0000${end}`;
  let days = spans.get(key);
  if (!days) {
    days = [];
    let day = dayWindow(timezone, start);
    for (;;) {
      days.push(day);
      if (day.end >= end) break;
      day = dayWindow(timezone, day.end);
    }
    if (spans.size >= 256) spans.delete(spans.keys().next().value!);
    spans.set(key, days);
  }
  return days;
}

/**
 * The local day containing `at`: its bounds, and whether it is an ordinary 24-hour day at midnight
 * offsets. Remembered by instant: walking days asks for the same day ends again and again, for every
 * expression in the zone, and a zone's rules do not change while the process runs.
 */
export function dayWindow(timezone: string, at: number): DayWindow {
  const key = `${timezone}\u0000${at}`;
  let window = windows.get(key);
  if (!window) {
    window = computeDayWindow(timezone, at);
    if (windows.size > 50_000) windows.clear();
    windows.set(key, window);
  }
  return window;
}

function computeDayWindow(timezone: string, at: number): DayWindow {
  if (timezone === "UTC" || timezone === "Etc/UTC") {
    const start = Math.floor(at / DAY_MS) * DAY_MS;
    const date = new Date(start);
    return {
      start,
      end: start + DAY_MS,
      regular: true,
      date: date.toISOString().slice(0, 10),
      month: date.getUTCMonth() + 1,
      dayOfMonth: date.getUTCDate(),
      dayOfWeek: date.getUTCDay(),
    };
  }
  const local = new Date(at + zoneOffsetMs(timezone, at));
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const start = localMidnight(timezone, y, m, d);
  const end = localMidnight(timezone, y, m, d + 1);
  const offset = zoneOffsetMs(timezone, start);
  const regular = end - start === DAY_MS && offset === zoneOffsetMs(timezone, end - 1) && (start + offset) % DAY_MS === 0;
  const date = `${y}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return { start, end, regular, date, month: m + 1, dayOfMonth: d, dayOfWeek: new Date(Date.UTC(y, m, d)).getUTCDay() };
}
