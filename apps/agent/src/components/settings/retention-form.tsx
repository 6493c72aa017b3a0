"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, CardHeader } from "@switchyard/ui/components";
import type { FormEvent } from "react";
import { ApiError, requestJson } from "@/components/api-client";
import { Field, FormError, fieldErrors, SaveButton } from "@/components/form";
import { formatCount, formatExactTime } from "@/components/runs/format";

interface RetentionView {
  retentionDays: number;
  cutoff: string;
  willDelete: Record<string, number>;
}

const TABLE_LABELS: Record<string, string> = {
  workflowRuns: "Workflow runs",
  networkRuns: "Network runs",
  campaigns: "Campaigns",
  pulseEvaluations: "Pulse evaluations",
  agentRuns: "Agent runs",
  triggerEvents: "Trigger events",
  activityEvents: "Activity events",
  runtimeEvents: "Runtime events",
};

const retentionKey = ["retention"] as const;

/** The retention in days, and a preview of what the next pruning pass deletes under it. */
export function RetentionForm({ initial }: { initial: RetentionView }) {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: retentionKey,
    queryFn: () => requestJson<RetentionView>("/api/organization/retention"),
    initialData: initial,
  });
  const save = useMutation({
    mutationFn: (retentionDays: number) =>
      requestJson<RetentionView>("/api/organization/retention", { method: "PUT", body: JSON.stringify({ retentionDays }) }),
    onSuccess: (next) => queryClient.setQueryData(retentionKey, next),
  });
  const errors = save.error instanceof ApiError ? fieldErrors(save.error.details) : {};
  const view = settings.data;
  const total = Object.values(view.willDelete).reduce((sum, count) => sum + count, 0);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(Number(new FormData(event.currentTarget).get("retentionDays")));
  }

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Keep history for"
          description="Finished runs (with their steps, events and artifacts), trigger events, activity and runtime events older than this are deleted in small batches every ten minutes. Queued, running and suspended runs are never pruned."
        />
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3 p-4">
          <div className="w-48">
            <Field
              name="retentionDays"
              label="Days"
              type="number"
              min={1}
              max={3650}
              defaultValue={String(view.retentionDays)}
              required
              error={errors.retentionDays}
            />
          </div>
          <SaveButton isPending={save.isPending} isSaved={save.isSuccess} />
          <div className="w-full">
            <FormError message={save.error && !errors.retentionDays ? (save.error as Error).message : null} />
          </div>
        </form>
      </Card>
      <Card>
        <CardHeader
          title="What the next pass deletes"
          description={`Everything that started before ${formatExactTime(view.cutoff)} (${view.retentionDays} days ago).`}
        />
        {total === 0 ? (
          <p className="p-4 text-sm text-zinc-500" data-testid="retention-nothing">
            Nothing is older than that: no history will be deleted.
          </p>
        ) : (
          <table className="w-full text-sm" data-testid="retention-preview">
            <tbody className="divide-y divide-zinc-100">
              {Object.entries(view.willDelete).map(([table, count]) => (
                <tr key={table} data-table={table}>
                  <td className="px-4 py-2 text-zinc-600">{TABLE_LABELS[table] ?? table}</td>
                  <td className="px-4 py-2 text-right font-medium tabular-nums text-zinc-900" data-testid={`retention-${table}`}>
                    {formatCount(count)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
