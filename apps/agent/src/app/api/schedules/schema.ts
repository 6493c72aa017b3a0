import { ScheduleViewSchema } from "@switchyard/core/automations/schedules";
import { z } from "zod";

/** A schedule id: an AgentSchedule or CampaignSchedule row id (not the `<source>:<id>` of /api/live/automations). */
export const ScheduleParams = z.object({ id: z.string().min(1).max(100) });

/** One schedule, as every single-schedule answer wraps it. */
export const ScheduleResponse = z.object({ schedule: ScheduleViewSchema });
