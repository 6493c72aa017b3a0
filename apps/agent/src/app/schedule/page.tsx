import type { Metadata } from "next";
import { computeDensity, listAutomations } from "@switchyard/core/automations/index";
import { hasRole } from "@switchyard/core/context";
import { requireSession } from "@/components/require-session";
import type { AutomationListResponse } from "@/components/schedule/automation-view";
import type { DensityResponse } from "@/components/schedule/api";
import { ScheduleView } from "@/components/schedule/schedule-view";

export const metadata: Metadata = { title: "Schedule" };

/** Dates cross to the client as ISO strings, exactly as the API sends them, so one type serves both. */
function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export default async function SchedulePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = new URLSearchParams(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : []))).toString();
  const ctx = await requireSession(query ? `/schedule?${query}` : "/schedule");
  const list = await listAutomations(ctx);
  // The density is drawn in the zone most schedules are written in, so "10 PM" means what the crons say.
  const zones = list.automations.map((a) => a.config.timezone).filter((zone): zone is string => Boolean(zone));
  const timezone = mostCommon(zones) ?? "UTC";
  const density = await computeDensity(ctx, { timezone });

  return (
    <ScheduleView
      initialData={asJson<AutomationListResponse>(list)}
      initialDensity={asJson<DensityResponse>(density)}
      loadedAt={Date.now()}
      canOperate={hasRole(ctx.actor, "OPERATOR")}
      canAdmin={hasRole(ctx.actor, "ADMIN")}
    />
  );
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
