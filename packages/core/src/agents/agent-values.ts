// Plain constants, free of Node and database imports, so the agent form reads the same lists as the
// API's validation.

/** Where an agent's model runs. `simulated` needs no key; the others fall back to it until one is configured. */
export const MODEL_PROVIDERS = ["simulated", "openai", "anthropic", "openai-compatible"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** Mirrors the RiskLevel enum of the schema: APPROVAL_REQUIRED gates the agent's workflow steps behind a human. */
export const RISK_LEVELS = ["AUTO", "APPROVAL_REQUIRED"] as const;
export type AgentRiskLevel = (typeof RISK_LEVELS)[number];

/** The fields an AgentVersion holds: changing any of them saves a new version. */
export const VERSIONED_FIELDS = ["instructions", "modelProvider", "modelName", "temperature", "maxTokens", "tools", "inputSchema", "outputSchema"] as const;
export type VersionedField = (typeof VERSIONED_FIELDS)[number];
