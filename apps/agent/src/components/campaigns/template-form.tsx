"use client";

import { Button } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { PlusIcon, Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode, type TextareaHTMLAttributes } from "react";
import { requestJson } from "@/components/api-client";
import { describeFailure, Field, FormError, inputClass } from "@/components/form";
import { RoleGate } from "@/components/role-gate";
import {
  newMission,
  newParameter,
  newTask,
  slugify,
  toBody,
  toChanges,
  toDraft,
  undeclaredPlaceholders,
  type MissionDraft,
  type ParameterDraft,
  type TaskDraft,
  type TemplateDraft,
} from "./template-draft";
import { templateApiPath, templatePath, type AgentChoice, type TemplateRow } from "./types";

type Errors = Record<string, string>;

/**
 * The campaign template form: creates one (`template` null) or edits one. The API's field errors
 * show beside their fields, by path (`missionPlan.missions.0.tasks.1.agent`); members who may not
 * edit see it read-only.
 */
export function TemplateForm({
  template,
  agents,
  canEdit,
  readOnlyReason = "Editing campaign templates needs the admin role or higher",
}: {
  template: TemplateRow | null;
  agents: AgentChoice[];
  canEdit: boolean;
  /** Why the form is read-only, when it is. */
  readOnlyReason?: string;
}) {
  const router = useRouter();
  const isNew = template === null;
  const [saved, setSaved] = useState(() => toDraft(template));
  const [draft, setDraft] = useState(saved);
  const [isSlugEdited, setIsSlugEdited] = useState(!isNew);
  const [savedAt, setSavedAt] = useState<number | null>(null);

  const save = useMutation({
    mutationFn: (current: TemplateDraft) =>
      isNew
        ? requestJson<{ template: TemplateRow }>("/api/campaign-templates", { method: "POST", body: JSON.stringify(toBody(current)) })
        : requestJson<{ template: TemplateRow }>(templateApiPath(template.slug), { method: "PATCH", body: JSON.stringify(toChanges(saved, current)) }),
    onSuccess: ({ template: stored }) => {
      if (isNew) {
        router.push(templatePath(stored.slug));
        return;
      }
      const next = toDraft(stored);
      setSaved(next);
      setDraft(next);
      setSavedAt(Date.now());
      router.refresh();
    },
  });
  const failure = save.isError ? describeFailure(save.error) : null;
  const errors: Errors = failure?.fields ?? {};
  const update = (patch: Partial<TemplateDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const hasChanges = isNew || Object.keys(toChanges(saved, draft)).length > 0;
  const undeclared = undeclaredPlaceholders(draft);
  const unplaced = unplacedErrors(errors, draft);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSavedAt(null);
    save.mutate(draft);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={isNew ? "New campaign template" : "Edit campaign template"} data-testid="template-form">
      {/* A disabled fieldset makes every control read-only for members who may not edit. */}
      <fieldset disabled={!canEdit || save.isPending} className="space-y-6 p-4">
        <Section title="About">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              name="name"
              label="Name"
              value={draft.name}
              maxLength={120}
              error={errors.name}
              onChange={(event) => update({ name: event.target.value, ...(isSlugEdited ? {} : { slug: slugify(event.target.value) }) })}
            />
            <Field
              name="slug"
              label="Slug"
              value={draft.slug}
              maxLength={120}
              readOnly={!isNew}
              error={errors.slug}
              hint={isNew ? "Its address: /campaigns/<slug>. It cannot change later." : "Its address; it does not change."}
              onChange={(event) => {
                setIsSlugEdited(true);
                update({ slug: event.target.value });
              }}
            />
          </div>
          <TextAreaField
            name="description"
            label="Description (optional)"
            rows={2}
            value={draft.description}
            error={errors.description}
            onChange={(event) => update({ description: event.target.value })}
          />
          <TextAreaField
            name="intent"
            label="Intent"
            rows={3}
            value={draft.intent}
            error={errors.intent}
            hint="What each campaign is for. {{ name }} is filled from the campaign's parameters."
            onChange={(event) => update({ intent: event.target.value })}
          />
        </Section>

        <Section
          title="Parameters"
          description="Each placeholder needs a parameter. Without a default, every campaign must give a value."
          action={
            <Button size="sm" onClick={() => update({ parameters: [...draft.parameters, newParameter()] })}>
              <PlusIcon className="size-3.5" aria-hidden />
              Add parameter
            </Button>
          }
        >
          {undeclared.length > 0 && (
            <p className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900" data-testid="undeclared-placeholders">
              Not declared yet:
              {undeclared.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="rounded bg-white px-1.5 py-0.5 font-mono ring-1 ring-amber-300 hover:bg-amber-100"
                  onClick={() => update({ parameters: [...draft.parameters, newParameter(name)] })}
                >
                  + {name}
                </button>
              ))}
            </p>
          )}
          {draft.parameters.length === 0 ? (
            <p className="text-sm text-zinc-500">No parameters.</p>
          ) : (
            <div className="space-y-3">
              {draft.parameters.map((parameter, index) => (
                <ParameterRow
                  key={parameter.key}
                  parameter={parameter}
                  index={index}
                  error={errorUnder(errors, `parameters.${parameter.name.trim()}`)}
                  onChange={(next) => update({ parameters: draft.parameters.map((p) => (p.key === parameter.key ? next : p)) })}
                  onRemove={() => update({ parameters: draft.parameters.filter((p) => p.key !== parameter.key) })}
                />
              ))}
            </div>
          )}
        </Section>

        <Section title="Mission plan" description="Missions run one after another; the tasks of a mission run in parallel, each by its agent.">
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input
              type="checkbox"
              name="usesMissionPlan"
              checked={draft.usesMissionPlan}
              onChange={(event) =>
                update({
                  usesMissionPlan: event.target.checked,
                  missions: event.target.checked && draft.missions.length === 0 ? [newMission(agents)] : draft.missions,
                })
              }
            />
            Use a fixed mission plan instead of the planner
          </label>
          {errors.missionPlan && <FieldError id="missionPlan-error" message={errors.missionPlan} />}
          {draft.usesMissionPlan && (
            <div className="space-y-4">
              {errors["missionPlan.missions"] && <FieldError id="missions-error" message={errors["missionPlan.missions"]} />}
              {draft.missions.map((mission, index) => (
                <MissionEditor
                  key={mission.key}
                  mission={mission}
                  index={index}
                  agents={agents}
                  errors={errors}
                  onChange={(next) => update({ missions: draft.missions.map((m) => (m.key === mission.key ? next : m)) })}
                  onRemove={draft.missions.length > 1 ? () => update({ missions: draft.missions.filter((m) => m.key !== mission.key) }) : undefined}
                />
              ))}
              <Button size="sm" onClick={() => update({ missions: [...draft.missions, newMission(agents)] })}>
                <PlusIcon className="size-3.5" aria-hidden />
                Add mission
              </Button>
            </div>
          )}
          {!draft.usesMissionPlan && (
            <AgentSelect
              name="plannerAgent"
              label="Planner agent (optional)"
              value={draft.plannerAgent}
              agents={agents}
              emptyLabel="None: plan from the intent alone"
              error={errors.plannerAgent}
              onChange={(plannerAgent) => update({ plannerAgent })}
            />
          )}
        </Section>

        <Section title="Approval and budget">
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input
              type="checkbox"
              name="requireApproval"
              checked={draft.requireApproval}
              onChange={(event) => update({ requireApproval: event.target.checked })}
            />
            A human approves each campaign's plan before it runs
          </label>
          <div className="max-w-xs">
            <Field
              name="maxCostUsd"
              label="Budget per campaign (USD, optional)"
              type="number"
              inputMode="decimal"
              min="0"
              step="any"
              value={draft.maxCostUsd}
              error={errors.maxCostUsd}
              hint="A campaign stops before a task would take its spend past this."
              onChange={(event) => update({ maxCostUsd: event.target.value })}
            />
          </div>
        </Section>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-4 py-3">
        <RoleGate isAllowed={canEdit} reason={readOnlyReason}>
          <Button type="submit" variant="primary" disabled={!canEdit || save.isPending || !hasChanges}>
            {save.isPending ? "Saving…" : isNew ? "Create template" : "Save changes"}
          </Button>
        </RoleGate>
        {!isNew && hasChanges && canEdit && (
          <Button variant="ghost" onClick={() => setDraft(saved)} disabled={save.isPending}>
            Discard changes
          </Button>
        )}
        {savedAt && !hasChanges && (
          <output className="text-sm text-emerald-700" data-testid="template-saved">
            Saved
          </output>
        )}
        <div className="w-full">
          <FormError message={failure?.message ?? (unplaced.length > 0 ? unplaced.join("; ") : null)} />
        </div>
      </div>
    </form>
  );
}

