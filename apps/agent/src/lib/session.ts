import { resolveUserContext, type OrgContext } from "@switchyard/core";
import { getDatabase } from "@switchyard/database";
import { headers } from "next/headers";
import { getAuth } from "./auth";

/** The signed-in operator's organization context for server components, or null. */
export async function getSessionContext(): Promise<OrgContext | null> {
  return contextFromHeaders(await headers());
}

export async function contextFromHeaders(requestHeaders: Headers): Promise<OrgContext | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const { prisma } = await getDatabase();
  const activeOrganizationId = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  return resolveUserContext(prisma, session.user.id, activeOrganizationId);
}
