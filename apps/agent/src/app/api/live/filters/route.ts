import { getRunFilters } from "@switchyard/core/runs/filters";
import { route } from "@/lib/api";

export const GET = route({}, async ({ ctx }) => getRunFilters(ctx));
