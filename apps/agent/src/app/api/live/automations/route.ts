import { listAutomations, ListAutomationsResponse } from "@switchyard/core/automations/index";
import { route, routeMethods } from "@/lib/api";
import { ListAutomationsQuery } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Every schedule and trigger of every primitive", tag: "Schedule", response: ListAutomationsResponse }, query: ListAutomationsQuery },
    async ({ ctx, query }) => listAutomations(ctx, query),
  ),
});
