// A configured model server as the AI SDK reaches it: the provider row decrypted into a target,
// the SDK's own provider built from it, and the two small calls the settings page makes (list the
// server's models, test the connection).
import type { ModelProvider } from "@switchyard/database";
import type { LanguageModel } from "ai";
import { decryptSecret } from "../secrets.ts";
import { DEFAULT_BASE_URLS, type ProviderKind } from "./kinds.ts";

/** Everything needed to call one provider. Secrets live here only in memory, for the call. */
export interface ModelTarget {
  kind: ProviderKind;
  /** What runs record as their provider: the configured provider's name, or the env-key provider's kind. */
  label: string;
  /** The circuit breaker that guards this provider (one per configured provider, one per env-key kind). */
  breakerName: string;
  /** Null: the kind's default (or, for env-key providers, OPENAI_BASE_URL / ANTHROPIC_BASE_URL). */
  baseUrl: string | null;
  /** Null: none (a local server) or, for env-key providers, OPENAI_API_KEY / ANTHROPIC_API_KEY. */
  apiKey: string | null;
  headers: Record<string, string>;
}

type ProviderRow = Pick<ModelProvider, "id" | "name" | "kind" | "baseUrl" | "encryptedApiKey" | "encryptedHeaders">;

/** A provider row as a target: its key and headers decrypted. Throws with a clear message when they cannot be. */
export function modelTargetOf(row: ProviderRow): ModelTarget {
  let apiKey: string | null;
  let headers: Record<string, string>;
  try {
    apiKey = row.encryptedApiKey ? decryptSecret(row.encryptedApiKey) : null;
    headers = row.encryptedHeaders ? (JSON.parse(decryptSecret(row.encryptedHeaders)) as Record<string, string>) : {};
  } catch {
    throw new Error(`The API key or headers of model provider "${row.name}" cannot be decrypted: was SWITCHYARD_SECRET_KEY changed? Enter them again.`);
  }
  return { kind: row.kind as ProviderKind, label: row.name, breakerName: `model-provider:${row.id}`, baseUrl: row.baseUrl, apiKey, headers };
}

/** The env-key path: `OPENAI_API_KEY` / `ANTHROPIC_API_KEY` (and the SDK's own base URL variables). */
export function envModelTarget(kind: "openai" | "anthropic"): ModelTarget {
  return { kind, label: kind, breakerName: kind, baseUrl: null, apiKey: null, headers: {} };
}

/**
 * The AI SDK's own provider for the target, with `fetch` observing every HTTP attempt. Chat
 * Completions servers get `@ai-sdk/openai-compatible` with JSON Schema structured outputs (Ollama,
 * vLLM, LM Studio, llama.cpp and OpenRouter take `response_format: json_schema`). The SDK is loaded
 * on first use, so the default simulated path stays light.
 */
export async function languageModelFor(target: ModelTarget, modelName: string, fetch?: typeof globalThis.fetch): Promise<LanguageModel> {
  const common = { apiKey: target.apiKey ?? undefined, headers: target.headers, fetch };
  switch (target.kind) {
    case "openai-compatible": {
      if (!target.baseUrl) throw new Error(`Model provider "${target.label}" has no base URL`);
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      const provider = createOpenAICompatible({
        ...common,
        name: "openaiCompatible",
        baseURL: target.baseUrl,
        supportsStructuredOutputs: true,
        includeUsage: true,
      });
      return provider(modelName);
    }
    case "openai":
      return (await import("@ai-sdk/openai")).createOpenAI({ ...common, baseURL: target.baseUrl ?? undefined })(modelName);
    case "anthropic":
      return (await import("@ai-sdk/anthropic")).createAnthropic({ ...common, baseURL: target.baseUrl ?? undefined })(modelName);
  }
}

const LIST_TIMEOUT_MS = 15_000;

/**
 * The model ids the server lists at `GET <base URL>/models` (OpenAI, Anthropic and most Chat
 * Completions servers offer it), sorted. Throws with what went wrong, so the page can say "type them".
 */
export async function listModelIds(target: ModelTarget): Promise<string[]> {
  const baseUrl = target.baseUrl ?? (target.kind === "openai-compatible" ? null : DEFAULT_BASE_URLS[target.kind]);
  if (!baseUrl) throw new Error("The provider has no base URL");
  const url = `${baseUrl.replace(/\/+$/, "")}/models`;
  const auth: Record<string, string> = !target.apiKey
    ? {}
    : target.kind === "anthropic"
      ? { "x-api-key": target.apiKey, "anthropic-version": "2023-06-01" }
      : { authorization: `Bearer ${target.apiKey}` };
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json", ...auth, ...target.headers }, signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : "";
    throw new Error(`GET ${url} failed: ${(error as Error).message}${cause}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  let ids: unknown[];
  try {
    const body = JSON.parse(text) as { data?: { id?: unknown }[]; models?: { id?: unknown; name?: unknown }[] };
    // OpenAI's shape is { data: [{ id }] }; Ollama's native /api/tags is { models: [{ name }] }.
    ids = body.data?.map((model) => model.id) ?? body.models?.map((model) => model.id ?? model.name) ?? [];
  } catch {
    throw new Error(`GET ${url} did not answer JSON`);
  }
  return [...new Set(ids.filter((id): id is string => typeof id === "string" && id.length > 0))].sort();
}

export interface ConnectionTest {
  ok: boolean;
  latencyMs: number;
  model: string;
  error: string | null;
  /** What the model answered (cut to 200 characters). */
  reply: string | null;
}

const TEST_TIMEOUT_MS = 30_000;

/** One tiny call (a few output tokens, no retries) that reports how long the provider took and what went wrong. */
export async function testConnection(target: ModelTarget, modelName: string): Promise<ConnectionTest> {
  const { generateText } = await import("ai");
  const model = await languageModelFor(target, modelName);
  const startedAt = performance.now();
  try {
    const result = await generateText({
      model,
      prompt: "Reply with the single word OK.",
      maxOutputTokens: 16,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(TEST_TIMEOUT_MS),
    });
    return { ok: true, latencyMs: Math.round(performance.now() - startedAt), model: modelName, error: null, reply: result.text.slice(0, 200) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - startedAt), model: modelName, error: describeCallError(error), reply: null };
  }
}

/** A provider error in one line: the SDK's message, the HTTP status and the start of the body when there is one. */
export function describeCallError(error: unknown): string {
  const err = (error as { lastError?: unknown }).lastError ?? error;
  if ((err as Error)?.name === "TimeoutError") return "Timed out";
  const { statusCode, responseBody, message } = err as { statusCode?: number; responseBody?: string; message?: string };
  const cause = (err as Error).cause instanceof Error ? ` (${((err as Error).cause as Error).message})` : "";
  const body = responseBody && !message?.includes(responseBody.slice(0, 50)) ? `: ${responseBody.slice(0, 200)}` : "";
  return `${statusCode ? `${statusCode} ` : ""}${message ?? String(err)}${cause}${body}`.slice(0, 1000);
}
