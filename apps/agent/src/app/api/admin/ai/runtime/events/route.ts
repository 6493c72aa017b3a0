import { ListRuntimeEventsQuery, listRuntimeEvents, ListRuntimeEventsResponse } from "@switchyard/core/admin/runtime";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Runtime events", tag: "Runtime admin", response: ListRuntimeEventsResponse }, role: "ADMIN", query: ListRuntimeEventsQuery },
    async ({ ctx, query }) => listRuntimeEvents(ctx, query),
  ),
});
