import { getBudgetSettings, UpdateBudgetBody, updateBudget } from "@switchyard/core/control/budget";
import { MonthCost } from "@switchyard/core/control/cockpit";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "The monthly budget, with this month's cost so far and its projection", tag: "Organization", response: MonthCost },
      role: "ADMIN",
    },
    async ({ ctx }) => getBudgetSettings(ctx),
  ),
  PUT: route(
    {
      doc: { summary: "Set the monthly budget in US dollars, or clear it with null", tag: "Organization", response: MonthCost },
      role: "ADMIN",
      body: UpdateBudgetBody,
    },
    async ({ ctx, body }) => updateBudget(ctx, body),
  ),
});
