import { computeCalendar, CalendarResponse } from "@switchyard/core/automations/index";
import { route, routeMethods } from "@/lib/api";
import { CalendarQuery } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Occurrences in a range, dense automations compressed", tag: "Schedule", response: CalendarResponse }, query: CalendarQuery },
    async ({ ctx, query }) => computeCalendar(ctx, query),
  ),
});
