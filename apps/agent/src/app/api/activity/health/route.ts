import { z } from "zod";
import { getSystemHealth, SystemHealthSchema } from "@switchyard/core/activity/health";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /** Runs finished in the last 24 hours, succeeded against failed, in total and per hour (the God Mode health bar). */
  GET: route(
    { doc: { summary: "Completed vs failed runs per hour over the last 24 hours", tag: "Activity", response: z.object({ health: SystemHealthSchema }) } },
    async ({ ctx }) => ({
      health: await getSystemHealth(ctx),
    }),
  ),
});
