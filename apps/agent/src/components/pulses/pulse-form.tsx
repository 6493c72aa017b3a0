"use client";

import type { ScoringRules } from "@switchyard/core/pulses/scoring";
import { Button, Card, CardHeader } from "@switchyard/ui/components";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { requestJson } from "../api-client";
import { type AgentChoice, MembersEditor, memberDraft, type MemberDraft } from "../definitions/members-editor";
import { slugify } from "../definitions/slugify";
import { describeFailure, Field, FormError, TextAreaField } from "../form";
import { RoleGate } from "../role-gate";
import { NextRunsPreview, useSchedulePreview } from "../schedule/next-runs-preview";
import { timeZoneOptions } from "../schedule/schedule-edit";
import { CronField, TimeZoneField } from "../schedule/schedule-fields";

/** The editable fields of a pulse, as the form starts from them. */
export interface PulseFormValues {
  name: string;
  slug: string;
  goal: string;
  evalCronExpr: string;
  evalTimezone: string;
  evalWindowHours: number;
  /** The effective rules; `hasCustomScoringRules` says whether they are the pulse's own. */
  scoringRules: ScoringRules;
  hasCustomScoringRules: boolean;
  members: { agent: string; role: string | null; capacity: number }[];
}

const percent = (fraction: number) => String(Math.round(fraction * 1000) / 10);

/**
 * Creates a pulse or edits one: members with capacity, the evaluation cron and time zone with a live
 * preview of the next evaluations, the window, and optionally the pulse's own scoring rules.
 */
