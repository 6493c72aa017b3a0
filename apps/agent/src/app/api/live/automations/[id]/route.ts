import { updateAutomation } from "@switchyard/core/automations/index";
import { route } from "@/lib/api";
import { AutomationParams, UpdateAutomationBody } from "../schema";

export const PATCH = route({ role: "OPERATOR", params: AutomationParams, body: UpdateAutomationBody }, async ({ ctx, params, body }) =>
  updateAutomation(ctx, params.id, body),
);
