import { CreateInvitationBody, inviteMember, listPendingInvitations } from "@switchyard/core/tenancy/invitations";
import { json, publicBaseUrl, route } from "@/lib/api";

export const GET = route({ role: "ADMIN" }, async ({ ctx }) => ({ invitations: await listPendingInvitations(ctx) }));

// The answer is the only place the invitation link ever appears.
export const POST = route({ role: "ADMIN", body: CreateInvitationBody }, async ({ ctx, body, request }) =>
  json(await inviteMember(ctx, body, publicBaseUrl(request)), 201),
);
