import { CreateApiKeyBody, issueApiKey, listApiKeys } from "@switchyard/core/tenancy/api-keys";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ role: "ADMIN" }, async ({ ctx }) => ({ apiKeys: await listApiKeys(ctx) })),
  // The answer holds the key itself, the only time it is shown; only its hash is stored.
  POST: route({ role: "ADMIN", body: CreateApiKeyBody }, async ({ ctx, body }) => json(await issueApiKey(ctx, body), 201)),
});
