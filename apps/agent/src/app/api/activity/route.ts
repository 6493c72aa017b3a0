import { ListActivityQuery, listActivity } from "@switchyard/core/activity/feed";
import { route } from "@/lib/api";

export const GET = route({ query: ListActivityQuery }, async ({ ctx, query }) => listActivity(ctx, query));
