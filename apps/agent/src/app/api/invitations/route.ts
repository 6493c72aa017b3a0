import { CreateInvitationBody, inviteMember, listPendingInvitations } from "@switchyard/core/tenancy/invitations";
import { json, publicBaseUrl, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ role: "ADMIN" }, async ({ ctx }) => ({ invitations: await listPendingInvitations(ctx) })),
  // The answer is the only place the invitation link ever appears.
  POST: route({ role: "ADMIN", body: CreateInvitationBody }, async ({ ctx, body, request }) =>
    json(await inviteMember(ctx, body, publicBaseUrl(request)), 201),
  ),
});
