import { RotateApiKeyBody, rotateApiKey, RotatedApiKey } from "@switchyard/core/tenancy/api-keys";
import { json, route, routeMethods } from "@/lib/api";
import { ApiKeyParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "Rotate a key; the old one works for the grace period", tag: "API keys", status: 201, response: RotatedApiKey },
      role: "ADMIN",
      params: ApiKeyParams,
      body: RotateApiKeyBody.optional(),
    },
    async ({ ctx, params, body }) => json(await rotateApiKey(ctx, params.id, body ?? RotateApiKeyBody.parse({})), 201),
  ),
});
