import { DeleteScheduleResponse, deleteSchedule, getSchedule, UpdateScheduleBody, updateSchedule } from "@switchyard/core/automations/schedules";
import { route, routeMethods } from "@/lib/api";
import { ScheduleParams, ScheduleResponse } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "One schedule (archived ones too) with its next five runs", tag: "Schedule", response: ScheduleResponse }, params: ScheduleParams },
    async ({ ctx, params }) => ({
      schedule: await getSchedule(ctx, params.id),
    }),
  ),
  PATCH: route(
    {
      doc: {
        summary: "Edit a schedule: pausing/resuming (isActive) needs operator, anything else admin; a new cron or zone moves nextRunAt atomically",
        tag: "Schedule",
        response: ScheduleResponse,
      },
      role: "OPERATOR",
      params: ScheduleParams,
      body: UpdateScheduleBody,
    },
    async ({ ctx, params, body }) => ({ schedule: await updateSchedule(ctx, params.id, body) }),
  ),
  DELETE: route(
    {
      doc: {
        summary: "Delete a schedule by archiving it: it stops firing, and the runs it started keep referring to it",
        tag: "Schedule",
        response: DeleteScheduleResponse,
      },
      role: "ADMIN",
      params: ScheduleParams,
    },
    async ({ ctx, params }) => deleteSchedule(ctx, params.id),
  ),
});
