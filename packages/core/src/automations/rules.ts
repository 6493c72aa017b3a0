/**
 * The filter and sort rules of the automation list, shared by the API (over `Date`s) and the /schedule
 * page (over the same rows after JSON turned dates into ISO strings). Pure: it imports nothing that
 * reaches the database, so client components may import it (`@switchyard/core/automations/rules`).
 */
import { type SeverityLevel, severitySortOrder } from "@switchyard/ui/severity";

export const PRIMITIVE_TYPES = ["agent", "workflow", "network", "campaign", "pulse"] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];

export const AUTOMATION_SORTS = ["severity", "name", "runs", "success", "lastRun", "nextRun", "cost"] as const;
export type AutomationSort = (typeof AUTOMATION_SORTS)[number];
/** `schedule` / `trigger` match the source type; the others the exact type. */
export const AUTOMATION_TYPE_FILTERS = ["schedule", "trigger", "webhook", "event", "manual", "campaign", "pulse_eval"] as const;
export type AutomationTypeFilter = (typeof AUTOMATION_TYPE_FILTERS)[number];

export const DEFAULT_SORT_ORDER: Record<AutomationSort, "asc" | "desc"> = {
  severity: "asc",
  name: "asc",
  runs: "desc",
  success: "asc",
  lastRun: "desc",
  nextRun: "asc",
  cost: "desc",
};

export interface AutomationFilter {
  primitiveType?: PrimitiveType;
  entityId?: string;
  entitySlug?: string;
  type?: AutomationTypeFilter;
  severity?: SeverityLevel;
  search?: string;
}

type Instant = Date | string;

/** What the rules read of an automation: satisfied by the core shape and by its JSON form alike. */
export interface RuleSubject {
  id: string;
  name: string;
  description: string | null;
  primitiveType: PrimitiveType;
  type: string;
  sourceType: "schedule" | "trigger";
  severity: SeverityLevel;
  successRate: number | null;
  estMonthlyCost: number | null;
  entity: { id: string; slug: string; name: string } | null;
  config: { cronExpr: string | null; eventName: string | null; webhookPath: string | null };
  stats: { totalRuns: number; successRuns: number; failedRuns: number };
  lastRun: { startedAt: Instant } | null;
  nextRunAt: Instant | null;
}

export function matchesAutomation(a: RuleSubject, q: AutomationFilter): boolean {
  if (q.primitiveType && a.primitiveType !== q.primitiveType) return false;
  if (q.entityId && a.entity?.id !== q.entityId) return false;
  if (q.entitySlug && a.entity?.slug !== q.entitySlug) return false;
  if (q.type && a.type !== q.type && a.sourceType !== q.type) return false;
  if (q.severity && a.severity !== q.severity) return false;
  if (q.search) {
    const needle = q.search.toLowerCase();
    const haystack = [
      a.name,
      a.description,
      a.entity?.name,
      a.entity?.slug,
      a.primitiveType,
      a.type,
      a.config.cronExpr,
      a.config.eventName,
      a.config.webhookPath,
    ];
    if (!haystack.some((value) => value?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

const time = (value: Instant | null | undefined): number | null => (value == null ? null : typeof value === "string" ? Date.parse(value) : value.getTime());

function sortKey(a: RuleSubject, sort: AutomationSort): number | string | null {
  switch (sort) {
    case "severity":
      return severitySortOrder[a.severity];
    case "name":
      return a.name.toLowerCase();
    case "runs":
      return a.stats.totalRuns;
    case "success":
      return a.successRate;
    case "lastRun":
      return time(a.lastRun?.startedAt);
    case "nextRun":
      return time(a.nextRunAt);
    case "cost":
      return a.estMonthlyCost;
  }
}

/**
 * Sorted by the key, nulls last whichever the direction. Within a severity band the automation with
 * the most runs comes first (seed 001 §2.2: a busy failing job hurts more than a rare one); every other
 * tie falls back to name then id, so the order is stable and identical in the API and the page.
 */
export function sortAutomations<T extends RuleSubject>(list: readonly T[], sort: AutomationSort = "severity", order?: "asc" | "desc"): T[] {
  const direction = (order ?? DEFAULT_SORT_ORDER[sort]) === "asc" ? 1 : -1;
  return [...list].sort((x, y) => {
    const kx = sortKey(x, sort);
    const ky = sortKey(y, sort);
    if (kx !== ky) {
      if (kx === null) return 1;
      if (ky === null) return -1;
      return (kx < ky ? -1 : 1) * direction;
    }
    if (sort === "severity" && x.stats.totalRuns !== y.stats.totalRuns) return y.stats.totalRuns - x.stats.totalRuns;
    return x.name.localeCompare(y.name) || x.id.localeCompare(y.id);
  });
}
