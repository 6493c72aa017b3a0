import { z } from "zod";
import { removeMember, UpdateMemberBody, updateMemberRole, UpdatedMember } from "@switchyard/core/tenancy/members";
import { route, routeMethods } from "@/lib/api";
import { MemberParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PATCH: route(
    {
      doc: { summary: "Change a member's role", tag: "Members", response: z.object({ member: UpdatedMember }) },
      role: "ADMIN",
      params: MemberParams,
      body: UpdateMemberBody,
    },
    async ({ ctx, params, body }) => ({
      member: await updateMemberRole(ctx, params.id, body.role),
    }),
  ),
  DELETE: route({ doc: { summary: "Remove a member", tag: "Members", status: 204 }, role: "ADMIN", params: MemberParams }, async ({ ctx, params }) => {
    await removeMember(ctx, params.id);
    return new Response(null, { status: 204 });
  }),
});
