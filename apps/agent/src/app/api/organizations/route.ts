import { listActorOrganizations } from "@switchyard/core/tenancy/organizations";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({}, async ({ ctx }) => ({ organizations: await listActorOrganizations(ctx) })),
});
