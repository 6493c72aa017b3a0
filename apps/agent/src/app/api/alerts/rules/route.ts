import { z } from "zod";
import { AlertRuleView, CreateAlertRuleBody, createAlertRule, listAlertRules } from "@switchyard/core/alerts/rules";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Alert rules with their open incidents", tag: "Alerts", response: z.object({ rules: z.array(AlertRuleView) }) }, role: "OPERATOR" },
    async ({ ctx }) => ({ rules: await listAlertRules(ctx) }),
  ),
  POST: route(
    {
      doc: { summary: "Create an alert rule", tag: "Alerts", status: 201, response: z.object({ rule: AlertRuleView }) },
      role: "ADMIN",
      body: CreateAlertRuleBody,
    },
    async ({ ctx, body }) => json({ rule: await createAlertRule(ctx, body) }, 201),
  ),
});
