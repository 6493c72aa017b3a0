import { listNetworks } from "@switchyard/core/networks/catalog";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List networks", tag: "Networks" } }, async ({ ctx }) => ({ networks: await listNetworks(ctx) })),
});
