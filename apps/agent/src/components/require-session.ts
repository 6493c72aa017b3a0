import { redirect } from "next/navigation";
import { cache } from "react";
import type { OrgContext } from "@switchyard/core";
import { getSessionContext } from "@/lib/session";

/** One session lookup per request, however many layouts and pages ask for it. */
export const loadSession = cache(getSessionContext);

/** Only same-site paths may be a post-sign-in destination; anything else would be an open redirect. */
export function safeNextPath(value: string | string[] | undefined, fallback = "/observe"): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

export function signInPath(nextPath: string): string {
  return `/sign-in?next=${encodeURIComponent(nextPath)}`;
}

/** The org context for a server page, or a redirect to sign-in that comes back to `nextPath`. */
export async function requireSession(nextPath: string): Promise<OrgContext> {
  const ctx = await loadSession();
  if (!ctx) redirect(signInPath(nextPath));
  return ctx;
}
