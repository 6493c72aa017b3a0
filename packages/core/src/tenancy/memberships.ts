import type { PrismaClient } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import { scopedClient } from "./scoped-client.ts";

/**
 * A signed-in user's context: the session's active organization when the user belongs to it,
 * otherwise the user's oldest membership. Null when the user belongs to no organization.
 */
export async function resolveUserContext(db: PrismaClient, userId: string, preferredOrganizationId?: string | null): Promise<OrgContext | null> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { user: { select: { email: true, name: true } } },
  });
  const membership = memberships.find((m) => m.organizationId === preferredOrganizationId) ?? memberships[0];
  if (!membership) return null;
  return {
    db: scopedClient(db, membership.organizationId),
    organizationId: membership.organizationId,
    actor: { type: "user", id: userId, label: membership.user.name || membership.user.email, role: membership.role },
  };
}
