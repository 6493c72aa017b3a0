import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { signInPath } from "@/lib/sign-in-path";

/**
 * A visitor without a session cookie gets a real redirect (307) to sign in, and comes back to the exact
 * view afterwards (path and filters). Only the cookie's presence is checked here: the pages still
 * verify the session itself, so a stale cookie ends at the same sign-in page one step later.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  return NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
}

export const config = {
  matcher: ["/observe/:path*", "/schedule/:path*", "/command/:path*", "/godmode/:path*", "/admin/:path*", "/settings/:path*"],
};
