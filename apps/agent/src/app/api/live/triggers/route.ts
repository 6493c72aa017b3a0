import { listTriggerEvents } from "@switchyard/core/runs/triggers-feed";
import { route, routeMethods } from "@/lib/api";
import { ListTriggerEventsQuery, TriggerEventListResponseSchema } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Trigger events with the runs they started", tag: "Observe", response: TriggerEventListResponseSchema }, query: ListTriggerEventsQuery },
    async ({ ctx, query }) => listTriggerEvents(ctx, query),
  ),
});
