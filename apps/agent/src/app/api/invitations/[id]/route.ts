import { revokeInvitation } from "@switchyard/core/tenancy/invitations";
import { route, routeMethods } from "@/lib/api";
import { InvitationParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  DELETE: route(
    { doc: { summary: "Withdraw an invitation", tag: "Members", status: 204 }, role: "ADMIN", params: InvitationParams },
    async ({ ctx, params }) => {
      await revokeInvitation(ctx, params.id);
      return new Response(null, { status: 204 });
    },
  ),
});