function Section({ title, description, action, children }: { title: string; description?: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section className="space-y-3">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
          {description && <p className="mt-0.5 text-xs text-zinc-500">{description}</p>}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

function ParameterRow({
  parameter,
  index,
  error,
  onChange,
  onRemove,
}: {
  parameter: ParameterDraft;
  index: number;
  error: string | undefined;
  onChange: (next: ParameterDraft) => void;
  onRemove: () => void;
}) {
  return (
    <div className="rounded-lg border border-zinc-200 p-3" data-testid="parameter-row">
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr_12rem_auto] sm:items-end">
        <Field
          name={`parameters.${index}.name`}
          label="Name"
          value={parameter.name}
          onChange={(event) => onChange({ ...parameter, name: event.target.value })}
        />
        <Field
          name={`parameters.${index}.description`}
          label="Description"
          value={parameter.description}
          onChange={(event) => onChange({ ...parameter, description: event.target.value })}
        />
        <Field
          name={`parameters.${index}.default`}
          label="Default"
          value={parameter.defaultValue}
          placeholder="required"
          onChange={(event) => onChange({ ...parameter, defaultValue: event.target.value })}
        />
        <Button variant="ghost" aria-label={`Remove parameter ${parameter.name || index + 1}`} onClick={onRemove}>
          <Trash2Icon className="size-4" aria-hidden />
        </Button>
      </div>
      {error && <FieldError id={`parameters.${index}-error`} message={error} />}
    </div>
  );
}

function MissionEditor({
  mission,
  index,
  agents,
  errors,
  onChange,
  onRemove,
}: {
  mission: MissionDraft;
  index: number;
  agents: AgentChoice[];
  errors: Errors;
  onChange: (next: MissionDraft) => void;
  onRemove?: () => void;
}) {
  const path = `missionPlan.missions.${index}`;
  const updateTask = (task: TaskDraft, patch: Partial<TaskDraft>) =>
    onChange({ ...mission, tasks: mission.tasks.map((t) => (t.key === task.key ? { ...t, ...patch } : t)) });
  return (
    <fieldset className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50/60 p-3" data-testid="mission-editor">
      <legend className="px-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Mission {index + 1}</legend>
      <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
        <Field
          name={`${path}.name`}
          label="Mission name"
          value={mission.name}
          error={errors[`${path}.name`]}
          onChange={(event) => onChange({ ...mission, name: event.target.value })}
        />
        {onRemove && (
          <Button variant="ghost" onClick={onRemove}>
            Remove mission
          </Button>
        )}
      </div>
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        <input
          type="checkbox"
          name={`${path}.requiresApproval`}
          checked={mission.requiresApproval}
          onChange={(event) => onChange({ ...mission, requiresApproval: event.target.checked })}
        />
        A human approves its results before the next mission
      </label>
      {errors[`${path}.tasks`] && <FieldError id={`${path}.tasks-error`} message={errors[`${path}.tasks`]} />}
      <div className="space-y-3">
        {mission.tasks.map((task, taskIndex) => {
          const taskPath = `${path}.tasks.${taskIndex}`;
          return (
            <div key={task.key} className="space-y-3 rounded-md border border-zinc-200 bg-white p-3" data-testid="task-editor">
              <div className="grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-end">
                <Field
                  name={`${taskPath}.title`}
                  label="Task title"
                  value={task.title}
                  error={errors[`${taskPath}.title`]}
                  onChange={(event) => updateTask(task, { title: event.target.value })}
                />
                <AgentSelect
                  name={`${taskPath}.agent`}
                  label="Agent"
                  value={task.agent}
                  agents={agents}
                  emptyLabel="Choose…"
                  error={errors[`${taskPath}.agent`]}
                  onChange={(agent) => updateTask(task, { agent })}
                />
                <Button
                  variant="ghost"
                  aria-label={`Remove task ${taskIndex + 1} of mission ${index + 1}`}
                  disabled={mission.tasks.length === 1}
                  onClick={() => onChange({ ...mission, tasks: mission.tasks.filter((t) => t.key !== task.key) })}
                >
                  <Trash2Icon className="size-4" aria-hidden />
                </Button>
              </div>
              <TextAreaField
                name={`${taskPath}.instructions`}
                label="Instructions (optional: the title otherwise)"
                rows={2}
                value={task.instructions}
                error={errors[`${taskPath}.instructions`]}
                onChange={(event) => updateTask(task, { instructions: event.target.value })}
              />
            </div>
          );
        })}
      </div>
      <Button size="sm" onClick={() => onChange({ ...mission, tasks: [...mission.tasks, newTask(agents)] })}>
        <PlusIcon className="size-3.5" aria-hidden />
        Add task
      </Button>
    </fieldset>
  );
}

function AgentSelect({
  name,
  label,
  value,
  agents,
  emptyLabel,
  error,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  agents: AgentChoice[];
  emptyLabel: string;
  error?: string;
  onChange: (slug: string) => void;
}) {
  // An agent archived since the template was saved stays visible as the current value.
  const choices = value && !agents.some((agent) => agent.slug === value) ? [...agents, { slug: value, name: `${value} (unavailable)` }] : agents;
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <select
        id={name}
        name={name}
        className={inputClass}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{emptyLabel}</option>
        {choices.map((agent) => (
          <option key={agent.slug} value={agent.slug}>
            {agent.name}
          </option>
        ))}
      </select>
      {error && <FieldError id={`${name}-error`} message={error} />}
    </div>
  );
}

