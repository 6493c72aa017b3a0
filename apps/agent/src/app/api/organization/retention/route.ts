import { getRetentionSettings, RetentionSettings, UpdateRetentionBody, updateRetention } from "@switchyard/core/retention/prune";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "How long history is kept, and what the next pruning pass will delete", tag: "Organization", response: RetentionSettings },
      role: "ADMIN",
    },
    async ({ ctx }) => getRetentionSettings(ctx),
  ),
  PUT: route(
    {
      doc: { summary: "Change how long runs, activity and runtime events are kept", tag: "Organization", response: RetentionSettings },
      role: "ADMIN",
      body: UpdateRetentionBody,
    },
    async ({ ctx, body }) => updateRetention(ctx, body),
  ),
});
