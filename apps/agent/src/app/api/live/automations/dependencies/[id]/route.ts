import { deleteAutomationDependency } from "@switchyard/core/automations/index";
import { route, routeMethods } from "@/lib/api";
import { DependencyParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  DELETE: route({ doc: { summary: "Remove a dependency", tag: "Schedule" }, role: "OPERATOR", params: DependencyParams }, async ({ ctx, params }) =>
    deleteAutomationDependency(ctx, params.id),
  ),
});
