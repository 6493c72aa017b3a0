"use client";

import { DEFAULT_BASE_URLS, PROVIDER_KIND_LABELS, PROVIDER_KINDS, type ProviderKind } from "@switchyard/core/models/kinds";
import type { ConnectionTestView, ModelProviderView } from "@switchyard/core/models/providers";
import { Badge, Button, Card, CardHeader, EmptyState, ErrorState, Skeleton } from "@switchyard/ui/components";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { ApiError, requestJson, retryUnlessClientError } from "@/components/api-client";
import { Field, FormError, inputClass, SelectField, TextAreaField, describeFailure } from "@/components/form";
import { formatExactTime } from "@/components/runs/format";
import type { Serialized } from "@/components/schedule/automation-view";
import { useIsHydrating } from "@/components/use-is-hydrating";
import { settingsKeys } from "./api";

export type ModelProviderRow = Serialized<ModelProviderView>;
type ConnectionTest = Serialized<z.infer<typeof ConnectionTestView>>;

const errorMessage = (error: unknown) => (error instanceof ApiError ? error.message : "Something went wrong; try again.");

const BASE_URL_PLACEHOLDERS: Record<ProviderKind, string> = {
  "openai-compatible": "http://127.0.0.1:11434/v1",
  openai: DEFAULT_BASE_URLS.openai,
  anthropic: DEFAULT_BASE_URLS.anthropic,
};

/** `Name: value` lines as headers; null when the text is empty. */
function parseHeaders(text: string): Record<string, string> | null {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return null;
  return Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(":");
      return colon < 0 ? [line, ""] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    }),
  );
}

const parseModels = (text: string) =>
  text
    .split(/[\n,]/)
    .map((model) => model.trim())
    .filter(Boolean);

export function ModelProvidersView() {
  const queryClient = useQueryClient();
  const providers = useQuery({
    queryKey: settingsKeys.modelProviders,
    queryFn: ({ signal }) => requestJson<{ providers: ModelProviderRow[] }>("/api/model-providers", { signal }),
    retry: retryUnlessClientError,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.modelProviders });

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Add a model provider"
          description="Any OpenAI-compatible server (a local Ollama, vLLM or LM Studio, OpenRouter, a gateway), OpenAI or Anthropic. Local and private addresses are allowed: only admins configure providers."
        />
        <ProviderForm onSaved={refresh} />
      </Card>
      {providers.isPending ? (
        <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading model providers">
          <Skeleton className="h-24 w-full" />
        </div>
      ) : providers.isError ? (
        <ErrorState message={errorMessage(providers.error)} onRetry={() => void providers.refetch()} />
      ) : providers.data.providers.length === 0 ? (
        <Card>
          <EmptyState title="No model providers yet">
            Until you add one, agents run on the simulated model (or on OPENAI_API_KEY / ANTHROPIC_API_KEY).
          </EmptyState>
        </Card>
      ) : (
        providers.data.providers.map((provider) => <ProviderCard key={provider.id} provider={provider} onChanged={refresh} />)
      )}
    </div>
  );
}

