import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { getMonthCost, type MonthCost } from "./cockpit.ts";

/**
 * The organization's monthly budget: what the /control cockpit projects the month's cost against.
 * Whole cents only, so what an admin typed is what every surface shows.
 */

export const MAX_MONTHLY_BUDGET_USD = 10_000_000;

const isWholeCents = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

export const UpdateBudgetBody = z.object({
  /** US dollars per calendar month (UTC); null clears the budget. */
  monthlyBudgetUsd: z
    .number()
    .positive("Enter an amount above $0, or clear the budget")
    .max(MAX_MONTHLY_BUDGET_USD, "At most $10,000,000 a month")
    .refine(isWholeCents, "Use at most two decimals (whole cents)")
    .nullable(),
});
export type UpdateBudgetBody = z.infer<typeof UpdateBudgetBody>;

/** The month's spend and projection against the budget, as the cockpit computes them (ADMIN). */
export async function getBudgetSettings(ctx: OrgContext, now: Date = new Date()): Promise<MonthCost> {
  requireRole(ctx, "ADMIN");
  return getMonthCost(ctx, now);
}

/** Sets or clears the monthly budget (ADMIN, audited when it changes). */
export async function updateBudget(ctx: OrgContext, body: UpdateBudgetBody, now: Date = new Date()): Promise<MonthCost> {
  requireRole(ctx, "ADMIN");
  const parsed = UpdateBudgetBody.parse(body).monthlyBudgetUsd;
  // The cents check tolerates float noise (0.1 + 0.2): store the cents it means.
  const monthlyBudgetUsd = parsed === null ? null : Math.round(parsed * 100) / 100;
  await ctx.db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { name: true, monthlyBudgetUsd: true } });
    if (before.monthlyBudgetUsd === monthlyBudgetUsd) return;
    await tx.organization.update({ where: { id: ctx.organizationId }, data: { monthlyBudgetUsd } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "organization.budget_changed",
      target: { type: "organization", id: ctx.organizationId, label: before.name },
      before: { monthlyBudgetUsd: before.monthlyBudgetUsd },
      after: { monthlyBudgetUsd },
    });
  });
  return getMonthCost(ctx, now);
}
