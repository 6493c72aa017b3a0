import { z } from "zod";
import { getOrganization, RenameOrganizationBody, renameOrganization, OrganizationView } from "@switchyard/core/tenancy/organizations";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "The active organization", tag: "Organization", response: z.object({ organization: OrganizationView }) } }, async ({ ctx }) => ({
    organization: await getOrganization(ctx),
  })),
  PATCH: route(
    {
      doc: { summary: "Rename the organization", tag: "Organization", response: z.object({ organization: OrganizationView }) },
      role: "ADMIN",
      body: RenameOrganizationBody,
    },
    async ({ ctx, body }) => ({
      organization: await renameOrganization(ctx, body.name),
    }),
  ),
});
