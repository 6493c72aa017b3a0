import { toNextJsHandler } from "better-auth/next-js";
import { declareRoute, routeMethods } from "@/lib/api";
import { getAuth } from "@/lib/auth";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // better-auth's own endpoints (sign-in, sign-out, session); documented by better-auth.
  GET: declareRoute(async (request) => toNextJsHandler(await getAuth()).GET(request), { auth: "none", doc: { summary: "better-auth: session", tag: "Auth" } }),
  POST: declareRoute(async (request) => toNextJsHandler(await getAuth()).POST(request), {
    auth: "none",
    doc: { summary: "better-auth: sign in, sign out", tag: "Auth" },
  }),
});
