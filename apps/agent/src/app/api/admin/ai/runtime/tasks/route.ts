import { ListRuntimeTasksQuery, listRuntimeTasks, ListRuntimeTasksResponse } from "@switchyard/core/admin/runtime";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "Recent execution jobs with their outcome, the run each drove and its latest runtime event",
        tag: "Runtime admin",
        response: ListRuntimeTasksResponse,
      },
      role: "ADMIN",
      query: ListRuntimeTasksQuery,
    },
    async ({ ctx, query }) => listRuntimeTasks(ctx, query),
  ),
});
