import { listNetworks } from "@switchyard/core/networks/catalog";
import { route } from "@/lib/api";

export const GET = route({}, async ({ ctx }) => ({ networks: await listNetworks(ctx) }));
