import { ListAuditQuery, listAuditLog, ListAuditResponse } from "@switchyard/core/tenancy/audit";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "The audit log of administrative actions", tag: "Audit", response: ListAuditResponse }, role: "ADMIN", query: ListAuditQuery },
    async ({ ctx, query }) => listAuditLog(ctx, query),
  ),
});
