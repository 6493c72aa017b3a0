import { createHash } from "node:crypto";

/** Per-agent behaviour of the simulated model, stored in `Agent.simulation`. */
export interface SimulationProfile {
  /** Probability in [0, 1] that a call fails. */
  failureRate?: number;
  /** Typical latency in ms; actual latency varies ±50% around it. */
  latencyMs?: number;
  /** Typical completion length in tokens. */
  outputTokens?: number;
  /** Tools the simulated agent calls (names from Agent.tools). */
  tools?: string[];
}

export interface SimulatedCompletion {
  ok: boolean;
  text: string;
  error?: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  toolCalls: { toolName: string; input: unknown; output: unknown; durationMs: number }[];
}

const FAILURES = [
  "Upstream rate limit (429) from the source API",
  "Tool call timed out after 30s",
  "Model output did not match the expected JSON schema",
  "Source returned no results for the query",
];

/**
 * A deterministic stand-in for an LLM: the same agent, prompt and attempt always give the same result,
 * with realistic token counts and latency, and failures at the agent's configured rate.
 */
export function simulateCompletion(input: {
  agentSlug: string;
  instructions: string;
  prompt: string;
  profile?: SimulationProfile | null;
  /** Distinguishes repeated calls with the same prompt (retries, scheduled runs). */
  attemptKey?: string;
}): SimulatedCompletion {
  const random = seededRandom(`${input.agentSlug}\u0000${input.prompt}\u0000${input.attemptKey ?? ""}`);
  const profile = input.profile ?? {};
  const promptTokens = Math.ceil((input.instructions.length + input.prompt.length) / 4) + 40 + Math.floor(random() * 60);
  const latencyMs = Math.round((profile.latencyMs ?? 1800) * (0.5 + random()));
  const toolCalls = (profile.tools ?? []).map((toolName, index) => ({
    toolName,
    input: { query: input.prompt.slice(0, 80), index },
    output: { results: 1 + Math.floor(random() * 9) },
    durationMs: Math.round(100 + random() * 900),
  }));

  if (random() < (profile.failureRate ?? 0.03)) {
    const error = FAILURES[Math.floor(random() * FAILURES.length)];
    return { ok: false, text: "", error, promptTokens, completionTokens: Math.floor(random() * 40), latencyMs, toolCalls };
  }

  const completionTokens = Math.round((profile.outputTokens ?? 350) * (0.6 + random() * 0.8));
  const text = `[${input.agentSlug}] ${summarize(input.prompt)} — ${completionTokens} tokens of analysis (simulated).`;
  return { ok: true, text, promptTokens, completionTokens, latencyMs, toolCalls };
}

function summarize(prompt: string): string {
  const trimmed = prompt.replace(/\s+/g, " ").trim();
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed || "No input";
}

/** mulberry32 seeded from a SHA-256 of the key: fast, deterministic, good enough for simulation. */
export function seededRandom(key: string): () => number {
  let state = createHash("sha256").update(key).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
