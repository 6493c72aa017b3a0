import { listTriggerEvents } from "@switchyard/core/runs/triggers-feed";
import { route } from "@/lib/api";
import { ListTriggerEventsQuery } from "./schema";

export const GET = route({ query: ListTriggerEventsQuery }, async ({ ctx, query }) => listTriggerEvents(ctx, query));
