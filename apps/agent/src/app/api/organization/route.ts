import { z } from "zod";
import { getOrganization, OrganizationView, UpdateOrganizationBody, updateOrganization } from "@switchyard/core/tenancy/organizations";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "The active organization", tag: "Organization", response: z.object({ organization: OrganizationView }) } }, async ({ ctx }) => ({
    organization: await getOrganization(ctx),
  })),
  PATCH: route(
    {
      doc: { summary: "Rename the organization or switch its NATS bridge", tag: "Organization", response: z.object({ organization: OrganizationView }) },
      role: "ADMIN",
      body: UpdateOrganizationBody,
    },
    async ({ ctx, body }) => ({
      organization: await updateOrganization(ctx, body),
    }),
  ),
});
