import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { declareRoute, routeMethods, type RouteHandler } from "@/lib/api";

// Inngest's handlers declare the NextRequest that Next hands every route handler.
const handlers = serve({ client: inngest, functions }) as unknown as Record<"GET" | "POST" | "PUT", RouteHandler>;

// Inngest signs its own requests; the protocol is Inngest's.
const inngestRoute = (handler: RouteHandler, summary: string) => declareRoute(handler, { auth: "signature", doc: { summary, tag: "Machines" } });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: inngestRoute(handlers.GET, "Inngest: introspection"),
  POST: inngestRoute(handlers.POST, "Inngest: run a function step"),
  PUT: inngestRoute(handlers.PUT, "Inngest: register the functions"),
});
