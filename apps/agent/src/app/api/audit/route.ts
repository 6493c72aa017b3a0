import { ListAuditQuery, listAuditLog } from "@switchyard/core/tenancy/audit";
import { route } from "@/lib/api";

export const GET = route({ role: "ADMIN", query: ListAuditQuery }, async ({ ctx, query }) => listAuditLog(ctx, query));
