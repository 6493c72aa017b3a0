import { route, routeMethods } from "@/lib/api";
import { buildOpenApiDocument } from "@/lib/openapi";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // Public: the document describes the API, it exposes no tenant data.
  GET: route({ auth: "none" }, async () => buildOpenApiDocument()),
});
