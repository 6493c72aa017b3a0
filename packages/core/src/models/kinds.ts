// Plain constants, free of Node and database imports, so the settings page reads the same lists as
// the API's validation.

/** What a model provider speaks: any Chat Completions server, OpenAI itself, or Anthropic. */
export const PROVIDER_KINDS = ["openai-compatible", "openai", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  "openai-compatible": "OpenAI-compatible (Ollama, vLLM, LM Studio, llama.cpp, OpenRouter, gateways)",
  openai: "OpenAI",
  anthropic: "Anthropic",
};

/** Where a provider of each kind is reached when its base URL is left empty. */
export const DEFAULT_BASE_URLS: Record<Exclude<ProviderKind, "openai-compatible">, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
};
