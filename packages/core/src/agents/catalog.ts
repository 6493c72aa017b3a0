import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { z } from "zod";

const AGENT_SUMMARY = {
  id: true,
  slug: true,
  name: true,
  description: true,
  modelProvider: true,
  modelName: true,
  riskLevel: true,
  isActive: true,
} as const;

export async function listAgents(ctx: OrgContext) {
  return ctx.db.agent.findMany({ where: { organizationId: ctx.organizationId }, select: AGENT_SUMMARY, orderBy: { name: "asc" } });
}

export async function getAgent(ctx: OrgContext, slug: string) {
  const agent = await ctx.db.agent.findUnique({
    where: { organizationId_slug: { organizationId: ctx.organizationId, slug } },
    select: { ...AGENT_SUMMARY, instructions: true, tools: true, temperature: true, createdAt: true, updatedAt: true },
  });
  if (!agent) throw notFound(`Agent "${slug}"`);
  return agent;
}

/** An agent as `listAgents` returns it. */
export const AgentSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  modelProvider: z.string(),
  modelName: z.string(),
  riskLevel: z.string(),
  isActive: z.boolean(),
});
/** An agent as `getAgent` returns it. */
export const AgentDetail = AgentSummary.extend({
  instructions: z.string(),
  tools: z.unknown(),
  temperature: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
