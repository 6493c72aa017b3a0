import { z } from "zod";
import { AlertRuleView, UpdateAlertRuleBody, deleteAlertRule, updateAlertRule } from "@switchyard/core/alerts/rules";
import { route, routeMethods } from "@/lib/api";
import { AlertParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  PUT: route(
    {
      doc: { summary: "Change an alert rule (name, config for its kind, channels, on/off)", tag: "Alerts", response: z.object({ rule: AlertRuleView }) },
      role: "ADMIN",
      params: AlertParams,
      body: UpdateAlertRuleBody,
    },
    async ({ ctx, params, body }) => ({ rule: await updateAlertRule(ctx, params.id, body) }),
  ),
  DELETE: route(
    { doc: { summary: "Delete an alert rule with its incidents", tag: "Alerts", response: z.object({ id: z.string() }) }, role: "ADMIN", params: AlertParams },
    async ({ ctx, params }) => deleteAlertRule(ctx, params.id),
  ),
});
