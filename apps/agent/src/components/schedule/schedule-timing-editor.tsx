"use client";

import { Button } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { describeFailure, FormError } from "@/components/form";
import { type ScheduleEdit, type ScheduleRecord, updateSchedule } from "./api";
import type { AutomationRow } from "./automation-view";
import { NextRunsPreview, useSchedulePreview } from "./next-runs-preview";
import { scheduleIdOf, timeZoneOptions } from "./schedule-edit";
import { CronField, TimeZoneField } from "./schedule-fields";

/**
 * Inline edit of a schedule's cron and time zone, with the runs they would give before saving. Saving
 * sends only what changed; the API moves the next run in the same write (admin or higher).
 */
export function ScheduleTimingEditor({
  automation,
  onSaved,
  onCancel,
}: {
  automation: AutomationRow;
  onSaved: (schedule: ScheduleRecord) => void;
  onCancel: () => void;
}) {
  const zones = useMemo(() => timeZoneOptions(), []);
  const initial = { cronExpr: automation.config.cronExpr ?? "", timezone: automation.config.timezone ?? "UTC" };
  const [cronExpr, setCronExpr] = useState(initial.cronExpr);
  const [timezone, setTimezone] = useState(initial.timezone);
  const preview = useSchedulePreview(cronExpr, timezone);
  const save = useMutation({
    mutationFn: (edit: ScheduleEdit) => updateSchedule(scheduleIdOf(automation)!, edit),
    onSuccess: ({ schedule }) => onSaved(schedule),
  });
  const failure = save.isError ? describeFailure(save.error) : null;
  const errors = { cronExpr: preview.errors.cronExpr ?? failure?.fields.cronExpr, timezone: preview.errors.timezone ?? failure?.fields.timezone };
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    if (save.isError) save.reset();
  };

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (errors.cronExpr || errors.timezone) return;
    const changes: ScheduleEdit = {};
    if (cronExpr.trim() !== initial.cronExpr) changes.cronExpr = cronExpr.trim();
    if (timezone !== initial.timezone) changes.timezone = timezone;
    if (Object.keys(changes).length === 0) return onCancel();
    save.mutate(changes);
  }

  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-start gap-x-6 gap-y-3"
      aria-label={`Schedule of ${automation.name}`}
      data-testid="schedule-timing-editor"
    >
      <div className="w-60">
        <CronField name="edit-cron" value={cronExpr} onChange={edit(setCronExpr)} error={errors.cronExpr} />
      </div>
      <div className="w-64">
        <TimeZoneField name="edit-timezone" value={timezone} options={zones} onChange={edit(setTimezone)} error={errors.timezone} />
      </div>
      <div className="min-w-56">
        <NextRunsPreview preview={preview} label="Next runs after saving" />
      </div>
      <div className="flex gap-2 self-end pb-5">
        <Button type="submit" variant="primary" disabled={save.isPending || preview.isPending}>
          {save.isPending ? "Saving…" : "Save schedule"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {failure?.message && (
        <div className="w-full">
          <FormError message={failure.message} />
        </div>
      )}
    </form>
  );
}
