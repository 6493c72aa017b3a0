/**
 * Pure layout of the /schedule week calendar: which week, where each entry goes (compressed day band
 * or hour cell), how loaded every hour is, and which colour an entry takes in each colour mode.
 */
import type { SeverityLevel } from "@switchyard/ui/severity";
import type { CalendarEntry } from "./api";
import { type ColorMode, type Primitive, PRIMITIVE_LABELS, PRIMITIVES, SEVERITIES } from "./automation-view";

const DAY_MS = 86_400_000;

/** The Monday (YYYY-MM-DD) of the week holding `date` (a YYYY-MM-DD day). */
export function weekStartOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The seven days of the week starting at `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** Today's YYYY-MM-DD in the zone. */
export function todayIn(timezone: string, now: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The hour (0–23) of an instant in the zone. */
export function hourIn(iso: string, timezone: string): number {
  const hour = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hour: "numeric", hourCycle: "h23" }).format(Date.parse(iso));
  return Number(hour) % 24;
}

/** "Nov 16 – 22, 2026", or across months "Nov 30 – Dec 6, 2026". */
export function weekLabel(monday: string): string {
  const sunday = addDays(monday, 6);
  const month = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", timeZone: "UTC" });
  const day = (date: string) => Number(date.slice(8, 10));
  const end = month(sunday) === month(monday) ? `${day(sunday)}` : `${month(sunday)} ${day(sunday)}`;
  return `${month(monday)} ${day(monday)} – ${end}, ${sunday.slice(0, 4)}`;
}

/**
 * How loaded an hour is. Seed 001 §5.3 grades 1–3 green, 4–7 yellow, 8+ red: that is a threshold of 8,
 * with yellow from half of it. The page passes the density bar's concurrency threshold instead, so an
 * hour the density bar warns about is exactly an hour the calendar paints red.
 */
export type ConcurrencyLevel = "none" | "low" | "medium" | "high";
export const SEED_CONCURRENCY_THRESHOLD = 8;

export function concurrencyLevel(count: number, threshold = SEED_CONCURRENCY_THRESHOLD): ConcurrencyLevel {
  if (count >= threshold) return "high";
  if (count >= Math.ceil(threshold / 2)) return "medium";
  if (count > 0) return "low";
  return "none";
}

export interface WeekLayout {
  /** Per day, the automations firing 12+ times a day: one banded entry each. */
  compressed: Map<string, CalendarEntry[]>;
  /** Per `date:hour`, the single occurrences in that hour, in time order. */
  cells: Map<string, CalendarEntry[]>;
  /** Per `date:hour`, the expanded compressed entries firing in that hour, with how often. */
  expandedCells: Map<string, { entry: CalendarEntry; firings: number }[]>;
  /** Per `date:hour`, expected executions: every firing (compressed ones included) times its weight. */
  load: Map<string, number>;
}

export const cellKey = (date: string, hour: number) => `${date}:${hour}`;
/** Identifies one day's compressed entry, for expanding it into its hours. */
export const expansionKey = (entry: Pick<CalendarEntry, "automationId" | "date">) => `${entry.automationId}@${entry.date}`;

/** `expanded` holds the expansionKeys of compressed entries the operator opened (seed 001 §5.1: collapsed by default). */
export function layoutWeek(entries: CalendarEntry[], timezone: string, expanded: ReadonlySet<string> = new Set()): WeekLayout {
  const compressed = new Map<string, CalendarEntry[]>();
  const cells = new Map<string, CalendarEntry[]>();
  const expandedCells = new Map<string, { entry: CalendarEntry; firings: number }[]>();
  const load = new Map<string, number>();
  const addLoad = (key: string, amount: number) => load.set(key, (load.get(key) ?? 0) + amount);
  for (const entry of entries) {
    if (entry.compressed || !entry.at) {
      compressed.set(entry.date, [...(compressed.get(entry.date) ?? []), entry]);
      const isExpanded = expanded.has(expansionKey(entry));
      entry.byHour?.forEach((firings, hour) => {
        if (firings === 0) return;
        const key = cellKey(entry.date, hour);
        addLoad(key, firings * entry.weight);
        if (isExpanded) expandedCells.set(key, [...(expandedCells.get(key) ?? []), { entry, firings }]);
      });
      continue;
    }
    const key = cellKey(entry.date, hourIn(entry.at, timezone));
    cells.set(key, [...(cells.get(key) ?? []), entry]);
    addLoad(key, entry.weight);
  }
  for (const list of compressed.values()) list.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { compressed, cells, expandedCells, load };
}

/** Static class names (Tailwind must see them whole): a dot for legends, a chip for entries. */
export interface Swatch {
  dot: string;
  chip: string;
}

const PALETTE: Swatch[] = [
  { dot: "bg-sky-500", chip: "border-sky-500 bg-sky-50 text-sky-900" },
  { dot: "bg-violet-500", chip: "border-violet-500 bg-violet-50 text-violet-900" },
  { dot: "bg-emerald-500", chip: "border-emerald-500 bg-emerald-50 text-emerald-900" },
  { dot: "bg-amber-500", chip: "border-amber-500 bg-amber-50 text-amber-900" },
  { dot: "bg-rose-500", chip: "border-rose-500 bg-rose-50 text-rose-900" },
  { dot: "bg-teal-500", chip: "border-teal-500 bg-teal-50 text-teal-900" },
  { dot: "bg-indigo-500", chip: "border-indigo-500 bg-indigo-50 text-indigo-900" },
  { dot: "bg-lime-600", chip: "border-lime-600 bg-lime-50 text-lime-900" },
  { dot: "bg-fuchsia-500", chip: "border-fuchsia-500 bg-fuchsia-50 text-fuchsia-900" },
  { dot: "bg-orange-500", chip: "border-orange-500 bg-orange-50 text-orange-900" },
  { dot: "bg-cyan-500", chip: "border-cyan-500 bg-cyan-50 text-cyan-900" },
  { dot: "bg-pink-500", chip: "border-pink-500 bg-pink-50 text-pink-900" },
];
const NEUTRAL: Swatch = { dot: "bg-zinc-400", chip: "border-zinc-400 bg-zinc-100 text-zinc-800" };

/** The same hues as the density bar's primitive colours, so both read alike. */
const PRIMITIVE_SWATCHES: Record<Primitive, Swatch> = {
  agent: PALETTE[0]!,
  workflow: PALETTE[1]!,
  network: PALETTE[5]!,
  campaign: PALETTE[3]!,
  pulse: PALETTE[11]!,
};

const SEVERITY_SWATCHES: Record<SeverityLevel, Swatch> = {
  healthy: { dot: "bg-green-500", chip: "border-green-500 bg-green-50 text-green-900" },
  degrading: { dot: "bg-yellow-500", chip: "border-yellow-500 bg-yellow-50 text-yellow-900" },
  unstable: { dot: "bg-orange-500", chip: "border-orange-500 bg-orange-50 text-orange-900" },
  failing: { dot: "bg-red-500", chip: "border-red-500 bg-red-50 text-red-900" },
};

export interface LegendItem {
  key: string;
  label: string;
  swatch: Swatch;
}

/** An entry's agent (for colour and the agent filter): only agent automations have one. */
export function agentOf(entry: CalendarEntry): { slug: string; name: string } | null {
  return entry.entity?.type === "agent" ? { slug: entry.entity.slug, name: entry.entity.name } : null;
}

/** The agents of the entries, by name; each keeps its colour whatever the filters. */
export function agentsOf(entries: CalendarEntry[]): { slug: string; name: string }[] {
  const bySlug = new Map<string, string>();
  for (const entry of entries) {
    const agent = agentOf(entry);
    if (agent) bySlug.set(agent.slug, agent.name);
  }
  return [...bySlug.entries()].map(([slug, name]) => ({ slug, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function agentSwatches(agents: { slug: string }[]): Map<string, Swatch> {
  return new Map(agents.map((agent, index) => [agent.slug, PALETTE[index % PALETTE.length]!]));
}

export function swatchOf(entry: CalendarEntry, mode: ColorMode, agentColors: Map<string, Swatch>): Swatch {
  if (mode === "primitive") return PRIMITIVE_SWATCHES[entry.primitiveType];
  if (mode === "health") return SEVERITY_SWATCHES[entry.severity as SeverityLevel] ?? NEUTRAL;
  const agent = agentOf(entry);
  return (agent && agentColors.get(agent.slug)) || NEUTRAL;
}

/** What each colour means in the mode, limited to what the shown entries use. */
export function legendFor(mode: ColorMode, entries: CalendarEntry[], agentColors: Map<string, Swatch>): LegendItem[] {
  if (mode === "primitive") {
    const present = new Set(entries.map((e) => e.primitiveType));
    return PRIMITIVES.filter((p) => present.has(p)).map((p) => ({ key: p, label: PRIMITIVE_LABELS[p], swatch: PRIMITIVE_SWATCHES[p] }));
  }
  if (mode === "health") {
    return [...SEVERITIES].reverse().map((s) => ({ key: s, label: s[0]!.toUpperCase() + s.slice(1), swatch: SEVERITY_SWATCHES[s] }));
  }
  const items: LegendItem[] = agentsOf(entries).map((agent) => ({ key: agent.slug, label: agent.name, swatch: agentColors.get(agent.slug) ?? NEUTRAL }));
  if (entries.some((e) => !agentOf(e))) items.push({ key: "none", label: "Campaigns, pulses, workflows", swatch: NEUTRAL });
  return items;
}
