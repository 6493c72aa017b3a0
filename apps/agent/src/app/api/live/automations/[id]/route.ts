import { updateAutomation, UpdateAutomationResponse } from "@switchyard/core/automations/index";
import { route, routeMethods } from "@/lib/api";
import { AutomationParams, UpdateAutomationBody } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PATCH: route(
    {
      doc: { summary: "Toggle, archive or set the health policy of an automation", tag: "Schedule", response: UpdateAutomationResponse },
      role: "OPERATOR",
      params: AutomationParams,
      body: UpdateAutomationBody,
    },
    async ({ ctx, params, body }) => updateAutomation(ctx, params.id, body),
  ),
});
