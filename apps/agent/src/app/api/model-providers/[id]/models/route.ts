import { z } from "zod";
import { ModelProviderView, refreshProviderModels } from "@switchyard/core/models/providers";
import { route, routeMethods } from "@/lib/api";
import { ModelProviderParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "Fetch the provider's model list from its server's /models (502 saying why when it offers none)",
        tag: "Model providers",
        response: z.object({ provider: ModelProviderView }),
      },
      role: "ADMIN",
      params: ModelProviderParams,
    },
    async ({ ctx, params }) => ({ provider: await refreshProviderModels(ctx, params.id) }),
  ),
});
