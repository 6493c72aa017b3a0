import { getSystemHealth } from "@switchyard/core/activity/health";
import { route } from "@/lib/api";

/** Runs finished in the last 24 hours, succeeded against failed, in total and per hour (the God Mode health bar). */
export const GET = route({}, async ({ ctx }) => ({ health: await getSystemHealth(ctx) }));
