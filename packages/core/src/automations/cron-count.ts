import { parseCron } from "../cron.ts";
import { countInRegularDay, cronShape, type CronShape, dayWindow, daysOf } from "../cron-days.ts";

export { dayWindow, zoneOffsetMs } from "../cron-days.ts";

/**
 * How many times `cronExpr` fires at instants t with from <= t < to, evaluated in `timezone` exactly
 * as cron-parser does, without visiting every occurrence. cron-parser finds each matching *day*
 * (so DOM/DOW "or" semantics, L, # and months stay its own); within a day the time fields are
 * independent of the date, so an ordinary day holds |hours| × |minutes| × |seconds| occurrences and a
 * partial one is counted per hour. Days whose UTC offset changes (DST) are walked with cron-parser
 * itself, because its handling of skipped and repeated hours is what the scheduler will do.
 * Cost: one cron-parser step per matching day instead of one per occurrence.
 */
export function countOccurrences(cronExpr: string, timezone: string, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  const shape = shapeOf(cronExpr, timezone);
  if (shape.matchesDay) return countByDays(cronExpr, timezone, shape, shape.matchesDay, start, end);
  const cursorCron = parseCron(cronExpr, timezone, new Date(start - 1));
  let count = 0;
  let cursor = start;
  while (cursor < end) {
    const next = nextOrNull(cursorCron);
    if (next === null || next >= end) break;
    const day = dayWindow(timezone, next);
    const a = Math.max(cursor, day.start);
    const b = Math.min(end, day.end);
    count += day.regular ? countInRegularDay(shape, day.start, a, b) : countByIteration(cronExpr, timezone, a, b);
    cursor = day.end;
    cursorCron.reset(new Date(cursor - 1));
  }
  return count;
}

/** Every occurrence in [from, to), in order (use countOccurrences when only the number is needed). */
export function listOccurrences(cronExpr: string, timezone: string, from: Date, to: Date, limit = 10_000): Date[] {
  const cron = parseCron(cronExpr, timezone, new Date(from.getTime() - 1));
  const out: Date[] = [];
  while (out.length < limit) {
    const next = cron.next().toDate();
    if (next.getTime() >= to.getTime()) break;
    if (next.getTime() >= from.getTime()) out.push(next);
  }
  return out;
}

/** The naive count: one cron-parser step per occurrence. The reference for tests and the benchmark. */
export function countByIteration(cronExpr: string, timezone: string, from: number, to: number): number {
  if (!(to > from)) return 0;
  const cron = parseCron(cronExpr, timezone, new Date(from - 1));
  let count = 0;
  for (;;) {
    const next = cron.next().getTime();
    if (next >= to) return count;
    if (next >= from) count++;
  }
}

/** Walks the local days of [start, end) and counts on the matching ones. */
function countByDays(
  cronExpr: string,
  timezone: string,
  shape: CronShape,
  matchesDay: NonNullable<CronShape["matchesDay"]>,
  start: number,
  end: number,
): number {
  let count = 0;
  for (const day of daysOf(timezone, start, end)) {
    if (!matchesDay(day.month, day.dayOfMonth, day.dayOfWeek)) continue;
    const a = Math.max(start, day.start);
    const b = Math.min(end, day.end);
    count += day.regular ? countInRegularDay(shape, day.start, a, b) : countByIteration(cronExpr, timezone, a, b);
  }
  return count;
}

function nextOrNull(cron: ReturnType<typeof parseCron>): number | null {
  try {
    return cron.next().getTime();
  } catch {
    // cron-parser gives up on expressions that can never match again (e.g. 30 February).
    return null;
  }
}

/** The expression's shape; an invalid one throws the validation error parseCron words. */
function shapeOf(cronExpr: string, timezone: string): CronShape {
  try {
    return cronShape(cronExpr);
  } catch {
    parseCron(cronExpr, timezone);
    throw new Error(`Invalid cron expression "${cronExpr}"`);
  }
}
