import { z } from "zod";
import { listNetworks, NetworkSummary } from "@switchyard/core/networks/catalog";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List networks", tag: "Networks", response: z.object({ networks: z.array(NetworkSummary) }) } }, async ({ ctx }) => ({
    networks: await listNetworks(ctx),
  })),
});
