// Kept free of server-only imports: the proxy uses it too.

/** Only same-site paths may be a post-sign-in destination; anything else would be an open redirect. */
export function safeNextPath(value: string | string[] | undefined, fallback = "/observe"): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

export function signInPath(nextPath: string): string {
  return `/sign-in?next=${encodeURIComponent(nextPath)}`;
}
