import { z } from "zod";
import { getRuntimeAdminStatus, RuntimeAdminStatus } from "@switchyard/core/admin/runtime";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Runtime health: workers, breakers, queue, degraded flags", tag: "Runtime admin", response: z.object({ status: RuntimeAdminStatus }) },
      role: "ADMIN",
    },
    async ({ ctx }) => ({
      status: await getRuntimeAdminStatus(ctx),
    }),
  ),
});
