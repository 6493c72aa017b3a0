/**
 * The /schedule view model: the automation shape as it arrives over JSON and the URL-synced view
 * state. Filtering and sorting are core's own rules (`@switchyard/core/automations/rules`, which
 * reaches no database), so the page and the API order rows identically.
 */
import type { Automation, AutomationSummary } from "@switchyard/core/automations/index";
import { type AutomationSort, AUTOMATION_SORTS, DEFAULT_SORT_ORDER, PRIMITIVE_TYPES, type PrimitiveType } from "@switchyard/core/automations/rules";
import { getSeverity, type SeverityLevel } from "@switchyard/ui/severity";

/** Dates become ISO strings on the way through JSON. */
export type Serialized<T> = T extends Date ? string : T extends (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;

export type AutomationRow = Serialized<Automation>;
export type { AutomationSummary };
export interface AutomationListResponse {
  automations: AutomationRow[];
  summary: AutomationSummary;
  generatedAt: string;
}

export const PRIMITIVES = PRIMITIVE_TYPES;
export type Primitive = PrimitiveType;
export const TYPE_FILTERS = ["schedule", "trigger"] as const;
export type TypeFilter = (typeof TYPE_FILTERS)[number];
export const SEVERITIES = ["failing", "unstable", "degrading", "healthy"] as const satisfies readonly SeverityLevel[];
export type SortKey = AutomationSort;
export const DEFAULT_ORDER = DEFAULT_SORT_ORDER;

export const VIEWS = ["list", "calendar", "archived"] as const;
export type ScheduleViewMode = (typeof VIEWS)[number];
export const COLOR_MODES = ["agent", "primitive", "health"] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

export interface ScheduleFilters {
  /** Absent means the list. */
  view?: Exclude<ScheduleViewMode, "list">;
  q?: string;
  primitive?: Primitive;
  type?: TypeFilter;
  severity?: SeverityLevel;
  sort?: SortKey;
  order?: "asc" | "desc";
  /** Calendar: the Monday (YYYY-MM-DD) of the week shown; absent means this week. */
  week?: string;
  /** Calendar: an agent's slug. */
  agent?: string;
  /** Calendar: absent means colour by agent. */
  color?: Exclude<ColorMode, "agent">;
  /** Calendar: the concurrency overlay is on unless this says off. */
  overlay?: "off";
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: SearchParamsLike, key: string): string | undefined {
  const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

const PARAM_KEYS = ["view", "q", "primitive", "type", "severity", "sort", "order", "week", "agent", "color", "overlay"] as const;

export function parseScheduleFilters(params: SearchParamsLike): ScheduleFilters {
  const week = read(params, "week");
  return {
    view: oneOf(["calendar", "archived"] as const, read(params, "view")),
    q: read(params, "q")?.slice(0, 200),
    primitive: oneOf(PRIMITIVES, read(params, "primitive")),
    type: oneOf(TYPE_FILTERS, read(params, "type")),
    severity: oneOf(SEVERITIES, read(params, "severity")),
    sort: oneOf(AUTOMATION_SORTS, read(params, "sort")),
    order: oneOf(["asc", "desc"] as const, read(params, "order")),
    week: week && /^\d{4}-\d{2}-\d{2}$/.test(week) && !Number.isNaN(Date.parse(week)) ? week : undefined,
    agent: read(params, "agent")?.slice(0, 100),
    color: oneOf(["primitive", "health"] as const, read(params, "color")),
    overlay: oneOf(["off"] as const, read(params, "overlay")),
  };
}

export function scheduleFiltersToSearchParams(filters: ScheduleFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of PARAM_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The list's filters in core's vocabulary. */
export function listFilterOf(f: ScheduleFilters) {
  return { primitiveType: f.primitive, type: f.type, severity: f.severity, search: f.q };
}

/**
 * "21 runs · 15 finished (11 failed) · 2 in progress · 4 cancelled": every run in exactly one part, so
 * the parts add up to the total and the success rate reads over the finished ones.
 */
export function describeRunCounts(stats: AutomationRow["stats"]): string {
  const finished = stats.successRuns + stats.failedRuns;
  const count = (n: number) => n.toLocaleString("en-US");
  const parts = [
    `${count(stats.totalRuns)} ${stats.totalRuns === 1 ? "run" : "runs"}`,
    `${count(finished)} finished${stats.failedRuns > 0 ? ` (${count(stats.failedRuns)} failed)` : ""}`,
  ];
  return [...parts, ...unfinishedParts(stats)].join(" · ");
}

/** "2 in progress", "4 cancelled": the runs the success rate leaves out. */
export function unfinishedParts(stats: AutomationRow["stats"]): string[] {
  const parts: string[] = [];
  if (stats.inProgressRuns > 0) parts.push(`${stats.inProgressRuns.toLocaleString("en-US")} in progress`);
  if (stats.cancelledRuns > 0) parts.push(`${stats.cancelledRuns.toLocaleString("en-US")} cancelled`);
  return parts;
}

/** The severity of the overall success rate, for the Success Rate card. */
export function overallSeverity(summary: AutomationSummary, automations: AutomationRow[]): SeverityLevel {
  const decided = automations.reduce((sum, a) => sum + a.stats.successRuns + a.stats.failedRuns, 0);
  return getSeverity(summary.overallSuccessRate, decided);
}

/** Disabled by its health policy rather than by a person. */
export function isAutoDisabled(a: Pick<AutomationRow, "isActive" | "healthTriggeredAt" | "healthPolicy">): boolean {
  return !a.isActive && Boolean(a.healthTriggeredAt) && a.healthPolicy?.action === "disable";
}

export const PRIMITIVE_LABELS: Record<Primitive, string> = { agent: "Agent", workflow: "Workflow", network: "Network", campaign: "Campaign", pulse: "Pulse" };
export const PRIMITIVE_COLORS: Record<Primitive, string> = {
  agent: "bg-sky-500",
  workflow: "bg-violet-500",
  network: "bg-teal-500",
  campaign: "bg-amber-500",
  pulse: "bg-pink-500",
};
