import { revokeApiKey } from "@switchyard/core/tenancy/api-keys";
import { route } from "@/lib/api";
import { ApiKeyParams } from "../../schema";

export const POST = route({ role: "ADMIN", params: ApiKeyParams }, async ({ ctx, params }) => ({ apiKey: await revokeApiKey(ctx, params.id) }));
