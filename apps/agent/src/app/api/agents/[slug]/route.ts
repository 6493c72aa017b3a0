import { z } from "zod";
import { AgentDetail, getAgent } from "@switchyard/core/agents/catalog";
import { archiveAgent, UpdateAgentBody, updateAgent } from "@switchyard/core/agents/definitions";
import { ArchiveQuery } from "@switchyard/core/definitions/common";
import { route, routeMethods } from "@/lib/api";
import { AgentParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "Get an agent", tag: "Agents", response: z.object({ agent: AgentDetail }) }, params: AgentParams }, async ({ ctx, params }) => ({
    agent: await getAgent(ctx, params.slug),
  })),
  PATCH: route(
    {
      doc: {
        summary: "Edit an agent (a change of instructions, model, tools, sampling or schemas saves a new version)",
        tag: "Agents",
        response: z.object({ agent: AgentDetail }),
      },
      role: "ADMIN",
      params: AgentParams,
      body: UpdateAgentBody,
    },
    async ({ ctx, params, body }) => ({ agent: await updateAgent(ctx, params.slug, body) }),
  ),
  DELETE: route(
    {
      doc: {
        summary: "Archive an agent (409 naming its active schedules unless ?cascade=pause)",
        tag: "Agents",
        response: z.object({ agent: AgentDetail, pausedScheduleIds: z.array(z.string()) }),
      },
      role: "ADMIN",
      params: AgentParams,
      query: ArchiveQuery,
    },
    async ({ ctx, params, query }) => archiveAgent(ctx, params.slug, query.cascade),
  ),
});
