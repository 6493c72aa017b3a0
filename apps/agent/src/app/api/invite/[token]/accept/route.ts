import { z } from "zod";
import { AcceptInvitationBody, acceptInvitation, AcceptedInvitation } from "@switchyard/core/tenancy/invitations";
import { getDatabase } from "@switchyard/database";
import { json, route, routeMethods } from "@/lib/api";
import { sessionUserFromHeaders } from "@/lib/session";
import { InviteParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "Accept an invitation", tag: "Members", status: 201, response: z.object({ accepted: AcceptedInvitation }) },
      auth: "none",
      params: InviteParams,
      body: AcceptInvitationBody.optional(),
    },
    async ({ request, params, body }) => {
      const signedIn = await sessionUserFromHeaders(request.headers);
      const accepted = await acceptInvitation((await getDatabase()).prisma, params.token, { ...body, signedInUserId: signedIn?.userId ?? null });
      return json({ accepted }, 201);
    },
  ),
});
