import { z } from "zod";
import { AgentDetail, AgentSummary, ListAgentsQuery, listAgents } from "@switchyard/core/agents/catalog";
import { CreateAgentBody, createAgent } from "@switchyard/core/agents/definitions";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "List agents (archived ones with ?includeArchived=true)", tag: "Agents", response: z.object({ agents: z.array(AgentSummary) }) },
      query: ListAgentsQuery,
    },
    async ({ ctx, query }) => ({ agents: await listAgents(ctx, query) }),
  ),
  POST: route(
    {
      doc: { summary: "Create an agent (its version 1)", tag: "Agents", status: 201, response: z.object({ agent: AgentDetail }) },
      role: "ADMIN",
      body: CreateAgentBody,
    },
    async ({ ctx, body }) => json({ agent: await createAgent(ctx, body) }, 201),
  ),
});
