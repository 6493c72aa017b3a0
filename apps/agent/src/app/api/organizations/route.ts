import { z } from "zod";
import { listActorOrganizations, ActorOrganization } from "@switchyard/core/tenancy/organizations";
import { getDatabase } from "@switchyard/database";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "The caller's organizations", tag: "Organization", response: z.object({ organizations: z.array(ActorOrganization) }) } },
    async ({ ctx }) => ({
      organizations: await listActorOrganizations((await getDatabase()).prisma, ctx),
    }),
  ),
});
