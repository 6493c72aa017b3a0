import { z } from "zod";
import { deleteModelProvider, getModelProvider, ModelProviderView, UpdateModelProviderBody, updateModelProvider } from "@switchyard/core/models/providers";
import { route, routeMethods } from "@/lib/api";
import { ModelProviderParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Get a model provider", tag: "Model providers", response: z.object({ provider: ModelProviderView }) },
      role: "OPERATOR",
      params: ModelProviderParams,
    },
    async ({ ctx, params }) => ({ provider: await getModelProvider(ctx, params.id) }),
  ),
  PUT: route(
    {
      doc: {
        summary: "Edit a model provider: fields sent replace the stored ones, absent ones are kept (apiKey/headers: null removes them)",
        tag: "Model providers",
        response: z.object({ provider: ModelProviderView }),
      },
      role: "ADMIN",
      params: ModelProviderParams,
      body: UpdateModelProviderBody,
    },
    async ({ ctx, params, body }) => ({ provider: await updateModelProvider(ctx, params.id, body) }),
  ),
  DELETE: route(
    {
      doc: { summary: "Remove a model provider (409 naming the agents that still use it)", tag: "Model providers", status: 204 },
      role: "ADMIN",
      params: ModelProviderParams,
    },
    async ({ ctx, params }) => {
      await deleteModelProvider(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  ),
});
