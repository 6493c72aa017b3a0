import { resolveUserContext, type OrgContext } from "@switchyard/core";
import { getDatabase } from "@switchyard/database";
import { headers } from "next/headers";
import { getAuth } from "./auth";

/** The signed-in operator's organization context for server components, or null. */
export async function getSessionContext(): Promise<OrgContext | null> {
  return contextFromHeaders(await headers());
}

export async function contextFromHeaders(requestHeaders: Headers): Promise<OrgContext | null> {
  const user = await sessionUserFromHeaders(requestHeaders);
  if (!user) return null;
  const { prisma } = await getDatabase();
  return resolveUserContext(prisma, user.userId, user.activeOrganizationId);
}

/** The signed-in user behind a request, whether or not they belong to any organization yet. */
export async function sessionUserFromHeaders(requestHeaders: Headers) {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  return {
    userId: session.user.id,
    email: session.user.email,
    sessionId: session.session.id,
    activeOrganizationId: session.session.activeOrganizationId ?? null,
  };
}
