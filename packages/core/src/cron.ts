import { CronExpressionParser } from "cron-parser";
import { cronShape, nextOnOrdinaryDays } from "./cron-days.ts";
import { AppError } from "./errors.ts";

/**
 * The next time `cronExpr` fires strictly after `from`, evaluated in `timezone`: by arithmetic on the
 * expression's parsed fields when the next matching day is an ordinary one (a few microseconds, which
 * the scheduler and the automation list need for thousands of schedules), by cron-parser otherwise.
 * Both give the same answer (cron.test.ts compares them).
 */
export function computeNextRunAt(cronExpr: string, timezone: string, from: Date = new Date()): Date {
  const fast = nextByArithmetic(cronExpr, timezone, from);
  return fast ?? nextByCronParser(cronExpr, timezone, from);
}

/** cron-parser's answer: the reference. */
export function nextByCronParser(cronExpr: string, timezone: string, from: Date): Date {
  return parseCron(cronExpr, timezone, from).next().toDate();
}

function nextByArithmetic(cronExpr: string, timezone: string, from: Date): Date | null {
  try {
    const next = nextOnOrdinaryDays(cronShape(cronExpr), timezone, from.getTime());
    return next === null ? null : new Date(next);
  } catch {
    // An invalid expression or zone: cron-parser's path says why.
    return null;
  }
}

/** The next `count` times `cronExpr` fires strictly after `from`, evaluated in `timezone`. */
export function nextOccurrences(cronExpr: string, timezone: string, from: Date, count: number): Date[] {
  return parseCron(cronExpr, timezone, from)
    .take(count)
    .map((at) => at.toDate());
}

export function parseCron(cronExpr: string, timezone: string, from: Date = new Date()) {
  try {
    return CronExpressionParser.parse(cronExpr, { currentDate: from, tz: timezone });
  } catch (error) {
    throw new AppError("validation_failed", `Invalid cron expression "${cronExpr}" in ${timezone}: ${(error as Error).message}`);
  }
}

/**
 * Why `cronExpr` cannot be a schedule's cron, or null when it can: exactly five fields (cron-parser
 * would also take a seconds field, firing faster than the scheduler ticks, and reads an empty string
 * as every minute), no Jenkins-style `H` (hashed at random, so the next run would change per parse),
 * and values cron-parser accepts with at least one occurrence.
 */
export function cronProblem(cronExpr: string): string | null {
  const fields = cronExpr.trim().split(/\s+/);
  if (fields.length !== 5) return "Expected five fields: minute hour day-of-month month day-of-week";
  if (fields.some((field) => /(^|,)H/i.test(field))) return "Hashed (H) fields are not supported";
  try {
    CronExpressionParser.parse(fields.join(" "), { tz: "UTC" }).next();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
