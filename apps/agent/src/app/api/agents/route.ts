import { z } from "zod";
import { listAgents, AgentSummary } from "@switchyard/core/agents/catalog";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List agents", tag: "Agents", response: z.object({ agents: z.array(AgentSummary) }) } }, async ({ ctx }) => ({
    agents: await listAgents(ctx),
  })),
});
