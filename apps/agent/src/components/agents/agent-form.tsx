"use client";

import { AGENT_MAX_STEPS, AGENT_RUNTIMES, AGENT_TIMEOUT_SECONDS, RISK_LEVELS } from "@switchyard/core/agents/agent-values";
import { Button, Card, CardHeader } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { requestJson } from "../api-client";
import { describeFailure, Field, FormError, inputClass, SelectField } from "../form";
import { RoleGate } from "../role-gate";
import { agentPath, type AgentDefinition } from "./agent-api";

/** One of the organization's model providers, as the form offers it. */
export interface ProviderChoice {
  id: string;
  name: string;
  kind: string;
  models: string[];
}

/**
 * What the provider select holds: `simulated`, `provider:<id>` (a configured provider), or
 * `env:<kind>` (the OPENAI_API_KEY / ANTHROPIC_API_KEY path).
 */
const ENV_CHOICES: { value: string; label: string }[] = [
  { value: "env:openai", label: "OpenAI via OPENAI_API_KEY" },
  { value: "env:anthropic", label: "Anthropic via ANTHROPIC_API_KEY" },
];
const RUNTIME_LABELS: Record<(typeof AGENT_RUNTIMES)[number], string> = {
  model: "Model: Switchyard calls the model",
  external: "External: a runner outside Switchyard claims its runs",
};

function providerChoiceOf(agent: { providerId: string | null; modelProvider: string }): string {
  if (agent.providerId) return `provider:${agent.providerId}`;
  return agent.modelProvider === "simulated" ? "simulated" : `env:${agent.modelProvider}`;
}

/** The body fields a provider choice stands for; the API sets a configured provider's kind itself. */
function providerFields(choice: string, providers: readonly ProviderChoice[]): { providerId: string | null; modelProvider: string } {
  if (choice.startsWith("provider:")) {
    const provider = providers.find((candidate) => `provider:${candidate.id}` === choice);
    return { providerId: choice.slice("provider:".length), modelProvider: provider?.kind ?? "openai-compatible" };
  }
  return { providerId: null, modelProvider: choice.startsWith("env:") ? choice.slice("env:".length) : "simulated" };
}
const RISK_LABELS: Record<(typeof RISK_LEVELS)[number], string> = {
  AUTO: "Auto: runs without review",
  APPROVAL_REQUIRED: "Approval required: a human approves each workflow step",
};

/** What the form edits: the definition with its numbers and JSON fields as the text typed. */
interface FormValues {
  name: string;
  slug: string;
  description: string;
  provider: string;
  modelName: string;
  timeoutSeconds: string;
  maxSteps: string;
  runtime: string;
  instructions: string;
  temperature: string;
  maxTokens: string;
  tools: string[];
  riskLevel: string;
  inputSchema: string;
  outputSchema: string;
  simulation: string;
}

const JSON_FIELDS = ["inputSchema", "outputSchema", "simulation"] as const;
type JsonField = (typeof JSON_FIELDS)[number];

const NEW_AGENT: FormValues = {
  name: "",
  slug: "",
  description: "",
  provider: "simulated",
  modelName: "gpt-4o-mini",
  timeoutSeconds: String(AGENT_TIMEOUT_SECONDS.default),
  maxSteps: String(AGENT_MAX_STEPS.default),
  runtime: "model",
  instructions: "",
  temperature: "",
  maxTokens: "",
  tools: [],
  riskLevel: "AUTO",
  inputSchema: "",
  outputSchema: "",
  simulation: "",
};

function valuesOf(agent: AgentDefinition): FormValues {
  const asText = (value: Record<string, unknown> | null) => (value ? JSON.stringify(value, null, 2) : "");
  return {
    name: agent.name,
    slug: agent.slug,
    description: agent.description ?? "",
    provider: providerChoiceOf(agent),
    modelName: agent.modelName,
    timeoutSeconds: String(agent.timeoutSeconds),
    maxSteps: String(agent.maxSteps),
    runtime: agent.runtime,
    instructions: agent.instructions,
    temperature: agent.temperature === null ? "" : String(agent.temperature),
    maxTokens: agent.maxTokens === null ? "" : String(agent.maxTokens),
    tools: agent.tools,
    riskLevel: agent.riskLevel,
    inputSchema: asText(agent.inputSchema),
    outputSchema: asText(agent.outputSchema),
    simulation: asText(agent.simulation),
  };
}

