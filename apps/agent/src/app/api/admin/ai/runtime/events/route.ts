import { ListRuntimeEventsQuery, listRuntimeEvents } from "@switchyard/core/admin/runtime";
import { route } from "@/lib/api";

export const GET = route({ role: "ADMIN", query: ListRuntimeEventsQuery }, async ({ ctx, query }) => listRuntimeEvents(ctx, query));
