import { ArchiveQuery } from "@switchyard/core/definitions/common";
import { getNetwork, NetworkDetail } from "@switchyard/core/networks/catalog";
import { archiveNetwork, UpdateNetworkBody, updateNetwork } from "@switchyard/core/networks/definitions";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

const Params = z.object({ slug: z.string().min(1).max(120) });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Get a network with its members", tag: "Networks", response: z.object({ network: NetworkDetail }) }, params: Params },
    async ({ ctx, params }) => ({
      network: await getNetwork(ctx, params.slug),
    }),
  ),
  PATCH: route(
    {
      doc: {
        summary: "Edit a network's definition (members, when sent, replace the current ones)",
        tag: "Networks",
        response: z.object({ network: NetworkDetail }),
      },
      role: "ADMIN",
      params: Params,
      body: UpdateNetworkBody,
    },
    async ({ ctx, params, body }) => ({ network: await updateNetwork(ctx, params.slug, body) }),
  ),
  DELETE: route(
    {
      doc: {
        summary: "Archive a network (409 while schedules are active, unless ?cascade=pause)",
        tag: "Networks",
        response: z.object({ network: NetworkDetail, pausedScheduleIds: z.array(z.string()) }),
      },
      role: "ADMIN",
      params: Params,
      query: ArchiveQuery,
    },
    async ({ ctx, params, query }) => archiveNetwork(ctx, params.slug, query.cascade),
  ),
});
