import { getOrganization, RenameOrganizationBody, renameOrganization } from "@switchyard/core/tenancy/organizations";
import { route } from "@/lib/api";

export const GET = route({}, async ({ ctx }) => ({ organization: await getOrganization(ctx) }));

export const PATCH = route({ role: "ADMIN", body: RenameOrganizationBody }, async ({ ctx, body }) => ({
  organization: await renameOrganization(ctx, body.name),
}));
