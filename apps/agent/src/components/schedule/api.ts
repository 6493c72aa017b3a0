import type { CalendarEntry as CoreCalendarEntry } from "@switchyard/core/automations/density";
import type { BulkScheduleResponse, ScheduleEntityType, ScheduleView } from "@switchyard/core/automations/schedules";
import type { HealthPolicyResult } from "@switchyard/core/health/policy";
import type { z } from "zod";
import { requestJson } from "@/components/api-client";
import type { AutomationListResponse, AutomationRow, Primitive, Serialized } from "./automation-view";

export interface DensitySlot {
  hour: number;
  count: number;
  firings: number;
  byPrimitive: Record<Primitive, number>;
  names: string[];
}

export interface DensityResponse {
  date: string;
  timezone: string;
  threshold: number;
  slots: DensitySlot[];
  warnings: { hour: number; count: number; message: string }[];
  warning: string | null;
}

export interface CascadeWarning {
  message: string;
  dependents: { id: string; name: string }[];
}

export interface AutomationPatch {
  isActive?: boolean;
  archived?: boolean;
  healthPolicy?: { enabled: boolean; threshold: number; window: number; action: "disable" | "reduce_frequency" | "alert" };
}

export type CalendarEntry = Serialized<CoreCalendarEntry>;

export interface CalendarResponse {
  from: string;
  to: string;
  timezone: string;
  entries: CalendarEntry[];
  totals: { entries: number; occurrences: number; compressedAutomations: number };
}

export const automationsQueryKey = ["automations"] as const;
export const archivedQueryKey = ["automations", "archived"] as const;
export const calendarQueryKey = (from: string, to: string, timezone: string) => ["automations", "calendar", from, to, timezone] as const;
export const densityQueryKey = (timezone: string) => ["automations", "density", timezone] as const;

export function fetchAutomations(signal?: AbortSignal) {
  return requestJson<AutomationListResponse>("/api/live/automations", { signal });
}

/** Archived automations only (the API lists them with the rest when asked to). */
export async function fetchArchivedAutomations(signal?: AbortSignal): Promise<AutomationRow[]> {
  const response = await requestJson<AutomationListResponse>("/api/live/automations?includeArchived=true&sort=name", { signal });
  return response.automations.filter((a) => a.isArchived);
}

/** Occurrences in [from, to), YYYY-MM-DD days read in `timezone`. */
export function fetchCalendar(from: string, to: string, timezone: string, signal?: AbortSignal) {
  const query = new URLSearchParams({ from, to, timezone });
  return requestJson<CalendarResponse>(`/api/live/automations/calendar?${query}`, { signal });
}

export function fetchDensity(timezone: string, signal?: AbortSignal) {
  return requestJson<DensityResponse>(`/api/live/automations/density?timezone=${encodeURIComponent(timezone)}`, { signal });
}

export function patchAutomation(id: string, patch: AutomationPatch) {
  return requestJson<{ automation: AutomationRow; warning: CascadeWarning | null; policyCheck: HealthPolicyResult | null }>(
    `/api/live/automations/${encodeURIComponent(id)}`,
    {
      method: "PATCH",
      body: JSON.stringify(patch),
    },
  );
}

/** A schedule as /api/schedules answers it. */
export type ScheduleRecord = Serialized<ScheduleView>;
export type BulkScheduleResult = Serialized<z.infer<typeof BulkScheduleResponse>>;
export type ScheduleKind = ScheduleEntityType;

export interface NewSchedule {
  entity: { type: ScheduleKind; slug: string };
  name: string;
  cronExpr: string;
  timezone: string;
  input: Record<string, unknown>;
}

export interface ScheduleEdit {
  cronExpr?: string;
  timezone?: string;
}

export function createSchedule(body: NewSchedule) {
  return requestJson<{ schedule: ScheduleRecord }>("/api/schedules", { method: "POST", body: JSON.stringify(body) });
}

export function updateSchedule(id: string, edit: ScheduleEdit) {
  return requestJson<{ schedule: ScheduleRecord }>(`/api/schedules/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(edit) });
}

export function bulkUpdateSchedules(ids: string[], action: "pause" | "resume") {
  return requestJson<BulkScheduleResult>("/api/schedules/bulk", { method: "POST", body: JSON.stringify({ ids, action }) });
}

export const schedulePreviewQueryKey = (cronExpr: string, timezone: string) => ["schedule-preview", cronExpr, timezone] as const;

export function fetchSchedulePreview(cronExpr: string, timezone: string, signal?: AbortSignal) {
  return requestJson<{ cronExpr: string; timezone: string; nextRuns: string[] }>(`/api/schedules/preview?${new URLSearchParams({ cronExpr, timezone })}`, {
    signal,
  });
}
