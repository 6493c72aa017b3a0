import { listTriggerEvents } from "@switchyard/core/runs/triggers-feed";
import { route, routeMethods } from "@/lib/api";
import { ListTriggerEventsQuery } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ query: ListTriggerEventsQuery }, async ({ ctx, query }) => listTriggerEvents(ctx, query)),
});