/** Creates a provider, or edits one (`provider`): the key and headers are write-only, so empty fields keep them. */
function ProviderForm({ provider, onSaved, onCancel }: { provider?: ModelProviderRow; onSaved: () => void; onCancel?: () => void }) {
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? "openai-compatible");
  const [formKey, setFormKey] = useState(0);
  // Until React hydrates, a click would submit the form natively (and lose the typed key).
  const isHydrating = useIsHydrating();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      provider
        ? requestJson(`/api/model-providers/${provider.id}`, { method: "PUT", body: JSON.stringify(body) })
        : requestJson("/api/model-providers", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: () => {
      setFormKey((key) => key + 1);
      onSaved();
    },
  });
  const failure = save.isError ? describeFailure(save.error) : { fields: {}, message: null };
  const fieldError = (field: string) => Object.entries(failure.fields).find(([path]) => path === field || path.startsWith(`${field}.`))?.[1];
  const idPrefix = provider ? `provider-${provider.id}-` : "new-provider-";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(`${idPrefix}${name}`) ?? "");
    const apiKey = text("apiKey").trim();
    const headers = parseHeaders(text("headers"));
    const body: Record<string, unknown> = {
      name: text("name"),
      kind,
      baseUrl: text("baseUrl").trim() || null,
      models: parseModels(text("models")),
    };
    if (apiKey) body.apiKey = apiKey;
    if (headers) body.headers = headers;
    if (provider && form.get(`${idPrefix}clearApiKey`)) body.apiKey = null;
    if (provider && form.get(`${idPrefix}clearHeaders`)) body.headers = null;
    save.mutate(body);
  }

  return (
    <form key={formKey} onSubmit={submit} noValidate className="space-y-4 p-4" data-testid={provider ? `provider-form-${provider.name}` : "new-provider-form"}>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField name={`${idPrefix}kind`} label="Kind" value={kind} onChange={(event) => setKind(event.target.value as ProviderKind)}>
          {PROVIDER_KINDS.map((option) => (
            <option key={option} value={option}>
              {PROVIDER_KIND_LABELS[option]}
            </option>
          ))}
        </SelectField>
        <Field name={`${idPrefix}name`} label="Name" defaultValue={provider?.name} maxLength={80} placeholder="e.g. Local Ollama" error={fieldError("name")} />
        <Field
          name={`${idPrefix}baseUrl`}
          label={kind === "openai-compatible" ? "Base URL" : "Base URL (optional)"}
          defaultValue={provider?.baseUrl ?? ""}
          placeholder={BASE_URL_PLACEHOLDERS[kind]}
          hint={kind === "openai-compatible" ? "Up to /v1: requests go to <base URL>/chat/completions." : "Empty: the public API."}
          error={fieldError("baseUrl")}
          className={`${inputClass} font-mono`}
        />
        <Field
          name={`${idPrefix}apiKey`}
          label="API key"
          type="password"
          autoComplete="off"
          placeholder={provider?.hasApiKey ? "•••••• stored; type to replace" : "Optional for local servers"}
          hint="Write-only: stored encrypted, never shown again."
          error={fieldError("apiKey")}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextAreaField
          name={`${idPrefix}headers`}
          label="Default headers"
          rows={3}
          placeholder={provider?.headerNames.length ? `${provider.headerNames.join(", ")} stored; type to replace them all` : "X-Team: research"}
          hint="Write-only, one Name: value per line; sent with every request."
          error={fieldError("headers")}
          className={`${inputClass} font-mono text-xs`}
        />
        <TextAreaField
          name={`${idPrefix}models`}
          label="Models"
          rows={3}
          defaultValue={provider?.models.join("\n")}
          placeholder="llama3.1:8b"
          hint="One per line, or fetch them from the server after saving."
          error={fieldError("models")}
          className={`${inputClass} font-mono text-xs`}
        />
      </div>
      {provider && (
        <div className="flex flex-wrap gap-5 text-sm text-zinc-700">
          {provider.hasApiKey && (
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" name={`${idPrefix}clearApiKey`} className="size-4 rounded border-zinc-300" /> Remove the stored key
            </label>
          )}
          {provider.headerNames.length > 0 && (
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" name={`${idPrefix}clearHeaders`} className="size-4 rounded border-zinc-300" /> Remove the stored headers
            </label>
          )}
        </div>
      )}
      <FormError message={failure.message} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isHydrating || save.isPending}>
          {save.isPending ? "Saving…" : provider ? "Save provider" : "Add provider"}
        </Button>
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

