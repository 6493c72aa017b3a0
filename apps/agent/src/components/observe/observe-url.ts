import { parseRunFilters, runFiltersToSearchParams, type RunFilters } from "../runs/run-filters";

/**
 * The whole /observe view as it lives in the URL: the tab, the runs filters and the trigger-event
 * status. Values mirror the TriggerEventStatus enum; client code must not import the database package.
 */

export const OBSERVE_TABS = ["runs", "triggers"] as const;
export type ObserveTab = (typeof OBSERVE_TABS)[number];

export const TRIGGER_EVENT_STATUSES = ["RECEIVED", "DISPATCHED", "FIRED", "FILTERED", "FAILED"] as const;
export type TriggerEventStatusValue = (typeof TRIGGER_EVENT_STATUSES)[number];

export interface ObserveView {
  tab: ObserveTab;
  filters: RunFilters;
  eventStatus?: TriggerEventStatusValue;
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: SearchParamsLike, key: string): string | undefined {
  const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
  return (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
}

export function parseObserveView(params: SearchParamsLike): ObserveView {
  const tab = first(params, "tab")?.toLowerCase() === "triggers" ? "triggers" : "runs";
  const status = first(params, "eventStatus")?.toUpperCase();
  const eventStatus = TRIGGER_EVENT_STATUSES.find((value) => value === status);
  return { tab, filters: parseRunFilters(params), ...(eventStatus ? { eventStatus } : {}) };
}

/** Canonical query string: run filters first (their fixed order), then the tab and event status when not default. */
export function observeSearch(view: ObserveView): string {
  const params = runFiltersToSearchParams(view.filters);
  if (view.tab !== "runs") params.set("tab", view.tab);
  if (view.eventStatus) params.set("eventStatus", view.eventStatus);
  return params.toString();
}

export function observeHref(view: ObserveView): string {
  const search = observeSearch(view);
  return search ? `/observe?${search}` : "/observe";
}
