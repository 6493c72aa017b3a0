import { createHash, randomBytes } from "node:crypto";
import type { Prisma, PrismaClient, Role } from "@switchyard/database";
import { z } from "zod";
import { hasRole, requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "./audit.ts";
import { RoleName } from "./members.ts";
import { scopedClient } from "./scoped-client.ts";

const KEY_PREFIX = "sy_";
/** Shown in lists so a key can be recognised without being readable. */
const DISPLAY_PREFIX_LENGTH = 8;
/** lastUsedAt is a hint, not a log: written at most once a minute per key. */
const LAST_USED_RESOLUTION_MS = 60_000;
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
}

interface StoreKeyInput {
  organizationId: string;
  name: string;
  role: Role;
  key?: string;
  expiresAt?: Date | null;
  createdBy?: { id: string; label: string };
}

/** Stores an API key (only its hash and a display prefix) and returns the id; the key is never stored. */
export async function createApiKey(db: Pick<PrismaClient, "apiKey">, input: StoreKeyInput) {
  const key = input.key ?? generateApiKey();
  const record = await db.apiKey.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      role: input.role,
      keyHash: hashApiKey(key),
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      expiresAt: input.expiresAt ?? null,
      createdById: input.createdBy?.id,
      createdByLabel: input.createdBy?.label,
    },
    select: apiKeyFields,
  });
  return { id: record.id, key, apiKey: record };
}

/** Resolves `Authorization: Bearer <key>` to a scoped context, or null for an unknown, revoked or expired key. */
export async function authenticateApiKey(db: PrismaClient, key: string, now = new Date()): Promise<OrgContext | null> {
  const record = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Not awaited, and conditional so concurrent requests (or processes) write it once: best-effort
    // bookkeeping must neither slow nor fail the request.
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    db.apiKey
      .updateMany({ where: { id: record.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] }, data: { lastUsedAt: now } })
      .catch(() => {});
  }
  return {
    db: scopedClient(db, record.organizationId),
    organizationId: record.organizationId,
    actor: { type: "apiKey", id: record.id, label: `API key ${record.name}`, role: record.role },
  };
}

const apiKeyFields = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdByLabel: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  rotatedToId: true,
} satisfies Prisma.ApiKeySelect;

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1, "Enter a name").max(80),
  role: RoleName,
  expiresAt: z.coerce
    .date()
    .refine((date) => date.getTime() > Date.now(), "Choose a time in the future")
    .nullish(),
});
export const RotateApiKeyBody = z.object({
  /** How long the old key keeps working, so the services using it can be moved over. */
  graceHours: z.number().min(0).max(168).default(DEFAULT_ROTATION_GRACE_HOURS),
});

/** A key may not grant more than its creator has. */
function assertRoleWithin(ctx: OrgContext, role: Role) {
  if (!hasRole(ctx.actor, role)) throw new AppError("forbidden", `A key cannot have a higher role than yours (${ctx.actor.role.toLowerCase()})`);
}

/** Every key of the organization, live ones first, newest first; never the key itself. */
export async function listApiKeys(ctx: OrgContext) {
  requireRole(ctx, "ADMIN");
  const keys = await ctx.db.apiKey.findMany({ where: { organizationId: ctx.organizationId }, orderBy: { createdAt: "desc" }, select: apiKeyFields });
  const now = Date.now();
  const isLive = (key: (typeof keys)[number]) => !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > now);
  return keys.sort((a, b) => Number(isLive(b)) - Number(isLive(a))).map((key) => ({ ...key, canManage: hasRole(ctx.actor, key.role) }));
}

/** Creates a key; the answer holds the key itself, the only time it is ever shown. */
export async function issueApiKey(ctx: OrgContext, body: z.infer<typeof CreateApiKeyBody>) {
  requireRole(ctx, "ADMIN");
  assertRoleWithin(ctx, body.role);
  return ctx.db.$transaction(async (tx) => {
    const created = await createApiKey(tx, {
      organizationId: ctx.organizationId,
      name: body.name,
      role: body.role,
      expiresAt: body.expiresAt,
      createdBy: { id: ctx.actor.id, label: ctx.actor.label },
    });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "api_key.created",
      target: { type: "api_key", id: created.id, label: body.name },
      after: { role: body.role, prefix: created.apiKey.prefix, expiresAt: body.expiresAt?.toISOString() ?? null },
    });
    return { apiKey: created.apiKey, key: created.key };
  });
}

async function findManageableKey(tx: Prisma.TransactionClient, ctx: OrgContext, keyId: string) {
  const key = await tx.apiKey.findFirst({ where: { id: keyId, organizationId: ctx.organizationId } });
  if (!key) throw notFound("API key");
  if (key.revokedAt) throw new AppError("conflict", "This key is already revoked");
  assertRoleWithin(ctx, key.role);
  return key;
}

/** Revokes a key: the next request with it is a 401. */
export async function revokeApiKey(ctx: OrgContext, keyId: string, now = new Date()) {
  requireRole(ctx, "ADMIN");
  return ctx.db.$transaction(async (tx) => {
    const key = await findManageableKey(tx, ctx, keyId);
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: now }, select: apiKeyFields });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "api_key.revoked",
      target: { type: "api_key", id: key.id, label: key.name },
      before: { role: key.role },
    });
    return revoked;
  });
}

/**
 * Rotates a key: a new key with the same name and role, and the old one expiring after the grace
 * period (never later than it would have anyway), so services can move over without an outage.
 */
export async function rotateApiKey(ctx: OrgContext, keyId: string, body: z.infer<typeof RotateApiKeyBody>, now = new Date()) {
  requireRole(ctx, "ADMIN");
  return ctx.db.$transaction(async (tx) => {
    const old = await findManageableKey(tx, ctx, keyId);
    if (old.rotatedToId) throw new AppError("conflict", "This key was already rotated: rotate its replacement instead");
    const graceEnd = new Date(now.getTime() + body.graceHours * 3_600_000);
    const oldExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    const created = await createApiKey(tx, {
      organizationId: ctx.organizationId,
      name: old.name,
      role: old.role,
      expiresAt: old.expiresAt && old.expiresAt > now ? old.expiresAt : null,
      createdBy: { id: ctx.actor.id, label: ctx.actor.label },
    });
    const previous = await tx.apiKey.update({ where: { id: old.id }, data: { expiresAt: oldExpiresAt, rotatedToId: created.id }, select: apiKeyFields });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "api_key.rotated",
      target: { type: "api_key", id: old.id, label: old.name },
      before: { prefix: old.prefix },
      after: { replacedBy: created.id, prefix: created.apiKey.prefix, oldKeyExpiresAt: oldExpiresAt.toISOString() },
    });
    return { apiKey: created.apiKey, key: created.key, previous };
  });
}

/** A key as the API shows it: never the key itself. */
export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleName,
  prefix: z.string(),
  createdByLabel: z.string().nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  rotatedToId: z.string().nullable(),
});
/** A key in `listApiKeys`, with whether the caller may manage it. */
export const ListedApiKey = ApiKeyView.extend({ canManage: z.boolean() });
/** What `issueApiKey` returns: the key itself, shown this once. */
export const IssuedApiKey = z.object({ apiKey: ApiKeyView, key: z.string() });
/** What `rotateApiKey` returns: the new key and the old one, now expiring. */
export const RotatedApiKey = IssuedApiKey.extend({ previous: ApiKeyView });
