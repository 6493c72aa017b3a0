import { PreviewScheduleQuery, PreviewScheduleResponse, previewSchedule } from "@switchyard/core/automations/schedules";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "The next five runs of a cron in a time zone, for a form's live preview (400 names the bad field)",
        tag: "Schedule",
        response: PreviewScheduleResponse,
      },
      query: PreviewScheduleQuery,
    },
    // The answer names no tenant data; authentication still applies, as on every API route.
    async ({ query }) => previewSchedule(query),
  ),
});
