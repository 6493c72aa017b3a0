import { toNextJsHandler } from "better-auth/next-js";
import { routeMethods } from "@/lib/api";
import { getAuth } from "@/lib/auth";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: async (request) => toNextJsHandler(await getAuth()).GET(request),
  POST: async (request) => toNextJsHandler(await getAuth()).POST(request),
});
