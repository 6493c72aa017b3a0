import { computeCalendar } from "@switchyard/core/automations/index";
import { route } from "@/lib/api";
import { CalendarQuery } from "../schema";

export const GET = route({ query: CalendarQuery }, async ({ ctx, query }) => computeCalendar(ctx, query));
