import { route, routeMethods } from "@/lib/api";
import { OpenApiDocument } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // Public: the document describes the API, it exposes no tenant data. Loaded on demand: the
  // document imports every route module, this one included.
  GET: route({ doc: { summary: "This document", tag: "Meta", response: OpenApiDocument }, auth: "none" }, async () =>
    (await import("@/lib/openapi")).buildOpenApiDocument(),
  ),
});
