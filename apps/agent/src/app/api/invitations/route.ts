import { z } from "zod";
import { CreateInvitationBody, inviteMember, listPendingInvitations, InvitationView, InviteMemberResponse } from "@switchyard/core/tenancy/invitations";
import { json, publicBaseUrl, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Pending invitations", tag: "Members", response: z.object({ invitations: z.array(InvitationView) }) }, role: "ADMIN" },
    async ({ ctx }) => ({
      invitations: await listPendingInvitations(ctx),
    }),
  ),
  // The answer is the only place the invitation link ever appears.
  POST: route(
    {
      doc: { summary: "Invite by email (the link is in this answer only)", tag: "Members", status: 201, response: InviteMemberResponse },
      role: "ADMIN",
      body: CreateInvitationBody,
    },
    async ({ ctx, body, request }) => json(await inviteMember(ctx, body, publicBaseUrl(request)), 201),
  ),
});
