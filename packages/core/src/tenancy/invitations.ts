import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { sendMail } from "../mail.ts";
import { recordAudit } from "./audit.ts";
import { assertCanAssign, RoleName } from "./members.ts";
import { createCredentialUser, Email, Password, PersonName } from "./organizations.ts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const CreateInvitationBody = z.object({ email: Email, role: RoleName });
/** A new user sets name and password; someone who already has an account accepts while signed in. */
export const AcceptInvitationBody = z.object({ name: PersonName, password: Password }).partial();

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The path of the page that accepts an invitation (the token is in it, so it is shown only once). */
export const invitationPath = (token: string) => `/invite/${token}`;

/**
 * Invites an email with a role. The token exists only in the answer: the inviter copies the link (or
 * it is mailed when SMTP is set). A newer invitation for the same email replaces a pending one.
 */
export async function createInvitation(ctx: OrgContext, body: z.infer<typeof CreateInvitationBody>, now = new Date()) {
  requireRole(ctx, "ADMIN");
  assertCanAssign(ctx.actor, body.role);
  const token = randomBytes(32).toString("base64url");
  const invitation = await ctx.db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { organizationId: ctx.organizationId, user: { email: body.email } }, select: { id: true } });
    if (member) throw new AppError("conflict", `${body.email} is already a member`, { field: "email" });
    await tx.invitation.updateMany({
      where: { organizationId: ctx.organizationId, email: body.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: {
        organizationId: ctx.organizationId,
        email: body.email,
        role: body.role,
        tokenHash: hashToken(token),
        invitedById: ctx.actor.id,
        invitedByLabel: ctx.actor.label,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        createdAt: now,
      },
      select: invitationFields,
    });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "member.invited",
      target: { type: "invitation", id: created.id, label: body.email },
      after: { email: body.email, role: body.role, expiresAt: created.expiresAt.toISOString() },
    });
    return created;
  });
  return { invitation, token };
}

/**
 * Invites and, when SMTP is configured, mails the link. The link is in the answer either way: no mail
 * server is assumed, and the inviter can always pass it on.
 */
export async function inviteMember(ctx: OrgContext, body: z.infer<typeof CreateInvitationBody>, baseUrl: string) {
  const { invitation, token } = await createInvitation(ctx, body);
  const url = new URL(invitationPath(token), baseUrl).toString();
  const organization = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { name: true } });
  const emailed = await sendMail({
    to: invitation.email,
    subject: `You are invited to ${organization.name} on Switchyard`,
    text: `${ctx.actor.label} invited you to join ${organization.name} on Switchyard as ${invitation.role.toLowerCase()}.\n\nAccept within 7 days: ${url}\n`,
  });
  return { invitation, url, emailed };
}

const invitationFields = { id: true, email: true, role: true, invitedByLabel: true, expiresAt: true, createdAt: true } as const;

/** Invitations still waiting for their invitee, newest first. */
export async function listPendingInvitations(ctx: OrgContext, now = new Date()) {
  requireRole(ctx, "ADMIN");
  return ctx.db.invitation.findMany({
    where: { organizationId: ctx.organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: invitationFields,
  });
}

export async function revokeInvitation(ctx: OrgContext, invitationId: string, now = new Date()) {
  requireRole(ctx, "ADMIN");
  await ctx.db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, organizationId: ctx.organizationId, acceptedAt: null, revokedAt: null } });
    if (!invitation) throw notFound("Pending invitation");
    assertCanAssign(ctx.actor, invitation.role);
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: now } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "member.invitation_revoked",
      target: { type: "invitation", id: invitation.id, label: invitation.email },
      before: { email: invitation.email, role: invitation.role },
    });
  });
}

/**
 * What the invitation page shows. Unknown tokens are 404; used, revoked or expired ones are 410, so
 * the invitee learns to ask for a new link rather than that the link was mistyped.
 */
export async function describeInvitation(db: PrismaClient, token: string, now = new Date()) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { organization: { select: { name: true, slug: true } } },
  });
  if (!invitation) throw notFound("Invitation");
  assertUsable(invitation, now);
  const hasAccount = (await db.user.count({ where: { email: invitation.email } })) > 0;
  return {
    email: invitation.email,
    role: invitation.role,
    organization: invitation.organization,
    invitedBy: invitation.invitedByLabel,
    expiresAt: invitation.expiresAt,
    hasAccount,
  };
}

function assertUsable(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date) {
  if (invitation.acceptedAt) throw new AppError("gone", "This invitation has already been used");
  if (invitation.revokedAt) throw new AppError("gone", "This invitation was withdrawn: ask for a new one");
  if (invitation.expiresAt <= now) throw new AppError("gone", "This invitation has expired: ask for a new one");
}

/**
 * Joins the invitation's organization, once. A new invitee becomes a user with the name and password
 * given; someone with an account must be signed in as the invited email (`signedInUserId`).
 */
export async function acceptInvitation(
  db: PrismaClient,
  token: string,
  input: { name?: string; password?: string; signedInUserId?: string | null },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    // The row lock makes the token single-use even when two accepts race.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Invitation" WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`;
    if (!locked) throw notFound("Invitation");
    const invitation = await tx.invitation.findUniqueOrThrow({ where: { id: locked.id } });
    assertUsable(invitation, now);

    let user = await tx.user.findUnique({ where: { email: invitation.email } });
    const isNewUser = !user;
    if (user) {
      if (user.id !== input.signedInUserId) throw new AppError("unauthorized", `Sign in as ${invitation.email} to accept this invitation`);
    } else {
      if (!input.name || !input.password) throw new AppError("validation_failed", "Choose a name and a password", { fields: ["name", "password"] });
      user = await createCredentialUser(tx, { email: invitation.email, name: input.name, password: input.password });
    }
    const existing = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId: invitation.organizationId, userId: user.id } } });
    if (existing) throw new AppError("conflict", "You are already a member of this organization");
    await tx.membership.create({ data: { organizationId: invitation.organizationId, userId: user.id, role: invitation.role } });
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, acceptedUserId: user.id } });
    await recordAudit(
      tx,
      invitation.organizationId,
      { type: "user", id: user.id, label: user.name },
      {
        action: "member.joined",
        target: { type: "member", id: user.id, label: user.email },
        after: { role: invitation.role, invitationId: invitation.id },
      },
    );
    return { organizationId: invitation.organizationId, email: user.email, role: invitation.role, isNewUser };
  });
}

/** A pending invitation as the API shows it (never its token). */
export const InvitationView = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleName,
  invitedByLabel: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
});
/** What `inviteMember` returns: the link is only ever in this answer. */
export const InviteMemberResponse = z.object({ invitation: InvitationView, url: z.string(), emailed: z.boolean() });
/** What `describeInvitation` returns. */
export const InvitationOffer = z.object({
  email: z.string(),
  role: RoleName,
  organization: z.object({ name: z.string(), slug: z.string() }),
  invitedBy: z.string().nullable(),
  expiresAt: z.date(),
  hasAccount: z.boolean(),
});
/** What `acceptInvitation` returns. */
export const AcceptedInvitation = z.object({ organizationId: z.string(), email: z.string(), role: RoleName, isNewUser: z.boolean() });