function TextAreaField({
  name,
  label,
  error,
  hint,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; label: string; error?: string; hint?: string }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <textarea
        id={name}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        {...textarea}
      />
      {error ? <FieldError id={`${name}-error`} message={error} /> : hint && <p className="text-xs text-zinc-500">{hint}</p>}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="text-xs text-red-700">
      {message}
    </p>
  );
}

/** The first error at `path` or below it (a parameter's `.default`, say). */
function errorUnder(errors: Errors, path: string): string | undefined {
  const match = Object.entries(errors).find(([key]) => key === path || key.startsWith(`${path}.`));
  return match?.[1];
}

/** Errors no field shows, so none is lost: listed above the button. */
function unplacedErrors(errors: Errors, draft: TemplateDraft): string[] {
  const exact = new Set(["name", "slug", "description", "intent", "maxCostUsd", "plannerAgent", "missionPlan", "missionPlan.missions"]);
  draft.missions.forEach((mission, m) => {
    for (const field of ["name", "tasks"]) exact.add(`missionPlan.missions.${m}.${field}`);
    mission.tasks.forEach((_, t) => {
      for (const field of ["title", "agent", "instructions"]) exact.add(`missionPlan.missions.${m}.tasks.${t}.${field}`);
    });
  });
  const parameterPaths = draft.parameters.map((parameter) => `parameters.${parameter.name.trim()}`);
  return Object.entries(errors)
    .filter(([path]) => !exact.has(path) && !parameterPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}.`)))
    .map(([path, message]) => `${path}: ${message}`);
}
