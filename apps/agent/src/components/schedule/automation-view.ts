/**
 * The /schedule view model: the automation shape as it arrives over JSON, the URL-synced filters and
 * the client-side sort. Client code must not import core (it reaches the database), so the few
 * values it needs are restated here.
 */
import type { Automation, AutomationSummary } from "@switchyard/core/automations/index";
import { getSeverity, type SeverityLevel, severitySortOrder } from "@switchyard/ui/severity";

/** Dates become ISO strings on the way through JSON. */
export type Serialized<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Serialized<U>[]
    : T extends object
      ? { [K in keyof T]: Serialized<T[K]> }
      : T;

export type AutomationRow = Serialized<Automation>;
export type { AutomationSummary };
export interface AutomationListResponse {
  automations: AutomationRow[];
  summary: AutomationSummary;
  generatedAt: string;
}

export const PRIMITIVES = ["agent", "workflow", "network", "campaign", "pulse"] as const;
export type Primitive = (typeof PRIMITIVES)[number];
export const TYPE_FILTERS = ["schedule", "trigger"] as const;
export type TypeFilter = (typeof TYPE_FILTERS)[number];
export const SEVERITIES = ["failing", "unstable", "degrading", "healthy"] as const satisfies readonly SeverityLevel[];
export const SORTS = ["severity", "name", "runs", "success", "lastRun", "nextRun", "cost"] as const;
export type SortKey = (typeof SORTS)[number];

export interface ScheduleFilters {
  q?: string;
  primitive?: Primitive;
  type?: TypeFilter;
  severity?: SeverityLevel;
  sort?: SortKey;
  order?: "asc" | "desc";
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

export function parseScheduleFilters(params: SearchParamsLike): ScheduleFilters {
  return {
    q: read(params, "q")?.slice(0, 200),
    primitive: oneOf(PRIMITIVES, read(params, "primitive")),
    type: oneOf(TYPE_FILTERS, read(params, "type")),
    severity: oneOf(SEVERITIES, read(params, "severity")),
    sort: oneOf(SORTS, read(params, "sort")),
    order: oneOf(["asc", "desc"] as const, read(params, "order")),
  };
}

export function scheduleFiltersToSearchParams(filters: ScheduleFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["q", "primitive", "type", "severity", "sort", "order"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

export function matchesFilters(a: AutomationRow, f: ScheduleFilters): boolean {
  if (f.primitive && a.primitiveType !== f.primitive) return false;
  if (f.type && a.sourceType !== f.type) return false;
  if (f.severity && a.severity !== f.severity) return false;
  if (f.q) {
    const needle = f.q.toLowerCase();
    const haystack = [a.name, a.description, a.entity?.name, a.entity?.slug, a.primitiveType, a.type, a.config.cronExpr, a.config.eventName];
    if (!haystack.some((value) => value?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export const DEFAULT_ORDER: Record<SortKey, "asc" | "desc"> = {
  severity: "asc",
  name: "asc",
  runs: "desc",
  success: "asc",
  lastRun: "desc",
  nextRun: "asc",
  cost: "desc",
};

function sortValue(a: AutomationRow, sort: SortKey): number | string | null {
  switch (sort) {
    case "severity":
      return severitySortOrder[a.severity];
    case "name":
      return a.name.toLowerCase();
    case "runs":
      return a.stats.totalRuns;
    case "success":
      return a.stats.successRuns + a.stats.failedRuns > 0 ? a.successRate : null;
    case "lastRun":
      return a.lastRun ? Date.parse(a.lastRun.startedAt) : null;
    case "nextRun":
      return a.nextRunAt ? Date.parse(a.nextRunAt) : null;
    case "cost":
      return a.estMonthlyCost;
  }
}

/** Nulls last in either direction; within a severity band the busiest first, where failures cost the most. */
export function sortAutomations(list: AutomationRow[], sort: SortKey = "severity", order?: "asc" | "desc"): AutomationRow[] {
  const direction = (order ?? DEFAULT_ORDER[sort]) === "asc" ? 1 : -1;
  return [...list].sort((x, y) => {
    const kx = sortValue(x, sort);
    const ky = sortValue(y, sort);
    if (kx !== ky) {
      if (kx === null) return 1;
      if (ky === null) return -1;
      return (kx < ky ? -1 : 1) * direction;
    }
    if (sort === "severity" && x.stats.totalRuns !== y.stats.totalRuns) return y.stats.totalRuns - x.stats.totalRuns;
    return x.name.localeCompare(y.name) || x.id.localeCompare(y.id);
  });
}

/** The severity of the overall success rate, for the Success Rate card. */
export function overallSeverity(summary: AutomationSummary, automations: AutomationRow[]): SeverityLevel {
  const decided = automations.reduce((sum, a) => sum + a.stats.successRuns + a.stats.failedRuns, 0);
  return getSeverity(summary.overallSuccessRate, decided);
}

export const PRIMITIVE_LABELS: Record<Primitive, string> = { agent: "Agent", workflow: "Workflow", network: "Network", campaign: "Campaign", pulse: "Pulse" };
export const PRIMITIVE_COLORS: Record<Primitive, string> = {
  agent: "bg-sky-500",
  workflow: "bg-violet-500",
  network: "bg-teal-500",
  campaign: "bg-amber-500",
  pulse: "bg-pink-500",
};
