import { getNetwork, NetworkDetail } from "@switchyard/core/networks/catalog";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Get a network with its members", tag: "Networks", response: z.object({ network: NetworkDetail }) },
      params: z.object({ slug: z.string().min(1).max(120) }),
    },
    async ({ ctx, params }) => ({
      network: await getNetwork(ctx, params.slug),
    }),
  ),
});
