import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Prisma, PrismaClient } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { isUniqueViolation } from "../unique.ts";
import { recordAudit, type AuditActor } from "./audit.ts";
import { RoleName } from "./members.ts";

/** The demo organization's slug: its presence alone does not make an installation "set up". */
export const DEMO_ORG_SLUG = "demo";

// better-auth's own password bounds, so a password accepted here always signs in.
export const Password = z.string().min(8, "Use at least 8 characters").max(128, "Use at most 128 characters");
export const Email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")).pipe(z.string().max(254));
export const PersonName = z.string().trim().min(1, "Enter a name").max(120);
export const OrganizationName = z.string().trim().min(1, "Enter a name").max(120);
export const OrganizationSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1–48 lowercase letters, digits and hyphens, starting and ending with a letter or digit");

export const SetupBody = z.object({
  organizationName: OrganizationName,
  organizationSlug: OrganizationSlug,
  ownerName: PersonName,
  ownerEmail: Email,
  ownerPassword: Password,
});
export type SetupBody = z.infer<typeof SetupBody>;

export const RenameOrganizationBody = z.object({ name: OrganizationName });

/** PATCH /api/organization: a new name, the NATS bridge switched on or off, or both. */
export const UpdateOrganizationBody = z
  .object({ name: OrganizationName, natsBridgeEnabled: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: "Nothing to update" });
export type UpdateOrganizationBody = z.infer<typeof UpdateOrganizationBody>;

const ORGANIZATION_VIEW = { id: true, slug: true, name: true, natsBridgeEnabled: true, createdAt: true } as const;

type Tx = Prisma.TransactionClient;

/** First-run setup is open while no organization but the demo exists. */
export async function isSetupAvailable(db: PrismaClient | Tx): Promise<boolean> {
  return (await db.organization.count({ where: { slug: { not: DEMO_ORG_SLUG } } })) === 0;
}

/**
 * First-run setup: the organization, its owner (a new user with a password) and the membership, in
 * one transaction. Once any organization but the demo exists, setup is gone (404).
 */
export async function setupOrganization(db: PrismaClient, body: SetupBody) {
  return db.$transaction(async (tx) => {
    // Two setups racing must not both pass the availability check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchyard:first-run-setup'))`;
    if (!(await isSetupAvailable(tx))) throw new AppError("not_found", "Setup is already complete: sign in instead");
    if (await tx.user.findUnique({ where: { email: body.ownerEmail }, select: { id: true } })) {
      throw new AppError("conflict", "An account with this email already exists", { field: "ownerEmail" });
    }
    const user = await createCredentialUser(tx, { email: body.ownerEmail, name: body.ownerName, password: body.ownerPassword });
    const organization = await insertOrganization(tx, { name: body.organizationName, slug: body.organizationSlug });
    await tx.membership.create({ data: { organizationId: organization.id, userId: user.id, role: "OWNER" } });
    await recordAudit(tx, organization.id, { type: "user", id: user.id, label: user.name }, organizationCreated(organization, user.email));
    return { organization, user: { id: user.id, email: user.email, name: user.name } };
  });
}

export interface CreateOrganizationInput {
  name: string;
  slug: string;
  owner: { email: string; name?: string; password?: string };
}

/**
 * The scripted path (`bun run org:create`): any number of organizations. An owner who already has an
 * account joins as OWNER with the password they have; a new owner needs a password.
 */
export async function createOrganizationWithOwner(db: PrismaClient, input: CreateOrganizationInput, actor: AuditActor) {
  const name = OrganizationName.parse(input.name);
  const slug = OrganizationSlug.parse(input.slug);
  const email = Email.parse(input.owner.email);
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (!existing && !input.owner.password) throw new AppError("validation_failed", `No account for ${email} yet: give the owner a password`);
    const user =
      existing ??
      (await createCredentialUser(tx, {
        email,
        name: PersonName.parse(input.owner.name ?? email.split("@")[0]),
        password: Password.parse(input.owner.password),
      }));
    const organization = await insertOrganization(tx, { name, slug });
    await tx.membership.create({ data: { organizationId: organization.id, userId: user.id, role: "OWNER" } });
    await recordAudit(tx, organization.id, actor, organizationCreated(organization, email));
    return { organization, user: { id: user.id, email: user.email, name: user.name }, isNewUser: !existing };
  });
}

