import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient, Role } from "@switchyard/database";
import type { OrgContext } from "./context.ts";

const KEY_PREFIX = "sy_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
}

/** Stores an API key (only its hash and a display prefix) and returns the id; the key is never stored. */
export async function createApiKey(db: PrismaClient, input: { organizationId: string; name: string; role: Role; key?: string }) {
  const key = input.key ?? generateApiKey();
  const record = await db.apiKey.create({
    data: { organizationId: input.organizationId, name: input.name, role: input.role, keyHash: hashApiKey(key), prefix: key.slice(0, 10) },
  });
  return { id: record.id, key };
}

/** Resolves `Authorization: Bearer <key>` to a scoped context, or null for an unknown or revoked key. */
export async function authenticateApiKey(db: PrismaClient, key: string): Promise<OrgContext | null> {
  const record = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
  if (!record || record.revokedAt) return null;
  // Best-effort bookkeeping: a failed timestamp update must not fail the request.
  db.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return {
    db,
    organizationId: record.organizationId,
    actor: { type: "apiKey", id: record.id, label: `API key ${record.name}`, role: record.role },
  };
}
