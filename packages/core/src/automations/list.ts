import { getSuccessRate } from "@switchyard/ui/severity";
import type { OrgContext } from "../context.ts";
import { type LoadedAutomation, loadAutomations } from "./load.ts";
import { type AutomationFilter, type AutomationSort, matchesAutomation, sortAutomations } from "./rules.ts";
import { type Automation, PRIMITIVE_TYPES, type PrimitiveType } from "./types.ts";

export { AUTOMATION_SORTS, AUTOMATION_TYPE_FILTERS, type AutomationSort } from "./rules.ts";

export interface AutomationListQuery extends AutomationFilter {
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
  /** `getSuccessRate` over every listed automation's finished runs; null when none finished. */
  overallSuccessRate: number | null;
  needsAttention: number;
  totalEstMonthlyCost: number;
}

/** Every automation of the caller's organization in one shape, filtered, sorted and summarised. */
export async function listAutomations(ctx: OrgContext, query: AutomationListQuery = {}, now: Date = new Date()) {
  const all = await loadAutomations(ctx, now);
  const matching = all.filter((a) => matchesAutomation(a, query));
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

export function summarize(list: Automation[]): AutomationSummary {
  const byPrimitive = Object.fromEntries(PRIMITIVE_TYPES.map((p) => [p, 0])) as Record<PrimitiveType, number>;
  let success = 0;
  let failed = 0;
  let cost = 0;
  for (const a of list) {
    byPrimitive[a.primitiveType]++;
    success += a.stats.successRuns;
    failed += a.stats.failedRuns;
    if (a.isActive && !a.isArchived) cost += a.estMonthlyCost ?? 0;
  }
  return {
    total: list.length,
    active: list.filter((a) => a.isActive && !a.isArchived).length,
    archived: list.filter((a) => a.isArchived).length,
    byPrimitive,
    byType: { scheduled: list.filter((a) => a.sourceType === "schedule").length, triggered: list.filter((a) => a.sourceType === "trigger").length },
    overallSuccessRate: getSuccessRate(success, failed),
    needsAttention: list.filter((a) => !a.isArchived && (a.severity === "failing" || a.severity === "unstable")).length,
    totalEstMonthlyCost: Math.round(cost * 10_000) / 10_000,
  };
}
