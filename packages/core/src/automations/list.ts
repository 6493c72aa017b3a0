import { type SeverityLevel, severitySortOrder } from "@switchyard/ui/severity";
import type { OrgContext } from "../context.ts";
import { type LoadedAutomation, loadAutomations } from "./load.ts";
import { type Automation, PRIMITIVE_TYPES, type PrimitiveType } from "./types.ts";

export const AUTOMATION_SORTS = ["severity", "name", "runs", "success", "lastRun", "nextRun", "cost"] as const;
export type AutomationSort = (typeof AUTOMATION_SORTS)[number];
export const AUTOMATION_TYPE_FILTERS = ["schedule", "trigger", "webhook", "event", "manual", "campaign", "pulse_eval"] as const;

export interface AutomationListQuery {
  primitiveType?: PrimitiveType;
  entityId?: string;
  entitySlug?: string;
  /** `schedule` / `trigger` match the source type; the others the exact type. */
  type?: (typeof AUTOMATION_TYPE_FILTERS)[number];
  severity?: SeverityLevel;
  search?: string;
  includeArchived?: boolean;
  sort?: AutomationSort;
  order?: "asc" | "desc";
}

export interface AutomationSummary {
  total: number;
  active: number;
  archived: number;
  byPrimitive: Record<PrimitiveType, number>;
  byType: { scheduled: number; triggered: number };
  overallSuccessRate: number;
  needsAttention: number;
  totalEstMonthlyCost: number;
}

/** Every automation of the caller's organization in one shape, filtered, sorted and summarised. */
export async function listAutomations(ctx: OrgContext, query: AutomationListQuery = {}, now: Date = new Date()) {
  const all = await loadAutomations(ctx, now);
  const matching = all.filter((a) => matches(a, query));
  // The summary counts archived automations too, so `archived` means something; the list hides them by default.
  const summary = summarize(matching);
  const visible = query.includeArchived ? matching : matching.filter((a) => !a.isArchived);
  const automations = sortAutomations(visible, query.sort ?? "severity", query.order).map(toPublic);
  return { automations, summary, generatedAt: now };
}

export function toPublic(automation: LoadedAutomation): Automation {
  const { cascadeFactor: _cascadeFactor, ...rest } = automation;
  return rest;
}

function matches(a: Automation, q: AutomationListQuery): boolean {
  if (q.primitiveType && a.primitiveType !== q.primitiveType) return false;
  if (q.entityId && a.entity?.id !== q.entityId) return false;
  if (q.entitySlug && a.entity?.slug !== q.entitySlug) return false;
  if (q.type && a.type !== q.type && a.sourceType !== q.type) return false;
  if (q.severity && a.severity !== q.severity) return false;
  if (q.search) {
    const needle = q.search.toLowerCase();
    const haystack = [a.id, a.name, a.description, a.entity?.name, a.entity?.slug, a.config.cronExpr, a.config.eventName, a.config.webhookPath];
    if (!haystack.some((value) => value?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

const DEFAULT_ORDER: Record<AutomationSort, "asc" | "desc"> = {
  severity: "asc",
  name: "asc",
  runs: "desc",
  success: "asc",
  lastRun: "desc",
  nextRun: "asc",
  cost: "desc",
};

/** Sorted by the key (nulls last whichever the direction), then by name and id so the order is stable. */
export function sortAutomations<T extends Automation>(list: T[], sort: AutomationSort, order?: "asc" | "desc"): T[] {
  const direction = (order ?? DEFAULT_ORDER[sort]) === "asc" ? 1 : -1;
  const key = (a: Automation): number | string | null => {
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
        return a.lastRun?.startedAt.getTime() ?? null;
      case "nextRun":
        return a.nextRunAt?.getTime() ?? null;
      case "cost":
        return a.estMonthlyCost;
    }
  };
  return [...list].sort((x, y) => {
    const kx = key(x);
    const ky = key(y);
    if (kx !== ky) {
      if (kx === null) return 1;
      if (ky === null) return -1;
      return (kx < ky ? -1 : 1) * direction;
    }
    // Within a severity band the worst success rate first.
    if (sort === "severity" && x.successRate !== y.successRate) return x.successRate - y.successRate;
    return x.name.localeCompare(y.name) || x.id.localeCompare(y.id);
  });
}

export function summarize(list: Automation[]): AutomationSummary {
  const byPrimitive = Object.fromEntries(PRIMITIVE_TYPES.map((p) => [p, 0])) as Record<PrimitiveType, number>;
  let success = 0;
  let decided = 0;
  let cost = 0;
  for (const a of list) {
    byPrimitive[a.primitiveType]++;
    success += a.stats.successRuns;
    decided += a.stats.successRuns + a.stats.failedRuns;
    if (a.isActive && !a.isArchived) cost += a.estMonthlyCost ?? 0;
  }
  return {
    total: list.length,
    active: list.filter((a) => a.isActive && !a.isArchived).length,
    archived: list.filter((a) => a.isArchived).length,
    byPrimitive,
    byType: { scheduled: list.filter((a) => a.sourceType === "schedule").length, triggered: list.filter((a) => a.sourceType === "trigger").length },
    overallSuccessRate: decided > 0 ? Math.round((success / decided) * 1000) / 10 : 0,
    needsAttention: list.filter((a) => !a.isArchived && (a.severity === "failing" || a.severity === "unstable")).length,
    totalEstMonthlyCost: Math.round(cost * 10_000) / 10_000,
  };
}
