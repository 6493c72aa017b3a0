import { AlertIncidentList, ListAlertIncidentsQuery, listAlertIncidents } from "@switchyard/core/alerts/incidents";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Alert incidents, newest first, with each delivery's last result", tag: "Alerts", response: AlertIncidentList },
      role: "OPERATOR",
      query: ListAlertIncidentsQuery,
    },
    async ({ ctx, query }) => listAlertIncidents(ctx, query),
  ),
});
