import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { z } from "zod";

const NETWORK_SUMMARY = { id: true, slug: true, name: true, description: true, isActive: true } as const;

export async function listNetworks(ctx: OrgContext) {
  const networks = await ctx.db.network.findMany({
    where: { organizationId: ctx.organizationId },
    select: { ...NETWORK_SUMMARY, _count: { select: { members: true } } },
    orderBy: { name: "asc" },
  });
  return networks.map(({ _count, ...network }) => ({ ...network, memberCount: _count.members }));
}

export async function getNetwork(ctx: OrgContext, slug: string) {
  const network = await ctx.db.network.findUnique({
    where: { organizationId_slug: { organizationId: ctx.organizationId, slug } },
    select: {
      ...NETWORK_SUMMARY,
      goal: true,
      routerInstructions: true,
      routerModel: true,
      maxSteps: true,
      createdAt: true,
      updatedAt: true,
      members: {
        select: { role: true, position: true, agent: { select: { id: true, slug: true, name: true, modelName: true, isActive: true } } },
        orderBy: { position: "asc" },
      },
    },
  });
  if (!network) throw notFound(`Network "${slug}"`);
  return network;
}

const NetworkFields = { id: z.string(), slug: z.string(), name: z.string(), description: z.string().nullable(), isActive: z.boolean() };
/** A network as `listNetworks` returns it. */
export const NetworkSummary = z.object({ ...NetworkFields, memberCount: z.number().int() });
/** A network with its members, as `getNetwork` returns it. */
export const NetworkDetail = z.object({
  ...NetworkFields,
  goal: z.string().nullable(),
  routerInstructions: z.string().nullable(),
  routerModel: z.string().nullable(),
  maxSteps: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  members: z.array(
    z.object({
      role: z.string().nullable(),
      position: z.number().int(),
      agent: z.object({ id: z.string(), slug: z.string(), name: z.string(), modelName: z.string(), isActive: z.boolean() }),
    }),
  ),
});
