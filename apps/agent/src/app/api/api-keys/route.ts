import { z } from "zod";
import { CreateApiKeyBody, issueApiKey, listApiKeys, ListedApiKey, IssuedApiKey } from "@switchyard/core/tenancy/api-keys";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "API keys (never the key itself)", tag: "API keys", response: z.object({ apiKeys: z.array(ListedApiKey) }) }, role: "ADMIN" },
    async ({ ctx }) => ({ apiKeys: await listApiKeys(ctx) }),
  ),
  // The answer holds the key itself, the only time it is shown; only its hash is stored.
  POST: route(
    { doc: { summary: "Create an API key (shown once)", tag: "API keys", status: 201, response: IssuedApiKey }, role: "ADMIN", body: CreateApiKeyBody },
    async ({ ctx, body }) => json(await issueApiKey(ctx, body), 201),
  ),
});
