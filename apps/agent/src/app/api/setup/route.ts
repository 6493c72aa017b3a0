import { z } from "zod";
import { isSetupAvailable, SetupBody, setupOrganization, SetupResponse } from "@switchyard/core/tenancy/organizations";
import { getDatabase } from "@switchyard/database";
import { json, route, routeMethods } from "@/lib/api";

// Open to anyone while the installation has no organization but the demo; then gone for good (404).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Whether first-run setup is open", tag: "Organization", response: z.object({ available: z.boolean() }) }, auth: "none" },
    async () => ({
      available: await isSetupAvailable((await getDatabase()).prisma),
    }),
  ),
  POST: route(
    {
      doc: { summary: "First-run setup: the organization and its owner (404 once set up)", tag: "Organization", status: 201, response: SetupResponse },
      auth: "none",
      body: SetupBody,
    },
    async ({ body }) => json(await setupOrganization((await getDatabase()).prisma, body), 201),
  ),
});
