import { z } from "zod";
import { describeInvitation, InvitationOffer } from "@switchyard/core/tenancy/invitations";
import { getDatabase } from "@switchyard/database";
import { route, routeMethods } from "@/lib/api";
import { InviteParams } from "../schema";

// The token is the credential: 404 for an unknown one, 410 for a used, withdrawn or expired one.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "What an invitation offers (410 when used, withdrawn or expired)", tag: "Members", response: z.object({ invitation: InvitationOffer }) },
      auth: "none",
      params: InviteParams,
    },
    async ({ params }) => ({
      invitation: await describeInvitation((await getDatabase()).prisma, params.token),
    }),
  ),
});
