import { revokeInvitation } from "@switchyard/core/tenancy/invitations";
import { route } from "@/lib/api";
import { InvitationParams } from "../schema";

export const DELETE = route({ role: "ADMIN", params: InvitationParams }, async ({ ctx, params }) => {
  await revokeInvitation(ctx, params.id);
  return new Response(null, { status: 204 });
});
