import { getAgent, AgentDetail } from "@switchyard/core/agents/catalog";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Get an agent", tag: "Agents", response: z.object({ agent: AgentDetail }) }, params: z.object({ slug: z.string().min(1).max(120) }) },
    async ({ ctx, params }) => ({
      agent: await getAgent(ctx, params.slug),
    }),
  ),
});
