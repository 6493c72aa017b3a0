"use client";

import type { MonthCost } from "@switchyard/core/control/cockpit";
import { Button, Card, CardHeader } from "@switchyard/ui/components";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { ApiError, requestJson } from "@/components/api-client";
import { Field, FormError, fieldErrors, SaveButton } from "@/components/form";
import { formatCost } from "@/components/runs/format";

const budgetKey = ["settings", "budget"] as const;

/** The monthly budget the /control cockpit projects the month's cost against, with this month's figures. */
export function BudgetForm({ initial }: { initial: MonthCost }) {
  const queryClient = useQueryClient();
  const budget = useQuery({ queryKey: budgetKey, queryFn: () => requestJson<MonthCost>("/api/organization/budget"), initialData: initial });
  const save = useMutation({
    // A typed value that is not a number goes as typed, so the API's answer says what is wrong with it.
    mutationFn: (monthlyBudgetUsd: number | string | null) =>
      requestJson<MonthCost>("/api/organization/budget", { method: "PUT", body: JSON.stringify({ monthlyBudgetUsd }) }),
    onSuccess: (next) => queryClient.setQueryData(budgetKey, next),
  });
  const errors = save.error instanceof ApiError ? fieldErrors(save.error.details) : {};
  const view = budget.data;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get("monthlyBudgetUsd") ?? "").trim();
    const amount = Number(typed);
    save.mutate(typed === "" ? null : Number.isFinite(amount) ? amount : typed);
  }

  return (
    <Card id="budget" data-testid="budget-card">
      <CardHeader
        title="Monthly budget"
        description="What /control projects this month's cost against (calendar month, UTC). Costs come from the stored runs; nothing is stopped when the budget is exceeded."
      />
      <div className="space-y-4 p-4">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-500">Spent this month</dt>
          <dd className="font-medium tabular-nums text-zinc-900" data-testid="budget-spent">
            {formatCost(view.costUsd)}
          </dd>
          <dt className="text-zinc-500">Projected at this pace</dt>
          <dd className="tabular-nums text-zinc-900" data-testid="budget-projected">
            {formatCost(view.projectedUsd)}
            {view.budgetShare !== null && (
              <span className={`ml-2 ${view.budgetShare > 1 ? "font-medium text-red-700" : "text-zinc-500"}`} data-testid="budget-share">
                {Math.round(view.budgetShare * 100)}% of the budget
              </span>
            )}
          </dd>
        </dl>
        {/* Keyed by the saved value, so a cleared or saved budget shows in the field. */}
        <form key={String(view.budgetUsd)} onSubmit={submit} className="flex flex-wrap items-end gap-3">
          <div className="w-56">
            <Field
              name="monthlyBudgetUsd"
              label="Budget (USD per month)"
              type="number"
              inputMode="decimal"
              min={0.01}
              step={0.01}
              max={10_000_000}
              placeholder="No budget"
              defaultValue={view.budgetUsd === null ? "" : String(view.budgetUsd)}
              error={errors.monthlyBudgetUsd}
            />
          </div>
          <SaveButton isPending={save.isPending} isSaved={save.isSuccess} />
          {view.budgetUsd !== null && (
            <Button type="button" variant="ghost" disabled={save.isPending} onClick={() => save.mutate(null)}>
              Clear budget
            </Button>
          )}
          <div className="w-full">
            <FormError message={save.error && !errors.monthlyBudgetUsd ? (save.error as Error).message : null} />
          </div>
        </form>
      </div>
    </Card>
  );
}
