/**
 * Pure helpers for creating and editing schedules on /schedule: which rows are schedules the
 * /api/schedules endpoints own, the time zones a form offers, how an occurrence reads, and what a
 * bulk pause or resume did.
 */
import type { AutomationRow } from "./automation-view";
import type { BulkScheduleResult } from "./api";

/**
 * The /api/schedules id of an agent, workflow, network or campaign schedule (the row id after the
 * `<source>:` prefix); null for triggers and pulses, whose evaluation cron is edited on the pulse.
 */
export function scheduleIdOf(automation: Pick<AutomationRow, "id" | "source">): string | null {
  return automation.source.endsWith("-schedule") ? automation.id.slice(automation.source.length + 1) : null;
}

/**
 * Zones ICU still lists by a name IANA has since replaced (CLDR keeps the old ids stable). Both names
 * are valid IANA ids; the form offers the one people look for.
 */
const RENAMED_ZONES: Record<string, string> = {
  "America/Godthab": "America/Nuuk",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every IANA zone the browser knows, by its current name, UTC first (some runtimes leave it out). */
export function timeZoneOptions(supported: readonly string[] = Intl.supportedValuesOf("timeZone")): string[] {
  const current = supported.map((zone) => (RENAMED_ZONES[zone] && isKnownZone(RENAMED_ZONES[zone]) ? RENAMED_ZONES[zone] : zone));
  return ["UTC", ...[...new Set(current)].filter((zone) => zone !== "UTC").sort()];
}

/** The browser's own zone when the list has it, else UTC: the form's starting point. */
export function defaultTimeZone(options: readonly string[]): string {
  const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const own = RENAMED_ZONES[resolved] ?? resolved;
  return own && options.includes(own) ? own : "UTC";
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * An occurrence as the preview lists it, on the schedule zone's wall clock exactly as the API wrote
 * it ("2026-03-29T09:00:00+02:00" → "Sun, Mar 29", "09:00", "UTC+02:00"), not in the browser's zone.
 */
export function describeOccurrence(iso: string): { day: string; time: string; offset: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}):\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!match) return { day: iso, time: "", offset: "" };
  const [, year, month, date, time, zone] = match as unknown as [string, string, string, string, string, string];
  const weekday = new Date(Date.UTC(Number(year), Number(month) - 1, Number(date))).getUTCDay();
  return {
    day: `${WEEKDAYS[weekday]}, ${MONTHS[Number(month) - 1]} ${Number(date)}`,
    time: time!,
    offset: zone === "Z" || zone === "+00:00" ? "UTC" : `UTC${zone}`,
  };
}

/** "Paused 2 schedules. 1 was already paused. 1 was not found." */
export function describeBulkResult(result: Pick<BulkScheduleResult, "action" | "summary">): string {
  const { changed, unchanged, notFound, failed } = result.summary;
  const done = result.action === "pause" ? "Paused" : "Resumed";
  const state = result.action === "pause" ? "paused" : "active";
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [`${done} ${plural(changed, "schedule", "schedules")}.`];
  if (unchanged > 0) parts.push(`${plural(unchanged, "was", "were")} already ${state}.`);
  if (notFound > 0) parts.push(`${plural(notFound, "was", "were")} not found.`);
  if (failed > 0) parts.push(`${failed} could not be resumed: the stored cron is invalid.`);
  return parts.join(" ");
}

/** The parsed JSON object, or what is wrong with the text. */
export function parseJsonObject(text: string): Record<string, unknown> | string {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : "Input must be a JSON object";
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`;
  }
}
