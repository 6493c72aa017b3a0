import { getNetwork } from "@switchyard/core/networks/catalog";
import { z } from "zod";
import { route } from "@/lib/api";

export const GET = route({ params: z.object({ slug: z.string().min(1).max(120) }) }, async ({ ctx, params }) => ({
  network: await getNetwork(ctx, params.slug),
}));
