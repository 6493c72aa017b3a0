import { z } from "zod";
import { AppError } from "@switchyard/core";
import { setActiveOrganization, SwitchOrganizationBody, ActiveOrganization } from "@switchyard/core/tenancy/organizations";
import { getDatabase } from "@switchyard/database";
import { route, routeMethods } from "@/lib/api";
import { sessionUserFromHeaders } from "@/lib/session";

// Switches the signed-in user's active organization; an API key stays bound to its own.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PUT: route(
    {
      doc: { summary: "Switch the signed-in session's organization", tag: "Organization", response: z.object({ organization: ActiveOrganization }) },
      auth: "none",
      body: SwitchOrganizationBody,
    },
    async ({ request, body }) => {
      if (request.headers.get("authorization")) throw new AppError("bad_request", "An API key is bound to one organization and cannot switch");
      const user = await sessionUserFromHeaders(request.headers);
      if (!user) throw new AppError("unauthorized", "Sign in to switch organization");
      return { organization: await setActiveOrganization((await getDatabase()).prisma, user, body.organizationId) };
    },
  ),
});
