import { BulkScheduleBody, BulkScheduleResponse, bulkUpdateSchedules } from "@switchyard/core/automations/schedules";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "Pause or resume up to 500 schedules in one transaction; every id gets a result (unknown ids are not_found)",
        tag: "Schedule",
        response: BulkScheduleResponse,
      },
      role: "OPERATOR",
      body: BulkScheduleBody,
    },
    async ({ ctx, body }) => bulkUpdateSchedules(ctx, body),
  ),
});
