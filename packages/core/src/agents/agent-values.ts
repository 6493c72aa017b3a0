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

/** `model`: Switchyard calls the model; `external`: a runner outside Switchyard claims the run over /api/runner. */
export const AGENT_RUNTIMES = ["model", "external"] as const;
export type AgentRuntime = (typeof AGENT_RUNTIMES)[number];

/** A run is cut after its agent's timeout: 5 minutes unless set, 30 at most. */
export const AGENT_TIMEOUT_SECONDS = { min: 1, max: 1800, default: 300 } as const;
/** The tool loop's step limit: model calls per run. */
export const AGENT_MAX_STEPS = { min: 1, max: 50, default: 8 } as const;

/** Fields that also save a new version, though AgentVersion has no column for them (yet). */
export const UNSTORED_VERSIONED_FIELDS = ["providerId", "maxSteps"] as const;
