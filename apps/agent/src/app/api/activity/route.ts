import { ListActivityQuery, listActivity, ListActivityResponse } from "@switchyard/core/activity/feed";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Activity feed, or execution groups with grouped=true", tag: "Activity", response: ListActivityResponse }, query: ListActivityQuery },
    async ({ ctx, query }) => listActivity(ctx, query),
  ),
});
