/** USD per million tokens, by model. Unknown models cost the `default` rate so cost is never silently 0. */
export const MODEL_PRICES: Record<string, { input: number; output: number }> = {
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-haiku-4": { input: 0.8, output: 4 },
  "claude-opus-4": { input: 15, output: 75 },
  default: { input: 1, output: 4 },
};

export function costForTokens(modelName: string, promptTokens: number, completionTokens: number): number {
  const price = MODEL_PRICES[modelName] ?? MODEL_PRICES.default;
  const usd = (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}

/**
 * What a real provider's usage cost, or null when the price table does not know the model: a local
 * or unlisted model's cost is unknown, not zero. A gateway's `vendor/model` id is priced as `model`.
 */
export function knownCostForTokens(modelName: string, promptTokens: number, completionTokens: number): number | null {
  const known = [modelName, modelName.slice(modelName.lastIndexOf("/") + 1)].find((name) => name !== "default" && MODEL_PRICES[name]);
  return known ? costForTokens(known, promptTokens, completionTokens) : null;
}
