import { CockpitSchema, getCockpit } from "@switchyard/core/control/cockpit";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "The control cockpit: health, trends, cost projection, anomalies, approvals and autonomy", tag: "Control", response: CockpitSchema } },
    async ({ ctx }) => getCockpit(ctx),
  ),
});
