import { listAgents } from "@switchyard/core/agents/catalog";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({}, async ({ ctx }) => ({ agents: await listAgents(ctx) })),
});
