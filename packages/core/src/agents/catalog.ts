import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";

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
