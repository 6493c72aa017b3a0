import { z } from "zod";
import { AlertIncidentView, resolveAlertIncident } from "@switchyard/core/alerts/incidents";
import { route, routeMethods } from "@/lib/api";
import { AlertParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "Resolve an open alert incident by hand (a resolved one is answered as it is)",
        tag: "Alerts",
        response: z.object({ incident: AlertIncidentView }),
      },
      role: "ADMIN",
      params: AlertParams,
    },
    async ({ ctx, params }) => ({ incident: await resolveAlertIncident(ctx, params.id) }),
  ),
});
