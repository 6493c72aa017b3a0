import type { Prisma, Role } from "@switchyard/database";
import { z } from "zod";
import { hasRole, requireRole, type Actor, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "./audit.ts";

export const RoleName = z.enum(["OWNER", "ADMIN", "OPERATOR", "VIEWER"]);
export const UpdateMemberBody = z.object({ role: RoleName });

/**
 * Only an owner grants, changes or removes the owner role; an admin manages everyone else. Throws
 * 403 with the reason, so the API and the disabled buttons say the same thing.
 */
export function assertCanAssign(actor: Actor, role: Role): void {
  if (role === "OWNER" && actor.role !== "OWNER") throw new AppError("forbidden", "Only an owner can grant or change the owner role");
}

/** Members with their role and last sign-in, owners first, then by name. */
export async function listMembers(ctx: OrgContext) {
  requireRole(ctx, "ADMIN");
  const members = await ctx.db.membership.findMany({
    where: { organizationId: ctx.organizationId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true, lastSignInAt: true } } },
  });
  const rank: Record<Role, number> = { OWNER: 0, ADMIN: 1, OPERATOR: 2, VIEWER: 3 };
  const owners = members.filter((member) => member.role === "OWNER").length;
  return members
    .sort((a, b) => rank[a.role] - rank[b.role] || a.user.name.localeCompare(b.user.name))
    .map(({ id, role, createdAt, user }) => ({
      id,
      role,
      joinedAt: createdAt,
      userId: user.id,
      name: user.name,
      email: user.email,
      lastSignInAt: user.lastSignInAt,
      isYou: ctx.actor.type === "user" && ctx.actor.id === user.id,
      ...manageability(ctx.actor, role, role === "OWNER" && owners === 1),
    }));
}

export async function updateMemberRole(ctx: OrgContext, membershipId: string, role: Role) {
  requireRole(ctx, "ADMIN");
  return ctx.db.$transaction(async (tx) => {
    const member = await lockedMember(tx, ctx, membershipId);
    if (member.role === role) return { id: member.id, role };
    assertCanAssign(ctx.actor, member.role);
    assertCanAssign(ctx.actor, role);
    if (member.role === "OWNER") await assertAnotherOwner(tx, ctx.organizationId, "demoted");
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "member.role_changed",
      target: { type: "member", id: member.userId, label: member.user.email },
      before: { role: member.role },
      after: { role },
    });
    return { id: member.id, role };
  });
}

export async function removeMember(ctx: OrgContext, membershipId: string) {
  requireRole(ctx, "ADMIN");
  await ctx.db.$transaction(async (tx) => {
    const member = await lockedMember(tx, ctx, membershipId);
    assertCanAssign(ctx.actor, member.role);
    if (member.role === "OWNER") await assertAnotherOwner(tx, ctx.organizationId, "removed");
    await tx.membership.delete({ where: { id: member.id } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "member.removed",
      target: { type: "member", id: member.userId, label: member.user.email },
      before: { role: member.role },
    });
  });
}

/**
 * Reads a member and locks the organization's owner rows, so two admins demoting the last two owners
 * at once cannot both succeed.
 */
async function lockedMember(tx: Prisma.TransactionClient, ctx: OrgContext, membershipId: string) {
  await tx.$executeRaw`SELECT 1 FROM "Membership" WHERE "organizationId" = ${ctx.organizationId} AND role = 'OWNER' FOR UPDATE`;
  const member = await tx.membership.findFirst({
    where: { id: membershipId, organizationId: ctx.organizationId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!member) throw notFound("Member");
  return member;
}

async function assertAnotherOwner(tx: Prisma.TransactionClient, organizationId: string, change: "demoted" | "removed") {
  const owners = await tx.membership.count({ where: { organizationId, role: "OWNER" } });
  if (owners <= 1) {
    throw new AppError("conflict", `The last owner cannot be ${change}: make another member an owner first`);
  }
}

/** Whether the actor may change or remove this member, and if not why: the UI disables what the API refuses. */
function manageability(actor: Actor, memberRole: Role, isLastOwner: boolean): { canManage: boolean; lockedReason: string | null } {
  if (!canManageMember(actor, memberRole)) return { canManage: false, lockedReason: "Only an owner can change or remove an owner" };
  if (isLastOwner) return { canManage: false, lockedReason: "The last owner can be neither removed nor demoted: make another member an owner first" };
  return { canManage: true, lockedReason: null };
}

/** Whether the actor may change or remove a member of this role. */
export function canManageMember(actor: Actor, memberRole: Role): boolean {
  return hasRole(actor, "ADMIN") && (memberRole !== "OWNER" || actor.role === "OWNER");
}

/** The roles this actor may grant, highest first. */
export function assignableRoles(actor: Actor): Role[] {
  return RoleName.options.filter((role) => role !== "OWNER" || actor.role === "OWNER");
}

/** A member as `listMembers` returns it. */
export const MemberView = z.object({
  id: z.string(),
  role: RoleName,
  joinedAt: z.date(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  lastSignInAt: z.date().nullable(),
  isYou: z.boolean(),
  canManage: z.boolean(),
  lockedReason: z.string().nullable(),
});
/** What `updateMemberRole` returns. */
export const UpdatedMember = z.object({ id: z.string(), role: RoleName });