function ProviderCard({ provider, onChanged }: { provider: ModelProviderRow; onChanged: () => void }) {
  const [isEditing, setIsEditing] = useState(false);
  const [testModel, setTestModel] = useState(provider.models[0] ?? "");
  const [lastResult, setLastResult] = useState<ConnectionTest["result"] | null>(null);
  const fetchModels = useMutation({
    mutationFn: () => requestJson<{ provider: ModelProviderRow }>(`/api/model-providers/${provider.id}/models`, { method: "POST" }),
    onSuccess: ({ provider: updated }) => {
      if (!updated.models.includes(testModel)) setTestModel(updated.models[0] ?? "");
      onChanged();
    },
  });
  const test = useMutation({
    mutationFn: () =>
      requestJson<ConnectionTest>(`/api/model-providers/${provider.id}/test`, { method: "POST", body: JSON.stringify(testModel ? { model: testModel } : {}) }),
    onSuccess: ({ result }) => {
      setLastResult(result);
      onChanged();
    },
  });
  const remove = useMutation({ mutationFn: () => requestJson(`/api/model-providers/${provider.id}`, { method: "DELETE" }), onSuccess: onChanged });
  const lastTest = lastResult
    ? { ok: lastResult.ok, latencyMs: lastResult.latencyMs, model: lastResult.model, error: lastResult.error, at: null }
    : provider.lastTest;
  const error = fetchModels.error ?? remove.error ?? test.error;

  return (
    <Card data-testid={`provider-${provider.name}`}>
      <CardHeader
        title={
          <span className="inline-flex items-center gap-2">
            {provider.name} <Badge tone="info">{provider.kind}</Badge>
          </span>
        }
        description={
          <span className="font-mono">
            {provider.baseUrl ?? (provider.kind === "openai-compatible" ? "" : `${DEFAULT_BASE_URLS[provider.kind]} (default)`)}
          </span>
        }
        actions={
          <>
            <Button size="sm" variant="ghost" onClick={() => setIsEditing((editing) => !editing)}>
              {isEditing ? "Close" : "Edit"}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              className="text-red-700"
              disabled={remove.isPending || provider.agentCount > 0}
              title={provider.agentCount > 0 ? `Used by ${provider.agentCount} agent(s): choose another provider for them first` : undefined}
              onClick={() => {
                if (window.confirm(`Remove the provider "${provider.name}"?`)) remove.mutate();
              }}
            >
              Remove
            </Button>
          </>
        }
      />
      {isEditing ? (
        <ProviderForm
          provider={provider}
          onCancel={() => setIsEditing(false)}
          onSaved={() => {
            setIsEditing(false);
            onChanged();
          }}
        />
      ) : (
        <div className="space-y-4 p-4 text-sm">
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-3">
            <div>
              <dt className="text-xs text-zinc-500">API key</dt>
              <dd>{provider.hasApiKey ? "Stored (encrypted)" : <span className="text-zinc-400">None</span>}</dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500">Default headers</dt>
              <dd className="font-mono text-xs">
                {provider.headerNames.length ? provider.headerNames.join(", ") : <span className="text-zinc-400">None</span>}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500">Agents using it</dt>
              <dd>{provider.agentCount}</dd>
            </div>
          </dl>
          <div>
            <div className="mb-1.5 flex items-center gap-2">
              <h3 className="text-xs font-medium text-zinc-500">
                Models{provider.modelsFetchedAt ? ` · fetched ${formatExactTime(provider.modelsFetchedAt)}` : provider.models.length ? " · typed" : ""}
              </h3>
              <Button size="sm" onClick={() => fetchModels.mutate()} disabled={fetchModels.isPending}>
                {fetchModels.isPending ? "Fetching…" : "Fetch models"}
              </Button>
            </div>
            {provider.models.length === 0 ? (
              <p className="text-xs text-zinc-400">None yet: fetch them from the server, or type them under Edit.</p>
            ) : (
              <ul className="flex flex-wrap gap-1.5" aria-label={`Models of ${provider.name}`}>
                {provider.models.map((model) => (
                  <li key={model} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">
                    {model}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="flex flex-wrap items-end gap-2">
            <div className="w-64">
              <SelectField name={`test-model-${provider.id}`} label="Test with model" value={testModel} onChange={(event) => setTestModel(event.target.value)}>
                {provider.models.length === 0 && <option value="">No models yet</option>}
                {provider.models.map((model) => (
                  <option key={model} value={model}>
                    {model}
                  </option>
                ))}
              </SelectField>
            </div>
            <Button onClick={() => test.mutate()} disabled={test.isPending || !testModel}>
              {test.isPending ? "Testing…" : "Test connection"}
            </Button>
            {lastTest && (
              <p role="status" data-testid={`test-result-${provider.name}`} className={`pb-1.5 text-sm ${lastTest.ok ? "text-emerald-700" : "text-red-700"}`}>
                {lastTest.ok ? "Connected" : "Failed"} · {lastTest.latencyMs ?? "?"} ms · {lastTest.model}
                {lastTest.error ? ` · ${lastTest.error}` : ""}
                {lastTest.at ? <span className="text-zinc-400"> · {formatExactTime(lastTest.at)}</span> : null}
              </p>
            )}
          </div>
          {error && (
            <p role="alert" className="text-xs text-red-700">
              {errorMessage(error)}
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
