import { z } from "zod";
import { CreateModelProviderBody, createModelProvider, listModelProviders, ModelProviderView } from "@switchyard/core/models/providers";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "List the organization's model providers (never their keys or header values)",
        tag: "Model providers",
        response: z.object({ providers: z.array(ModelProviderView) }),
      },
      role: "OPERATOR",
    },
    async ({ ctx }) => ({ providers: await listModelProviders(ctx) }),
  ),
  POST: route(
    {
      doc: {
        summary: "Add a model provider (loopback and private base URLs are allowed)",
        tag: "Model providers",
        status: 201,
        response: z.object({ provider: ModelProviderView }),
      },
      role: "ADMIN",
      body: CreateModelProviderBody,
    },
    async ({ ctx, body }) => json({ provider: await createModelProvider(ctx, body) }, 201),
  ),
});
