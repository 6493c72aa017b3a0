import { CreateScheduleBody, createSchedule, ListSchedulesQuery, ListSchedulesResponse, listSchedules } from "@switchyard/core/automations/schedules";
import { json, route, routeMethods } from "@/lib/api";
import { ScheduleResponse } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "Schedules of agents, workflows, networks and campaign templates, newest first (cursor-paginated)",
        tag: "Schedule",
        response: ListSchedulesResponse,
      },
      query: ListSchedulesQuery,
    },
    async ({ ctx, query }) => listSchedules(ctx, query),
  ),
  POST: route(
    {
      doc: {
        summary: "Create a schedule: entity, cron (five fields), IANA time zone, input; answers its next five runs",
        tag: "Schedule",
        status: 201,
        response: ScheduleResponse,
      },
      role: "ADMIN",
      body: CreateScheduleBody,
    },
    async ({ ctx, body }) => json({ schedule: await createSchedule(ctx, body) }, 201),
  ),
});
