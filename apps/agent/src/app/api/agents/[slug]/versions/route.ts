import { z } from "zod";
import { AgentVersionView, listAgentVersions } from "@switchyard/core/agents/definitions";
import { route, routeMethods } from "@/lib/api";
import { AgentParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "An agent's versions, newest first: what each changed, its author and time",
        tag: "Agents",
        response: z.object({ versions: z.array(AgentVersionView) }),
      },
      params: AgentParams,
    },
    async ({ ctx, params }) => ({ versions: await listAgentVersions(ctx, params.slug) }),
  ),
});