// The API's slug rule (definitions/common.ts Slug): lowercase letters, digits and -, at most 120.
const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);

/** A JSON field's text as the value sent (empty is null), or what is wrong with it. */
function parseJsonObject(text: string): { value: Record<string, unknown> | null } | { error: string } {
  if (!text.trim()) return { value: null };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return { error: "Must be a JSON object" };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
}

const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

/** The request body: every field for a new agent; for an edit only what changed, so untouched fields are not re-validated or versioned. */
function bodyOf(values: FormValues, initial: FormValues | null, providers: readonly ProviderChoice[]): Record<string, unknown> {
  const json = Object.fromEntries(JSON_FIELDS.map((field) => [field, (parseJsonObject(values[field]) as { value: unknown }).value]));
  const full: Record<string, unknown> = {
    name: values.name,
    description: values.description.trim() || null,
    ...providerFields(values.provider, providers),
    modelName: values.modelName,
    timeoutSeconds: numberOrNull(values.timeoutSeconds),
    maxSteps: numberOrNull(values.maxSteps),
    runtime: values.runtime,
    instructions: values.instructions,
    temperature: numberOrNull(values.temperature),
    maxTokens: numberOrNull(values.maxTokens),
    tools: values.tools,
    riskLevel: values.riskLevel,
    ...json,
  };
  if (!initial) return { slug: values.slug, ...full };
  const before = bodyOf(initial, null, providers);
  return Object.fromEntries(Object.entries(full).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field])));
}

/** The API's error for a field, or for a path inside it (`tools.2`, `simulation.failureRate`). */
function errorFor(errors: Record<string, string>, field: string): string | undefined {
  const path = Object.keys(errors).find((key) => key === field || key.startsWith(`${field}.`));
  if (!path) return undefined;
  return path === field ? errors[path] : `${path.slice(field.length + 1)}: ${errors[path]}`;
}

/**
 * Creates an agent, or edits one (`agent`). Field errors from the API's 400 show beside their fields;
 * JSON fields are checked as JSON while typed. Without `canEdit` the form is read-only.
 */