/** A user who signs in with email and password, hashed by better-auth exactly as its sign-up would. */
export async function createCredentialUser(tx: Tx, input: { email: string; name: string; password: string }) {
  const id = randomUUID();
  return tx.user.create({
    data: {
      id,
      email: input.email,
      name: input.name,
      accounts: { create: { id: randomUUID(), accountId: id, providerId: "credential", password: await hashPassword(input.password) } },
    },
  });
}

async function insertOrganization(tx: Tx, data: { name: string; slug: string }) {
  try {
    return await tx.organization.create({ data, select: ORGANIZATION_VIEW });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `The slug "${data.slug}" is taken`, { field: "organizationSlug" });
    throw error;
  }
}

function organizationCreated(organization: { id: string; name: string; slug: string }, ownerEmail: string) {
  return {
    action: "organization.created" as const,
    target: { type: "organization", id: organization.id, label: organization.name },
    after: { name: organization.name, slug: organization.slug, owner: ownerEmail },
  };
}

export async function getOrganization(ctx: OrgContext) {
  return ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: ORGANIZATION_VIEW });
}

export async function renameOrganization(ctx: OrgContext, name: string) {
  return updateOrganization(ctx, { name });
}

/** Renames the organization and/or switches its NATS bridge, in one transaction with an audit entry per change. */
export async function updateOrganization(ctx: OrgContext, body: UpdateOrganizationBody) {
  requireRole(ctx, "ADMIN");
  return ctx.db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { name: true, natsBridgeEnabled: true } });
    const organization = await tx.organization.update({ where: { id: ctx.organizationId }, data: body, select: ORGANIZATION_VIEW });
    const target = { type: "organization", id: organization.id, label: organization.name };
    if (body.name !== undefined && before.name !== body.name) {
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "organization.renamed",
        target,
        before: { name: before.name },
        after: { name: body.name },
      });
    }
    if (body.natsBridgeEnabled !== undefined && before.natsBridgeEnabled !== body.natsBridgeEnabled) {
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: body.natsBridgeEnabled ? "organization.nats_bridge_enabled" : "organization.nats_bridge_disabled",
        target,
        before: { natsBridgeEnabled: before.natsBridgeEnabled },
        after: { natsBridgeEnabled: body.natsBridgeEnabled },
      });
    }
    return organization;
  });
}

/** The organizations a user belongs to, oldest membership first, with the role in each. */
export async function listUserOrganizations(db: PrismaClient, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.map(({ role, organization }) => ({ ...organization, role }));
}

/**
 * The caller's organizations: a user's memberships (read across organizations, so through the system
 * client), or an API key's one organization.
 */
export async function listActorOrganizations(systemDb: PrismaClient, ctx: OrgContext) {
  const organizations =
    ctx.actor.type === "user"
      ? await listUserOrganizations(systemDb, ctx.actor.id)
      : [{ ...(await getOrganization(ctx)), role: ctx.actor.role }].map(({ createdAt: _createdAt, natsBridgeEnabled: _nats, ...organization }) => organization);
  return organizations.map((organization) => ({ ...organization, isActive: organization.id === ctx.organizationId }));
}

export const SwitchOrganizationBody = z.object({ organizationId: z.string().min(1).max(100) });

/**
 * Makes `organizationId` the session's active organization. Only a member may switch to it; anything
 * else is "not found", as for any record of another organization.
 */
export async function setActiveOrganization(db: PrismaClient, session: { sessionId: string; userId: string }, organizationId: string) {
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId: session.userId } },
    select: { role: true, organization: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw new AppError("not_found", "Organization not found");
  await db.session.update({ where: { id: session.sessionId, userId: session.userId }, data: { activeOrganizationId: organizationId } });
  return { ...membership.organization, role: membership.role };
}

/** The organization as `getOrganization` and `renameOrganization` return it. */
export const OrganizationView = z.object({ id: z.string(), slug: z.string(), name: z.string(), natsBridgeEnabled: z.boolean(), createdAt: z.date() });
/** One of the caller's organizations (`listActorOrganizations`). */
export const ActorOrganization = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: RoleName, isActive: z.boolean() });
/** The organization switched to (`setActiveOrganization`). */
export const ActiveOrganization = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: RoleName });
/** What `setupOrganization` returns. */
export const SetupResponse = z.object({
  organization: OrganizationView,
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
});
