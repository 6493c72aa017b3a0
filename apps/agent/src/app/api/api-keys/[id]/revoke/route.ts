import { z } from "zod";
import { revokeApiKey, ApiKeyView } from "@switchyard/core/tenancy/api-keys";
import { route, routeMethods } from "@/lib/api";
import { ApiKeyParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    { doc: { summary: "Revoke a key at once", tag: "API keys", response: z.object({ apiKey: ApiKeyView }) }, role: "ADMIN", params: ApiKeyParams },
    async ({ ctx, params }) => ({
      apiKey: await revokeApiKey(ctx, params.id),
    }),
  ),
});
