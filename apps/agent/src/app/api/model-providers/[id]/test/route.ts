import { ConnectionTestView, TestModelProviderBody, testModelProvider } from "@switchyard/core/models/providers";
import { route, routeMethods } from "@/lib/api";
import { ModelProviderParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "Test the connection: one tiny call, reporting latency, model and error (a failed call is ok: false, not an error)",
        tag: "Model providers",
        response: ConnectionTestView,
      },
      role: "ADMIN",
      params: ModelProviderParams,
      body: TestModelProviderBody.optional(),
    },
    async ({ ctx, params, body }) => testModelProvider(ctx, params.id, body ?? {}),
  ),
});
