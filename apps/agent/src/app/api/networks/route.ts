import { z } from "zod";
import { listNetworks, NetworkDetail, NetworkSummary } from "@switchyard/core/networks/catalog";
import { CreateNetworkBody, createNetwork } from "@switchyard/core/networks/definitions";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List networks", tag: "Networks", response: z.object({ networks: z.array(NetworkSummary) }) } }, async ({ ctx }) => ({
    networks: await listNetworks(ctx),
  })),
  POST: route(
    {
      doc: { summary: "Create a network with its router and member agents", tag: "Networks", status: 201, response: z.object({ network: NetworkDetail }) },
      role: "ADMIN",
      body: CreateNetworkBody,
    },
    async ({ ctx, body }) => json({ network: await createNetwork(ctx, body) }, 201),
  ),
});
