import { listActorOrganizations } from "@switchyard/core/tenancy/organizations";
import { route } from "@/lib/api";

export const GET = route({}, async ({ ctx }) => ({ organizations: await listActorOrganizations(ctx) }));
