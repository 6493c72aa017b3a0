import { CronExpressionParser } from "cron-parser";
import { AppError } from "./errors.ts";

/** The next time `cronExpr` fires strictly after `from`, evaluated in `timezone`. */
export function computeNextRunAt(cronExpr: string, timezone: string, from: Date = new Date()): Date {
  return parseCron(cronExpr, timezone, from).next().toDate();
}

export function parseCron(cronExpr: string, timezone: string, from: Date = new Date()) {
  try {
    return CronExpressionParser.parse(cronExpr, { currentDate: from, tz: timezone });
  } catch (error) {
    throw new AppError("validation_failed", `Invalid cron expression "${cronExpr}" in ${timezone}: ${(error as Error).message}`);
  }
}

/** The next `count` times `cronExpr` fires strictly after `from`, in `timezone`: the preview of a schedule. */
export function nextOccurrences(cronExpr: string, timezone: string, count: number, from: Date = new Date()): Date[] {
  const expression = parseCron(cronExpr, timezone, from);
  return Array.from({ length: count }, () => expression.next().toDate());
}
