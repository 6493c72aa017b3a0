import { deleteAutomationDependency } from "@switchyard/core/automations/index";
import { route } from "@/lib/api";
import { DependencyParams } from "../../schema";

export const DELETE = route({ role: "OPERATOR", params: DependencyParams }, async ({ ctx, params }) => deleteAutomationDependency(ctx, params.id));
