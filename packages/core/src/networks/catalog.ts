import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";

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
