import { getRunFilters } from "@switchyard/core/runs/filters";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({}, async ({ ctx }) => getRunFilters(ctx)),
});
