import { getRuntimeAdminStatus } from "@switchyard/core/admin/runtime";
import { route } from "@/lib/api";

export const GET = route({ role: "ADMIN" }, async ({ ctx }) => ({ status: await getRuntimeAdminStatus(ctx) }));