export function PulseForm({ agents, initial, canEdit }: { agents: AgentChoice[]; initial: PulseFormValues & { isNew?: boolean }; canEdit: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const isNew = initial.isNew === true;
  const [name, setName] = useState(initial.name);
  const [slug, setSlug] = useState(initial.slug);
  const [isSlugEdited, setIsSlugEdited] = useState(!isNew);
  const [cronExpr, setCronExpr] = useState(initial.evalCronExpr);
  const [timeZone, setTimeZone] = useState(initial.evalTimezone);
  const [hasCustomRules, setHasCustomRules] = useState(initial.hasCustomScoringRules);
  const [members, setMembers] = useState<MemberDraft[]>(() =>
    initial.members.length > 0
      ? initial.members.map((member) => memberDraft({ agent: member.agent, role: member.role ?? "", capacity: String(member.capacity) }))
      : [memberDraft()],
  );
  const zones = useTimeZones();

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      requestJson<{ pulse: { slug: string } }>(isNew ? "/api/pulses" : `/api/pulses/${initial.slug}`, {
        method: isNew ? "POST" : "PATCH",
        body: JSON.stringify(body),
      }),
    onSuccess: ({ pulse }) => {
      if (pulse.slug !== initial.slug || isNew) router.push(`/pulses/${pulse.slug}`);
      router.refresh();
      // The page's automations card reads the evaluation cycle through its own query.
      void queryClient.invalidateQueries({ queryKey: ["automations"] });
    },
  });
  const failure = save.isError ? describeFailure(save.error) : null;
  const preview = useSchedulePreview(cronExpr, timeZone);
  const errors = failure?.fields ?? {};
  // The preview's verdict on the cron and zone as typed comes first; the API's on save otherwise.
  const cronError = preview.errors.cronExpr ?? errors.evalCronExpr;
  const timeZoneError = preview.errors.timezone ?? errors.evalTimezone;
  const isReadOnly = !canEdit;
  const rules = initial.scoringRules;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    // Empty or non-numeric entries go as null, so the API names the field.
    const number = (key: string, scale = 1) => (text(key) === "" ? null : Number(text(key)) / scale);
    save.mutate({
      name: text("name"),
      slug: text("slug"),
      goal: text("goal"),
      evalCronExpr: cronExpr.trim(),
      evalTimezone: timeZone.trim(),
      evalWindowHours: number("evalWindowHours"),
      members: members.map((member) => ({
        agent: member.agent,
        role: member.role.trim() || null,
        ...(member.capacity.trim() === "" ? {} : { capacity: Number(member.capacity) }),
      })),
      scoringRules: hasCustomRules
        ? {
            weights: { success: number("weights.success", 100), cost: number("weights.cost", 100), eval: number("weights.eval", 100) },
            raiseAtScore: number("raiseAtScore"),
            lowerBelowScore: number("lowerBelowScore"),
            minRunsToAct: number("minRunsToAct"),
          }
        : null,
    });
  }

  const ruleError = (path: string) => errors[`scoringRules.${path}`];
  return (
    <Card>
      <CardHeader
        title={isNew ? "New pulse" : "Definition"}
        description={
          isReadOnly
            ? "Read-only: editing a pulse needs the admin role or higher."
            : "Each evaluation scores the members from their recent runs and adjusts their capacity."
        }
      />
      <form onSubmit={submit} noValidate className="space-y-5 p-4" data-testid="pulse-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            name="name"
            label="Name"
            value={name}
            required
            maxLength={120}
            disabled={isReadOnly}
            error={errors.name}
            onChange={(event) => {
              setName(event.target.value);
              if (!isSlugEdited) setSlug(slugify(event.target.value));
            }}
          />
          <Field
            name="slug"
            label="Slug"
            value={slug}
            required
            disabled={isReadOnly}
            error={errors.slug}
            onChange={(event) => {
              setIsSlugEdited(true);
              setSlug(event.target.value);
            }}
          />
        </div>
        <TextAreaField name="goal" label="Goal" rows={2} defaultValue={initial.goal} maxLength={4000} disabled={isReadOnly} error={errors.goal} />
        <MembersEditor agents={agents} members={members} onChange={setMembers} errors={errors} isReadOnly={isReadOnly} variant="capacity" />

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-zinc-700">Evaluation cycle</legend>
          <div className="grid gap-4 lg:grid-cols-[1fr_1fr_10rem]">
            <fieldset disabled={isReadOnly} className="contents">
              <CronField name="evalCronExpr" value={cronExpr} onChange={setCronExpr} error={cronError} />
              <TimeZoneField name="evalTimezone" value={timeZone} options={zones} onChange={setTimeZone} error={timeZoneError} />
            </fieldset>
            <Field
              name="evalWindowHours"
              label="Window (hours)"
              type="number"
              min={1}
              max={2160}
              defaultValue={initial.evalWindowHours}
              disabled={isReadOnly}
              error={errors.evalWindowHours}
              hint="Runs scored per cycle"
            />
          </div>
          <NextRunsPreview preview={preview} label="Next evaluations" />
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-zinc-700">Scoring rules</legend>
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input
              type="checkbox"
              name="hasCustomRules"
              checked={hasCustomRules}
              disabled={isReadOnly}
              onChange={(event) => setHasCustomRules(event.target.checked)}
              className="size-4 rounded border-zinc-300"
            />
            Use this pulse's own rules
          </label>
          {hasCustomRules ? (
            <div className="space-y-3" data-testid="scoring-rules-fields">
              <div className="grid gap-4 sm:grid-cols-3">
                <Field
                  name="weights.success"
                  label="Success weight (%)"
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={percent(rules.weights.success)}
                  disabled={isReadOnly}
                  error={ruleError("weights.success")}
                />
                <Field
                  name="weights.cost"
                  label="Cost weight (%)"
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={percent(rules.weights.cost)}
                  disabled={isReadOnly}
                  error={ruleError("weights.cost")}
                />
                <Field
                  name="weights.eval"
                  label="Evaluation weight (%)"
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={percent(rules.weights.eval)}
                  disabled={isReadOnly}
                  error={ruleError("weights.eval")}
                />
              </div>
              {ruleError("weights") && <p className="text-xs text-red-700">{ruleError("weights")}</p>}
              <div className="grid gap-4 sm:grid-cols-3">
                <Field
                  name="raiseAtScore"
                  label="Raise capacity at score"
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={rules.raiseAtScore}
                  disabled={isReadOnly}
                  error={ruleError("raiseAtScore")}
                />
                <Field
                  name="lowerBelowScore"
                  label="Lower capacity below score"
                  type="number"
                  min={0}
                  max={100}
                  defaultValue={rules.lowerBelowScore}
                  disabled={isReadOnly}
                  error={ruleError("lowerBelowScore")}
                />
                <Field
                  name="minRunsToAct"
                  label="Minimum runs to act"
                  type="number"
                  min={1}
                  defaultValue={rules.minRunsToAct}
                  disabled={isReadOnly}
                  error={ruleError("minRunsToAct")}
                />
              </div>
            </div>
          ) : (
            <p className="text-sm text-zinc-500">
              The defaults: success {percent(rules.weights.success)}%, cost {percent(rules.weights.cost)}%, evaluation {percent(rules.weights.eval)}%; raise at{" "}
              {rules.raiseAtScore}, lower below {rules.lowerBelowScore}, after {rules.minRunsToAct} runs.
            </p>
          )}
        </fieldset>

        <FormError message={failure?.message ?? null} />
        <div className="flex items-center gap-3">
          <RoleGate isAllowed={canEdit} reason="Editing a pulse needs the admin role or higher">
            <Button type="submit" variant="primary" disabled={isReadOnly || save.isPending}>
              {save.isPending ? "Saving…" : isNew ? "Create pulse" : "Save changes"}
            </Button>
          </RoleGate>
          {save.isSuccess && !isNew && (
            <span role="status" className="text-sm text-emerald-700">
              Saved
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}

/** The browser's IANA zones, read after mount: the server's list may differ, and the first render must match it. */
function useTimeZones(): string[] {
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(timeZoneOptions()), []);
  return zones;
}
