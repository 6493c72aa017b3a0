import { parseCron } from "../cron.ts";

/** When in its timezone a schedule fires; a rewritten cron keeps these so the runs stay near their old slot. */
export interface CronAnchor {
  minute: number;
  hour: number;
  dayOfMonth: number;
  dayOfWeek: number;
}

const DAY_MS = 86_400_000;
const HORIZON_DAYS = 62;
const MAX_SAMPLES = 300;
/** Minute steps that divide an hour evenly, so `*\/n` really means every n minutes. */
const MINUTE_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
const EPSILON = 1e-9;

/**
 * Runs per day of a cron in its timezone, measured over its next occurrences (up to 62 days or 300
 * runs). Null when it fires less than twice in that horizon: too rare to measure.
 */
export function estimateRunsPerDay(cronExpr: string, timezone: string, from: Date): number | null {
  const cron = parseCron(cronExpr, timezone, from);
  const horizon = from.getTime() + HORIZON_DAYS * DAY_MS;
  const times: number[] = [];
  while (times.length < MAX_SAMPLES) {
    const next = cron.next().getTime();
    if (next > horizon) break;
    times.push(next);
  }
  if (times.length < 2) return null;
  return (times.length - 1) / ((times.at(-1)! - times[0]!) / DAY_MS);
}

/** Where the cron fires next, read in its timezone. */
export function anchorOf(cronExpr: string, timezone: string, from: Date): CronAnchor {
  const next = parseCron(cronExpr, timezone, from).next().toDate();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", minute: "numeric", hour: "numeric", day: "numeric", weekday: "short" })
      .formatToParts(next)
      .map((part) => [part.type, part.value]),
  );
  const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  return { minute: Number(parts.minute), hour: Number(parts.hour), dayOfMonth: Number(parts.day), dayOfWeek: weekdays.indexOf(parts.weekday!) };
}

/**
 * A plain cron that runs at most `runsPerDay` times a day (fractions mean every few days), as close to
 * that rate as cron can say, anchored at the given slot: sub-hourly steps, n evenly spread hours a
 * day, every k days, weekly, twice a month, or every few months.
 */
export function cronForRunsPerDay(runsPerDay: number, anchor: CronAnchor): string {
  const { minute, hour } = anchor;
  if (runsPerDay > 24) {
    const step = MINUTE_STEPS.find((candidate) => candidate >= 1440 / runsPerDay - EPSILON);
    if (step === 1) return "* * * * *";
    if (step) return `*/${step} * * * *`;
    return `${minute} * * * *`;
  }
  if (runsPerDay >= 1 - EPSILON) {
    const perDay = Math.floor(runsPerDay + EPSILON);
    if (perDay === 1) return `${minute} ${hour} * * *`;
    if (perDay === 24) return `${minute} * * * *`;
    if (24 % perDay === 0) return `${minute} ${hour % (24 / perDay)}/${24 / perDay} * * *`;
    const hours = Array.from({ length: perDay }, (_, i) => (hour + Math.floor((i * 24) / perDay)) % 24).sort((a, b) => a - b);
    return `${minute} ${hours.join(",")} * * *`;
  }
  const everyDays = Math.ceil(1 / runsPerDay - EPSILON);
  if (everyDays <= 6) return `${minute} ${hour} */${everyDays} * *`;
  if (everyDays <= 7) return `${minute} ${hour} * * ${anchor.dayOfWeek}`;
  // Cron cannot say "every two weeks"; twice a month is the nearest rate it can.
  if (everyDays <= 20) {
    const first = ((anchor.dayOfMonth - 1) % 14) + 1;
    return `${minute} ${hour} ${first},${first + 14} * *`;
  }
  const everyMonths = Math.min(12, Math.ceil(everyDays / 30 - EPSILON));
  const day = Math.min(anchor.dayOfMonth, 28);
  return everyMonths === 1 ? `${minute} ${hour} ${day} * *` : `${minute} ${hour} ${day} */${everyMonths} *`;
}

/** The cron at half its current frequency, or null when it is already too rare to measure and halve. */
export function halveFrequency(cronExpr: string, timezone: string, from: Date): string | null {
  const runsPerDay = estimateRunsPerDay(cronExpr, timezone, from);
  if (runsPerDay === null) return null;
  const halved = cronForRunsPerDay(runsPerDay / 2, anchorOf(cronExpr, timezone, from));
  return halved === cronExpr ? null : halved;
}
