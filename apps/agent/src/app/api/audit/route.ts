import { ListAuditQuery, listAuditLog } from "@switchyard/core/tenancy/audit";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ role: "ADMIN", query: ListAuditQuery }, async ({ ctx, query }) => listAuditLog(ctx, query)),
});
