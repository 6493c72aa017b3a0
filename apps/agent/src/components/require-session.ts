import { redirect } from "next/navigation";
import { cache } from "react";
import type { OrgContext } from "@switchyard/core";
import { signInPath } from "@/lib/sign-in-path";
import { getSessionContext } from "@/lib/session";

/** One session lookup per request, however many layouts and pages ask for it. */
export const loadSession = cache(getSessionContext);

/** The org context for a server page, or a redirect to sign-in that comes back to `nextPath`. */
export async function requireSession(nextPath: string): Promise<OrgContext> {
  const ctx = await loadSession();
  if (!ctx) redirect(signInPath(nextPath));
  return ctx;
}
