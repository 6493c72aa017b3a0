import { getOrganization, RenameOrganizationBody, renameOrganization } from "@switchyard/core/tenancy/organizations";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({}, async ({ ctx }) => ({ organization: await getOrganization(ctx) })),
  PATCH: route({ role: "ADMIN", body: RenameOrganizationBody }, async ({ ctx, body }) => ({
    organization: await renameOrganization(ctx, body.name),
  })),
});
