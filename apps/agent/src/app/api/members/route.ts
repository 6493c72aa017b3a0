import { z } from "zod";
import { assignableRoles, listMembers, MemberView, RoleName } from "@switchyard/core/tenancy/members";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "Members with role and last sign-in",
        tag: "Members",
        response: z.object({ members: z.array(MemberView), assignableRoles: z.array(RoleName) }),
      },
      role: "ADMIN",
    },
    async ({ ctx }) => ({
      members: await listMembers(ctx),
      assignableRoles: assignableRoles(ctx.actor),
    }),
  ),
});
