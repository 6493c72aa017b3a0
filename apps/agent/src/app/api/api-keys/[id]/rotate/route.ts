import { RotateApiKeyBody, rotateApiKey } from "@switchyard/core/tenancy/api-keys";
import { json, route } from "@/lib/api";
import { ApiKeyParams } from "../../schema";

export const POST = route({ role: "ADMIN", params: ApiKeyParams, body: RotateApiKeyBody.optional() }, async ({ ctx, params, body }) =>
  json(await rotateApiKey(ctx, params.id, body ?? RotateApiKeyBody.parse({})), 201),
);
