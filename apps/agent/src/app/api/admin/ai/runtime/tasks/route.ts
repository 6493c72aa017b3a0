import { ListRuntimeTasksQuery, listRuntimeTasks } from "@switchyard/core/admin/runtime";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ role: "ADMIN", query: ListRuntimeTasksQuery }, async ({ ctx, query }) => listRuntimeTasks(ctx, query)),
});
