import { getOrganization, RenameOrganizationBody, renameOrganization } from "@switchyard/core/tenancy/organizations";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "The active organization", tag: "Organization" } }, async ({ ctx }) => ({ organization: await getOrganization(ctx) })),
  PATCH: route({ doc: { summary: "Rename the organization", tag: "Organization" }, role: "ADMIN", body: RenameOrganizationBody }, async ({ ctx, body }) => ({
    organization: await renameOrganization(ctx, body.name),
  })),
});
