import { z } from "zod";
import { createAutomationDependency, AutomationDependencyView } from "@switchyard/core/automations/index";
import { json, route, routeMethods } from "@/lib/api";
import { CreateDependencyBody } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "Declare that one automation depends on another",
        tag: "Schedule",
        status: 201,
        response: z.object({ dependency: AutomationDependencyView }),
      },
      role: "OPERATOR",
      body: CreateDependencyBody,
    },
    async ({ ctx, body }) => json({ dependency: await createAutomationDependency(ctx, body) }, 201),
  ),
});
