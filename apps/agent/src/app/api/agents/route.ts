import { listAgents } from "@switchyard/core/agents/catalog";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List agents", tag: "Agents" } }, async ({ ctx }) => ({ agents: await listAgents(ctx) })),
});
