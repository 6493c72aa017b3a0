import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { z } from "zod";

const NETWORK_SUMMARY = { id: true, slug: true, name: true, description: true, isActive: true, archivedAt: true, maxSteps: true } as const;

export async function listNetworks(ctx: OrgContext) {
  const networks = await ctx.db.network.findMany({
    where: { organizationId: ctx.organizationId },
    select: { ...NETWORK_SUMMARY, members: { select: { agent: { select: { slug: true, name: true } } }, orderBy: { position: "asc" } } },
    // Archived networks last: they stay listed (their runs still point at them), out of the way.
    orderBy: [{ archivedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }],
  });
  return networks.map(({ members, ...network }) => ({ ...network, memberCount: members.length, members: members.map((member) => member.agent) }));
}

export async function getNetwork(ctx: OrgContext, slug: string) {
  const network = await ctx.db.network.findUnique({
    where: { organizationId_slug: { organizationId: ctx.organizationId, slug } },
    select: {
      ...NETWORK_SUMMARY,
      goal: true,
      routerInstructions: true,
      routerModel: true,
      createdAt: true,
      updatedAt: true,
      members: {
        select: { role: true, position: true, agent: { select: { id: true, slug: true, name: true, modelName: true, isActive: true, archivedAt: true } } },
        orderBy: { position: "asc" },
      },
    },
  });
  if (!network) throw notFound(`Network "${slug}"`);
  return network;
}

const NetworkFields = {
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
  archivedAt: z.date().nullable(),
  maxSteps: z.number().int(),
};
/** A network as `listNetworks` returns it. */
export const NetworkSummary = z.object({
  ...NetworkFields,
  memberCount: z.number().int(),
  /** Member agents in working order. */
  members: z.array(z.object({ slug: z.string(), name: z.string() })),
});
/** A network with its members, as `getNetwork` returns it. */
export const NetworkDetail = z.object({
  ...NetworkFields,
  goal: z.string().nullable(),
  routerInstructions: z.string(),
  routerModel: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  members: z.array(
    z.object({
      role: z.string().nullable(),
      position: z.number().int(),
      agent: z.object({ id: z.string(), slug: z.string(), name: z.string(), modelName: z.string(), isActive: z.boolean(), archivedAt: z.date().nullable() }),
    }),
  ),
});
