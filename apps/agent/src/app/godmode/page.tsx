import type { Metadata } from "next";
import { ListActivityQuery, listActivity } from "@switchyard/core/activity/feed";
import { getSystemHealth } from "@switchyard/core/activity/health";
import { requireSession } from "@/components/require-session";
import { FEED_LIMIT, GROUP_LIMIT, type ActivityListResponse, type GroupedActivityResponse, type SystemHealth } from "@/components/godmode/api";
import { parseGodmodeFilters, typesForFilter } from "@/components/godmode/event-config";
import { GodmodeView } from "@/components/godmode/godmode-view";
import { PageHeader } from "./page-header";

export const metadata: Metadata = { title: "God Mode" };

/** Dates cross to the client as ISO strings, exactly as the API sends them, so one type serves both. */
function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export default async function GodmodePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = new URLSearchParams(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  const query = params.toString();
  const ctx = await requireSession(query ? `/godmode?${query}` : "/godmode");
  const filters = parseGodmodeFilters(params);
  const types = typesForFilter(filters.type);
  const base = { ...(types ? { type: types } : {}), ...(filters.q ? { search: filters.q } : {}) };
  const loadedAt = Date.now();

  const [feed, groups, health] = await Promise.all([
    listActivity(ctx, ListActivityQuery.parse({ ...base, limit: String(FEED_LIMIT) })),
    listActivity(ctx, ListActivityQuery.parse({ ...base, grouped: "true", limit: String(GROUP_LIMIT) })),
    getSystemHealth(ctx, new Date(loadedAt)),
  ]);

  return (
    <>
      <PageHeader />
      <GodmodeView
        initialData={{
          feed: asJson<ActivityListResponse>(feed),
          groups: asJson<GroupedActivityResponse>(groups),
          health: asJson<SystemHealth>(health),
          types,
          q: filters.q,
        }}
        loadedAt={loadedAt}
      />
    </>
  );
}
