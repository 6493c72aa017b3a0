import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { routeMethods, type RouteHandler } from "@/lib/api";

// Inngest's handlers declare the NextRequest that Next hands every route handler.
const handlers = serve({ client: inngest, functions }) as unknown as Record<"GET" | "POST" | "PUT", RouteHandler>;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: handlers.GET, POST: handlers.POST, PUT: handlers.PUT });
