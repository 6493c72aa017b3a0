import { ListRuntimeTasksQuery, listRuntimeTasks } from "@switchyard/core/admin/runtime";
import { route } from "@/lib/api";

export const GET = route({ role: "ADMIN", query: ListRuntimeTasksQuery }, async ({ ctx, query }) => listRuntimeTasks(ctx, query));
