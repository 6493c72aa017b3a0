import { route } from "@/lib/api";
import { buildOpenApiDocument } from "@/lib/openapi";

// Public: the document describes the API, it exposes no tenant data.
export const GET = route({ auth: "none" }, async () => buildOpenApiDocument());
