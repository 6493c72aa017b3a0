// A network's definition lifecycle: create, edit and archive, each audited in its own transaction.
import type { Prisma } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { changedFields } from "../definitions/changes.ts";
import { pauseSchedulesForArchive, Slug, withUniqueSlug } from "../definitions/common.ts";
import { MemberRole, refineDistinctAgents, resolveMemberAgents } from "../definitions/members.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { getNetwork } from "./catalog.ts";

const MAX_NETWORK_STEPS = 50;
const DEFAULT_ROUTER_MODEL = "simulated-router";
const DEFAULT_MAX_STEPS = 8;

const NetworkMemberInput = z.strictObject({
  agent: Slug,
  role: MemberRole,
  /** Working order; the member's index in the list when left out. */
  position: z.number().int().min(0).max(1000).optional(),
});

const NetworkMembers = z.array(NetworkMemberInput).min(1, "A network needs at least one member").max(50).superRefine(refineDistinctAgents);

const NetworkFields = {
  name: z.string().trim().min(1).max(120),
  slug: Slug,
  description: z.string().trim().max(2000).nullish(),
  goal: z.string().trim().max(4000).nullish(),
  routerInstructions: z.string().trim().min(1, "The router needs instructions").max(20_000),
  routerModel: z.string().trim().min(1).max(120),
  maxSteps: z.number().int().min(1).max(MAX_NETWORK_STEPS),
  members: NetworkMembers,
};

export const CreateNetworkBody = z.strictObject({
  ...NetworkFields,
  routerModel: NetworkFields.routerModel.default(DEFAULT_ROUTER_MODEL),
  maxSteps: NetworkFields.maxSteps.default(DEFAULT_MAX_STEPS),
});
export type CreateNetworkInput = z.output<typeof CreateNetworkBody>;

export const UpdateNetworkBody = z
  .strictObject(NetworkFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change");
export type UpdateNetworkInput = z.output<typeof UpdateNetworkBody>;

type MemberInput = z.output<typeof NetworkMemberInput>;

/** The member rows of `members`: the agents' ids, roles and working order (the list's, unless given). */
async function resolveMembers(ctx: OrgContext, members: MemberInput[]) {
  const agentIds = await resolveMemberAgents(ctx, members);
  return members.map((member, index) => ({ agentId: agentIds[index], role: member.role, position: member.position ?? index }));
}

/** What the audit log keeps of a definition: its fields and members by agent slug. */
async function snapshotOf(tx: Prisma.TransactionClient, networkId: string): Promise<Prisma.InputJsonObject> {
  const network = await tx.network.findUniqueOrThrow({
    where: { id: networkId },
    include: { members: { include: { agent: { select: { slug: true } } }, orderBy: { position: "asc" } } },
  });
  return {
    name: network.name,
    slug: network.slug,
    description: network.description,
    goal: network.goal,
    routerInstructions: network.routerInstructions,
    routerModel: network.routerModel,
    maxSteps: network.maxSteps,
    members: network.members.map((member) => ({ agent: member.agent.slug, role: member.role, position: member.position })),
  };
}

/** Creates a network with its members (admin or higher); a taken slug is a 409. */
export async function createNetwork(ctx: OrgContext, input: CreateNetworkInput) {
  requireRole(ctx, "ADMIN");
  const members = await resolveMembers(ctx, input.members);
  await withUniqueSlug("network", input.slug, () =>
    ctx.db.$transaction(async (tx) => {
      const network = await tx.network.create({
        data: {
          organizationId: ctx.organizationId,
          slug: input.slug,
          name: input.name,
          description: input.description ?? null,
          goal: input.goal ?? null,
          routerInstructions: input.routerInstructions,
          routerModel: input.routerModel,
          maxSteps: input.maxSteps,
          members: { create: members },
        },
      });
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "network.created",
        target: { type: "network", id: network.id, label: network.name },
        after: await snapshotOf(tx, network.id),
      });
    }),
  );
  return getNetwork(ctx, input.slug);
}

async function findNetwork(ctx: OrgContext, slug: string) {
  const network = await ctx.db.network.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } } });
  if (!network) throw notFound(`Network "${slug}"`);
  return network;
}

/** Changes a network's definition (admin or higher); members, when sent, replace the current ones. */
export async function updateNetwork(ctx: OrgContext, slug: string, patch: UpdateNetworkInput) {
  requireRole(ctx, "ADMIN");
  const network = await findNetwork(ctx, slug);
  if (network.archivedAt) throw new AppError("inactive", `Network "${slug}" is archived and cannot be edited`);
  const members = patch.members ? await resolveMembers(ctx, patch.members) : null;
  const newSlug = patch.slug ?? slug;
  await withUniqueSlug("network", newSlug, () =>
    ctx.db.$transaction(async (tx) => {
      const before = await snapshotOf(tx, network.id);
      await tx.network.update({
        where: { id: network.id },
        data: {
          name: patch.name,
          slug: patch.slug,
          description: patch.description,
          goal: patch.goal,
          routerInstructions: patch.routerInstructions,
          routerModel: patch.routerModel,
          maxSteps: patch.maxSteps,
        },
      });
      if (members) {
        await tx.networkMember.deleteMany({ where: { networkId: network.id } });
        await tx.networkMember.createMany({ data: members.map((member) => ({ ...member, networkId: network.id })) });
      }
      const change = changedFields(before, await snapshotOf(tx, network.id));
      if (Object.keys(change.after).length === 0) return;
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "network.updated",
        target: { type: "network", id: network.id, label: patch.name ?? network.name },
        ...change,
      });
    }),
  );
  return getNetwork(ctx, newSlug);
}

/**
 * Archives a network (admin or higher): it stays readable with its runs but can no longer be fired.
 * Active schedules make it a 409 naming them, unless `cascade` is "pause". Archiving twice is a no-op.
 */
export async function archiveNetwork(ctx: OrgContext, slug: string, cascade?: "pause", now: Date = new Date()) {
  requireRole(ctx, "ADMIN");
  const network = await findNetwork(ctx, slug);
  if (network.archivedAt) return { network: await getNetwork(ctx, slug), pausedScheduleIds: [] };
  const pausedScheduleIds = await ctx.db.$transaction(async (tx) => {
    const paused = await pauseSchedulesForArchive(tx, ctx, { entityType: "network", id: network.id }, cascade);
    await tx.network.update({ where: { id: network.id }, data: { isActive: false, archivedAt: now } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "network.archived",
      target: { type: "network", id: network.id, label: network.name },
      before: { isActive: network.isActive, archivedAt: null },
      after: { isActive: false, archivedAt: now.toISOString(), pausedScheduleIds: paused },
    });
    return paused;
  });
  return { network: await getNetwork(ctx, slug), pausedScheduleIds };
}
