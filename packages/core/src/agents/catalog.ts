import type { Prisma } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { z } from "zod";

const AGENT_SUMMARY = {
  id: true,
  slug: true,
  name: true,
  description: true,
  modelProvider: true,
  providerId: true,
  provider: { select: { id: true, name: true, kind: true } },
  modelName: true,
  riskLevel: true,
  runtime: true,
  version: true,
  isActive: true,
  archivedAt: true,
  updatedAt: true,
} as const;

/** Everything an agent's definition holds, as `getAgent` and the write paths return it. */
export const AGENT_DETAIL = {
  ...AGENT_SUMMARY,
  instructions: true,
  temperature: true,
  maxTokens: true,
  timeoutSeconds: true,
  maxSteps: true,
  tools: true,
  inputSchema: true,
  outputSchema: true,
  simulation: true,
  createdAt: true,
} as const;

export const ListAgentsQuery = z.strictObject({ includeArchived: z.stringbool().optional() });
export type ListAgentsQuery = z.infer<typeof ListAgentsQuery>;

/** The organization's agents by name; archived ones only when asked for. */
export async function listAgents(ctx: OrgContext, query: ListAgentsQuery = {}) {
  return ctx.db.agent.findMany({
    where: { organizationId: ctx.organizationId, ...(query.includeArchived ? {} : { archivedAt: null }) },
    select: AGENT_SUMMARY,
    orderBy: { name: "asc" },
  });
}

/** One agent by slug, archived or not (its page and its runs still need it); 404 when the organization has none. */
export async function getAgent(ctx: OrgContext, slug: string): Promise<AgentDetail> {
  const agent = await ctx.db.agent.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } }, select: AGENT_DETAIL });
  if (!agent) throw notFound(`Agent "${slug}"`);
  return asDetail(agent);
}

const JsonObject = z.record(z.string(), z.unknown());

/** An agent as `listAgents` returns it. */
export const AgentSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  modelProvider: z.string(),
  /** The organization's model provider the agent calls; null: the simulated model or the env-key provider named by `modelProvider`. */
  providerId: z.string().nullable(),
  provider: z.object({ id: z.string(), name: z.string(), kind: z.string() }).nullable(),
  modelName: z.string(),
  riskLevel: z.string(),
  runtime: z.string(),
  /** The current AgentVersion. */
  version: z.number().int(),
  isActive: z.boolean(),
  archivedAt: z.date().nullable(),
  updatedAt: z.date(),
});
/** An agent as `getAgent` returns it. */
export const AgentDetail = AgentSummary.extend({
  instructions: z.string(),
  temperature: z.number().nullable(),
  maxTokens: z.number().int().nullable(),
  timeoutSeconds: z.number().int(),
  maxSteps: z.number().int(),
  tools: z.array(z.string()),
  inputSchema: JsonObject.nullable(),
  outputSchema: JsonObject.nullable(),
  /** The simulated model's failure profile (see simulated-model.ts). */
  simulation: JsonObject.nullable(),
  createdAt: z.date(),
});
export type AgentDetail = z.infer<typeof AgentDetail>;

/** An agent row in the API's shape: its JSON columns narrowed to what the write paths store. */
export function asDetail(agent: Prisma.AgentGetPayload<{ select: typeof AGENT_DETAIL }>): AgentDetail {
  return {
    ...agent,
    tools: toolsOf(agent.tools),
    inputSchema: asObject(agent.inputSchema),
    outputSchema: asObject(agent.outputSchema),
    simulation: asObject(agent.simulation),
  };
}

export function toolsOf(tools: unknown): string[] {
  return Array.isArray(tools) ? tools.filter((tool): tool is string => typeof tool === "string") : [];
}

export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
