import { getRunFilters, RunFiltersResponseSchema } from "@switchyard/core/runs/filters";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "Filter options: entities, kinds, sources, statuses", tag: "Observe", response: RunFiltersResponseSchema } }, async ({ ctx }) =>
    getRunFilters(ctx),
  ),
});
