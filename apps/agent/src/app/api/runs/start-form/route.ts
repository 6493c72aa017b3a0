import { getStartForm, StartForm, StartFormQuery } from "@switchyard/core/runs/start";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "What starting a run of an entity asks for: its input schema and a starting input", tag: "Observe", response: StartForm },
      query: StartFormQuery,
    },
    async ({ ctx, query }) => getStartForm(ctx, query.kind, query.slug),
  ),
});