export function AgentForm({
  agent,
  builtInTools,
  providers,
  canEdit,
}: {
  agent?: AgentDefinition;
  builtInTools: readonly string[];
  /** The organization's model providers (with the agent's own, also when the viewer may not list them). */
  providers: readonly ProviderChoice[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const initial = agent ? valuesOf(agent) : null;
  const [values, setValues] = useState<FormValues>(initial ?? NEW_AGENT);
  const [isSlugEdited, setIsSlugEdited] = useState(false);
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((current) => ({ ...current, [field]: value }));

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      agent
        ? requestJson<{ agent: AgentDefinition }>(`/api/agents/${encodeURIComponent(agent.slug)}`, { method: "PATCH", body: JSON.stringify(body) })
        : requestJson<{ agent: AgentDefinition }>("/api/agents", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: ({ agent: saved }) => {
      router.push(agentPath(saved.slug));
      router.refresh();
    },
  });
  const failure = save.isError ? describeFailure(save.error) : { fields: {}, message: null };
  const jsonErrors = Object.fromEntries(
    JSON_FIELDS.flatMap((field) => {
      const parsed = parseJsonObject(values[field]);
      return "error" in parsed ? [[field, parsed.error]] : [];
    }),
  ) as Partial<Record<JsonField, string>>;
  const hasJsonErrors = Object.keys(jsonErrors).length > 0;
  // Tools the agent already has stay listed (older agents name tools of their own) beside the built-in ones.
  const toolChoices = [...new Set([...builtInTools, ...(initial?.tools ?? [])])];
  const fieldError = (field: string) => errorFor(failure.fields, field);
  const chosenProvider = providers.find((provider) => `provider:${provider.id}` === values.provider);
  // An agent of an older kind with no configured provider keeps its choice visible (it runs simulated).
  const legacyChoice =
    values.provider.startsWith("env:") && !ENV_CHOICES.some((choice) => choice.value === values.provider)
      ? { value: values.provider, label: `${values.provider.slice(4)} (no provider chosen: runs simulated)` }
      : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canEdit || hasJsonErrors) return;
    const body = bodyOf(values, initial, providers);
    if (agent && Object.keys(body).length === 0) {
      router.push(agentPath(agent.slug));
      return;
    }
    save.mutate(body);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="agent-form">
      <fieldset disabled={!canEdit || save.isPending} className="space-y-6">
        <Section title="Identity" description="How people and automations refer to the agent. The slug is fixed once created.">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              name="name"
              label="Name"
              value={values.name}
              maxLength={120}
              error={fieldError("name")}
              onChange={(event) => {
                set("name", event.target.value);
                if (!agent && !isSlugEdited) set("slug", slugify(event.target.value));
              }}
            />
            <Field
              name="slug"
              label="Slug"
              value={values.slug}
              disabled={Boolean(agent)}
              error={fieldError("slug")}
              hint={agent ? "Fixed: schedules, triggers and workflows refer to it." : "Lowercase letters, digits and -."}
              onChange={(event) => {
                setIsSlugEdited(true);
                set("slug", event.target.value);
              }}
              className={`${inputClass} font-mono`}
            />
          </div>
          <TextArea
            name="description"
            label="Description"
            rows={2}
            value={values.description}
            error={fieldError("description")}
            onChange={(text) => set("description", text)}
          />
        </Section>

        <Section
          title="Model"
          description="Changing the model, instructions, sampling, tools or schemas saves a new version; runs record the version they used."
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              name="provider"
              label="Provider"
              value={values.provider}
              onChange={(event) => set("provider", event.target.value)}
              aria-describedby="provider-hint"
            >
              <option value="simulated">Simulated (no key needed)</option>
              {providers.length > 0 && (
                <optgroup label="Configured providers">
                  {providers.map((provider) => (
                    <option key={provider.id} value={`provider:${provider.id}`}>
                      {provider.name} ({provider.kind})
                    </option>
                  ))}
                </optgroup>
              )}
              <optgroup label="Environment keys">
                {ENV_CHOICES.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
                {legacyChoice && <option value={legacyChoice.value}>{legacyChoice.label}</option>}
              </optgroup>
            </SelectField>
            <div className="space-y-1.5">
              <Field
                name="modelName"
                label="Model"
                value={values.modelName}
                list={chosenProvider?.models.length ? "provider-models" : undefined}
                error={fieldError("modelName")}
                hint={
                  chosenProvider?.models.length
                    ? `Pick one of ${chosenProvider.name}'s ${chosenProvider.models.length} models, or type another.`
                    : "The model id the provider expects."
                }
                onChange={(event) => set("modelName", event.target.value)}
                className={`${inputClass} font-mono`}
              />
              {chosenProvider && (
                <datalist id="provider-models">
                  {chosenProvider.models.map((model) => (
                    <option key={model} value={model} />
                  ))}
                </datalist>
              )}
            </div>
            <p id="provider-hint" className="-mt-2 text-xs text-zinc-500 sm:col-span-2">
              {fieldError("providerId") ?? (
                <>
                  Providers are configured by admins under{" "}
                  <Link href="/settings/models" className="text-sky-700 hover:underline">
                    Settings → Models
                  </Link>
                  . An environment key that is not set runs the simulated model.
                </>
              )}
            </p>
            <Field
              name="timeoutSeconds"
              label="Timeout (seconds)"
              type="number"
              min={AGENT_TIMEOUT_SECONDS.min}
              max={AGENT_TIMEOUT_SECONDS.max}
              step={1}
              value={values.timeoutSeconds}
              hint={`${AGENT_TIMEOUT_SECONDS.min}–${AGENT_TIMEOUT_SECONDS.max}; a run that takes longer is cut (its request aborted).`}
              error={fieldError("timeoutSeconds")}
              onChange={(event) => set("timeoutSeconds", event.target.value)}
            />
            <Field
              name="maxSteps"
              label="Max steps"
              type="number"
              min={AGENT_MAX_STEPS.min}
              max={AGENT_MAX_STEPS.max}
              step={1}
              value={values.maxSteps}
              hint="Model calls per run: the tool loop stops after this many."
              error={fieldError("maxSteps")}
              onChange={(event) => set("maxSteps", event.target.value)}
            />
            <SelectField name="runtime" label="Runtime" value={values.runtime} onChange={(event) => set("runtime", event.target.value)}>
              {AGENT_RUNTIMES.map((runtime) => (
                <option key={runtime} value={runtime}>
                  {RUNTIME_LABELS[runtime]}
                </option>
              ))}
            </SelectField>
            <Field
              name="temperature"
              label="Temperature"
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={values.temperature}
              hint="0–2; empty uses the provider's default."
              error={fieldError("temperature")}
              onChange={(event) => set("temperature", event.target.value)}
            />
            <Field
              name="maxTokens"
              label="Max tokens"
              type="number"
              min={1}
              step={1}
              value={values.maxTokens}
              hint="Empty: no limit of ours."
              error={fieldError("maxTokens")}
              onChange={(event) => set("maxTokens", event.target.value)}
            />
          </div>
          <TextArea
            name="instructions"
            label="Instructions"
            rows={8}
            value={values.instructions}
            error={fieldError("instructions")}
            onChange={(text) => set("instructions", text)}
          />
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium text-zinc-700">Tools</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {toolChoices.map((tool) => (
                <label key={tool} className="inline-flex items-center gap-2 font-mono text-sm text-zinc-800">
                  <input
                    type="checkbox"
                    name="tools"
                    value={tool}
                    checked={values.tools.includes(tool)}
                    onChange={(event) => set("tools", event.target.checked ? [...values.tools, tool] : values.tools.filter((name) => name !== tool))}
                    className="size-4 rounded border-zinc-300"
                  />
                  {tool}
                </label>
              ))}
            </div>
            {fieldError("tools") && <p className="text-xs text-red-700">{fieldError("tools")}</p>}
          </fieldset>
          <SelectField name="riskLevel" label="Risk level" value={values.riskLevel} onChange={(event) => set("riskLevel", event.target.value)}>
            {RISK_LEVELS.map((level) => (
              <option key={level} value={level}>
                {RISK_LABELS[level]}
              </option>
            ))}
          </SelectField>
        </Section>

        <Section title="Schemas" description="Optional JSON Schemas: Start run builds its form from the input schema.">
          <div className="grid gap-4 lg:grid-cols-2">
            <JsonField
              name="inputSchema"
              label="Input schema"
              value={values.inputSchema}
              error={jsonErrors.inputSchema ?? fieldError("inputSchema")}
              onChange={(text) => set("inputSchema", text)}
            />
            <JsonField
              name="outputSchema"
              label="Output schema"
              value={values.outputSchema}
              error={jsonErrors.outputSchema ?? fieldError("outputSchema")}
              onChange={(text) => set("outputSchema", text)}
            />
          </div>
        </Section>

        <Section
          title="Simulated model"
          description='How the simulated model behaves for this agent, e.g. { "failureRate": 0.1, "latencyMs": 2000, "outputTokens": 400, "tools": ["http"] }.'
        >
          <JsonField
            name="simulation"
            label="Failure profile"
            value={values.simulation}
            rows={4}
            error={jsonErrors.simulation ?? fieldError("simulation")}
            onChange={(text) => set("simulation", text)}
          />
        </Section>
      </fieldset>

      <FormError message={failure.message} />
      <div className="flex items-center gap-3">
        <RoleGate isAllowed={canEdit} reason="Creating and editing agents needs the admin role or higher">
          <Button type="submit" variant="primary" disabled={!canEdit || save.isPending || hasJsonErrors}>
            {save.isPending ? "Saving…" : agent ? "Save changes" : "Create agent"}
          </Button>
        </RoleGate>
        <Button asChild variant="ghost">
          <Link href={agent ? agentPath(agent.slug) : "/agents"}>Cancel</Link>
        </Button>
      </div>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="space-y-4 p-4">{children}</div>
    </Card>
  );
}

function TextArea({
  name,
  label,
  value,
  error,
  rows,
  className,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  error?: string;
  rows: number;
  className?: string;
  onChange: (text: string) => void;
}) {
  const errorId = `${name}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <textarea
        id={name}
        name={name}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={`${inputClass} ${className ?? ""}`}
      />
      {error && (
        <p id={errorId} className="text-xs text-red-700" data-testid={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A JSON Schema or profile as monospace text; parse errors show while typing, the API's schema errors after saving. */
function JsonField(props: { name: string; label: string; value: string; error?: string; rows?: number; onChange: (text: string) => void }) {
  return <TextArea {...props} rows={props.rows ?? 10} className="font-mono text-xs" />;
}
