"use client";

import { Button, Sheet } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useMemo, useState } from "react";
import { EntityPicker } from "@/components/entities/entity-picker";
import { describeFailure, Field, FormError, inputClass } from "@/components/form";
import { RoleGate } from "@/components/role-gate";
import { createSchedule, type ScheduleKind, type ScheduleRecord } from "./api";
import { NextRunsPreview, useSchedulePreview } from "./next-runs-preview";
import { defaultTimeZone, parseJsonObject, timeZoneOptions } from "./schedule-edit";
import { CronField, TimeZoneField } from "./schedule-fields";

export const NEEDS_ADMIN = "Creating and editing schedules needs the admin role.";

/** "New schedule" and its form in a side sheet (admin or higher; the API checks again). */
export function NewScheduleButton({ canCreate, onCreated }: { canCreate: boolean; onCreated: (schedule: ScheduleRecord) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <>
      <RoleGate isAllowed={canCreate} reason={NEEDS_ADMIN}>
        <Button variant="primary" onClick={() => setIsOpen(true)} disabled={!canCreate}>
          <Plus className="size-4" aria-hidden />
          New schedule
        </Button>
      </RoleGate>
      <Sheet
        open={isOpen}
        onOpenChange={setIsOpen}
        title="New schedule"
        description="Fires an agent, workflow, network or campaign template on a cron, in a time zone."
        className="max-w-xl"
      >
        {isOpen && (
          <NewScheduleForm
            onCreated={(schedule) => {
              setIsOpen(false);
              onCreated(schedule);
            }}
          />
        )}
      </Sheet>
    </>
  );
}

function NewScheduleForm({ onCreated }: { onCreated: (schedule: ScheduleRecord) => void }) {
  const zones = useMemo(() => timeZoneOptions(), []);
  const [kind, setKind] = useState<ScheduleKind>("agent");
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [cronExpr, setCronExpr] = useState("0 9 * * *");
  const [timezone, setTimezone] = useState(() => defaultTimeZone(zones));
  const [inputText, setInputText] = useState("{}");
  // Missing fields are pointed out after a first attempt to save, not while the form is still empty.
  const [isAttempted, setIsAttempted] = useState(false);
  const preview = useSchedulePreview(cronExpr, timezone);
  const create = useMutation({ mutationFn: createSchedule, onSuccess: ({ schedule }) => onCreated(schedule) });

  /** A change clears the server's verdict on the previous attempt. */
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      if (create.isError) create.reset();
    };
  const failure = create.isError ? describeFailure(create.error) : null;
  const input = parseJsonObject(inputText);
  const inputErrors = Object.entries(failure?.fields ?? {})
    .filter(([path]) => path === "input" || path.startsWith("input."))
    .map(([path, message]) => (path === "input" ? message : `${path.slice("input.".length)}: ${message}`));
  const errors = {
    entity: failure?.fields["entity.slug"] ?? failure?.fields["entity.type"] ?? (isAttempted && !slug ? "Choose what to schedule" : undefined),
    name: failure?.fields.name ?? (isAttempted && !name.trim() ? "A name is required" : undefined),
    cronExpr: preview.errors.cronExpr ?? failure?.fields.cronExpr,
    timezone: preview.errors.timezone ?? failure?.fields.timezone,
    input: typeof input === "string" ? input : inputErrors.length > 0 ? inputErrors.join("; ") : undefined,
  };

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setIsAttempted(true);
    if (!slug || !name.trim() || typeof input === "string" || errors.cronExpr || errors.timezone) return;
    create.mutate({ entity: { type: kind, slug }, name: name.trim(), cronExpr: cronExpr.trim(), timezone, input });
  }

  return (
    <form onSubmit={submit} className="space-y-5 p-5" aria-label="New schedule" data-testid="new-schedule-form" noValidate>
      <div className="space-y-1.5">
        <EntityPicker
          kind={kind}
          slug={slug}
          onKind={edit((next: ScheduleKind) => {
            setKind(next);
            setSlug("");
          })}
          onSlug={edit(setSlug)}
        />
        {errors.entity && (
          <p className="text-xs text-red-700" data-testid="entity-error">
            {errors.entity}
          </p>
        )}
      </div>
      <Field name="schedule-name" label="Name" value={name} onChange={(event) => edit(setName)(event.target.value)} error={errors.name} maxLength={120} />
      <div className="grid grid-cols-2 gap-3">
        <CronField name="schedule-cron" value={cronExpr} onChange={edit(setCronExpr)} error={errors.cronExpr} />
        <TimeZoneField name="schedule-timezone" value={timezone} options={zones} onChange={edit(setTimezone)} error={errors.timezone} />
      </div>
      <NextRunsPreview preview={preview} />
      <div className="space-y-1.5">
        <label htmlFor="schedule-input" className="block text-sm font-medium text-zinc-700">
          {kind === "campaign" ? "Template parameters (JSON)" : "Input (JSON)"}
        </label>
        <textarea
          id="schedule-input"
          rows={5}
          spellCheck={false}
          value={inputText}
          onChange={(event) => edit(setInputText)(event.target.value)}
          aria-invalid={errors.input ? true : undefined}
          aria-describedby={errors.input ? "schedule-input-error" : undefined}
          className={`${inputClass} font-mono text-xs`}
        />
        {errors.input ? (
          <p id="schedule-input-error" className="text-xs text-red-700">
            {errors.input}
          </p>
        ) : (
          <p className="text-xs text-zinc-500">
            {kind === "campaign" ? "Fills the template's {{ placeholders }}; declared defaults apply." : "Each run receives this object as its input."}
          </p>
        )}
      </div>
      <FormError message={failure?.message ?? null} />
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create schedule"}
      </Button>
    </form>
  );
}
