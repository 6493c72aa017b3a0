import { z } from "zod";
import { deleteAutomationDependency } from "@switchyard/core/automations/index";
import { route, routeMethods } from "@/lib/api";
import { DependencyParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  DELETE: route(
    {
      doc: { summary: "Remove a dependency", tag: "Schedule", response: z.object({ deleted: z.literal(true), id: z.string() }) },
      role: "OPERATOR",
      params: DependencyParams,
    },
    async ({ ctx, params }) => deleteAutomationDependency(ctx, params.id),
  ),
});
