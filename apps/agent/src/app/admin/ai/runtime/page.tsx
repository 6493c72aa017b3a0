import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { ListRuntimeEventsQuery, getRuntimeAdminStatus, listRuntimeEvents, listRuntimeTasks } from "@switchyard/core/admin/runtime";
import { NotAllowed } from "@/components/admin/not-allowed";
import { requireSession } from "@/components/require-session";
import {
  TASKS_LIMIT,
  parseRuntimeFilters,
  runtimeEventsQuery,
  runtimeFiltersToSearchParams,
  type RuntimeEventRow,
  type RuntimeStatus,
  type RuntimeTask,
} from "@/components/admin/runtime-api";
import { RuntimeView } from "@/components/admin/runtime-view";
import { PageHeader } from "./page-header";

export const metadata: Metadata = { title: "Runtime · Admin" };

/** Dates cross to the client as ISO strings, exactly as the API sends them, so one type serves both. */
function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export default async function RuntimeAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = new URLSearchParams(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  const query = params.toString();
  const ctx = await requireSession(query ? `/admin/ai/runtime?${query}` : "/admin/ai/runtime");
  if (!hasRole(ctx.actor, "ADMIN")) return <NotAllowed role={ctx.actor.role} surface="The runtime admin" />;

  const filters = parseRuntimeFilters(params);
  const loadedAt = Date.now();
  const [status, events, tasks] = await Promise.all([
    getRuntimeAdminStatus(ctx),
    listRuntimeEvents(ctx, ListRuntimeEventsQuery.parse(runtimeEventsQuery(filters, loadedAt))),
    listRuntimeTasks(ctx, { limit: TASKS_LIMIT }),
  ]);

  return (
    <>
      <PageHeader />
      <RuntimeView
        initialData={{
          status: asJson<RuntimeStatus>(status),
          events: asJson<{ events: RuntimeEventRow[]; nextCursor: string | null }>(events),
          tasks: asJson<{ tasks: RuntimeTask[]; nextCursor: string | null }>(tasks),
          filtersKey: runtimeFiltersToSearchParams(filters).toString(),
        }}
        loadedAt={loadedAt}
      />
    </>
  );
}
