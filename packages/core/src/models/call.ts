// One agent run's call to a real model: the agent's instructions, its built-in tools (a multi-step
// tool loop up to its step limit) and its output JSON Schema as structured output, through the AI
// SDK's own provider for the target. The call is cut at the agent's timeout or when the run's cancel
// is requested (its HTTP request is aborted); 429s and 5xx are retried with backoff by the SDK, and
// every failed attempt is reported so it becomes a runtime event.
import type { Prisma } from "@switchyard/database";
import { generateText, jsonSchema, NoObjectGeneratedError, NoOutputGeneratedError, Output, stepCountIs } from "ai";
import type { ToolCallRecord } from "../runs/recorder.ts";
import { REASON_CODES, type ReasonCode } from "../telemetry/reason-codes.ts";
import type { ToolContext } from "../workflows/tools.ts";
import { compileOutputSchema } from "../workflows/validate.ts";
import { describeCallError, languageModelFor, type ModelTarget } from "./target.ts";
import { agentTools } from "./tools.ts";

/** Retries of one model call after a 429, 5xx or unreachable server (the SDK's exponential backoff, honouring retry-after). */
export const MODEL_MAX_RETRIES = 2;

export interface AgentModelRequest {
  target: ModelTarget;
  model: string;
  instructions: string;
  prompt: string;
  temperature: number | null;
  maxTokens: number | null;
  tools: readonly string[];
  outputSchema: Record<string, unknown> | null;
  /** The tool loop stops after this many model calls. */
  maxSteps: number;
  /** The whole call, every step and retry included, is cut after this. */
  timeoutMs: number;
  /** Aborted when the run's cancel is requested: the in-flight request is aborted with it. */
  cancelSignal?: AbortSignal;
  maxRetries?: number;
  toolContext: ToolContext;
  /** Told of every failed HTTP attempt (429, 5xx, unreachable), as it happens. */
  onAttemptFailed?: (failure: AttemptFailure) => void;
  /** Names the call in its trace (the AI SDK's spans, when tracing is on). */
  agentSlug?: string;
}

export interface AttemptFailure {
  /** Consecutive failed attempts of the current model call, 1 for the first. */
  attempt: number;
  status: number | null;
  reasonCode: ReasonCode;
  message: string;
  /** Whether the SDK tries again after it (it has retries left). */
  willRetry: boolean;
}

export interface AgentModelResult {
  output?: Prisma.InputJsonValue;
  error?: string;
  /** PROVIDER_CALL_OK, or why the call failed. */
  reasonCode: ReasonCode;
  /** The failure says the provider is unavailable (it counts against its circuit breaker). */
  isProviderFault: boolean;
  /** Summed over the steps that finished, also when a later one failed: what the provider reported it used. */
  promptTokens: number;
  completionTokens: number;
  toolCalls: ToolCallRecord[];
  steps: number;
  /** Declared tools that are not built in, so the model was not offered them. */
  unavailableTools: string[];
}

export async function callAgentModel(request: AgentModelRequest): Promise<AgentModelResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.cancelSignal ? AbortSignal.any([timeout, request.cancelSignal]) : timeout;
  const maxRetries = request.maxRetries ?? MODEL_MAX_RETRIES;
  const toolCalls: ToolCallRecord[] = [];
  const spent = { promptTokens: 0, completionTokens: 0, steps: 0 };
  const { tools, unavailable } = agentTools(request.tools, request.toolContext, toolCalls);
  const schema = request.outputSchema;
  const ended = (fields: Omit<AgentModelResult, "promptTokens" | "completionTokens" | "toolCalls" | "steps" | "unavailableTools">): AgentModelResult => ({
    ...fields,
    ...spent,
    toolCalls,
    unavailableTools: unavailable,
  });

  try {
    const model = await languageModelFor(request.target, request.model, observeAttempts(maxRetries, request.onAttemptFailed));
    const result = await generateText({
      model,
      instructions: request.instructions,
      prompt: request.prompt,
      temperature: request.temperature ?? undefined,
      maxOutputTokens: request.maxTokens ?? undefined,
      tools: Object.keys(tools).length > 0 ? tools : undefined,
      stopWhen: stepCountIs(request.maxSteps),
      output: schema && isObjectSchema(schema) ? Output.object({ schema: jsonSchema<Record<string, unknown>>(schema) }) : undefined,
      // Strict decoding (OpenAI's default) refuses schemas with optional or open properties; those go non-strict, and ajv decides.
      providerOptions: schema
        ? { openai: { strictJsonSchema: isStrictSchema(schema) }, openaiCompatible: { strictJsonSchema: isStrictSchema(schema) } }
        : undefined,
      maxRetries,
      abortSignal: signal,
      // The SDK's spans carry the call's shape, tokens and timing; prompts and answers stay out of traces,
      // which often leave the organization (an agent's input may hold anything).
      telemetry: { functionId: request.agentSlug, recordInputs: false, recordOutputs: false },
      onStepEnd: (step) => {
        spent.promptTokens += step.usage.inputTokens ?? 0;
        spent.completionTokens += step.usage.outputTokens ?? 0;
        spent.steps += 1;
      },
    });
    if (!schema) return ended({ output: { text: result.text }, reasonCode: REASON_CODES.PROVIDER_CALL_OK, isProviderFault: false });

    const answer = isObjectSchema(schema) ? result.output : parseJsonText(result.text);
    // The SDK asks for the schema; ajv decides whether the answer meets it, as it does for workflow steps.
    const problem = answer === undefined ? "the answer is not JSON" : compileOutputSchema(schema)(answer);
    if (problem) return ended({ error: `The model's answer does not match the agent's output schema: ${problem}`, ...OUTPUT_INVALID });
    return ended({ output: answer as Prisma.InputJsonValue, reasonCode: REASON_CODES.PROVIDER_CALL_OK, isProviderFault: false });
  } catch (error) {
    if (request.cancelSignal?.aborted)
      return ended({ error: "Cancelled on request: the model request was aborted", reasonCode: REASON_CODES.CANCELLED, isProviderFault: false });
    if (timeout.aborted) {
      return ended({
        error: `Timed out after ${formatSeconds(request.timeoutMs)}: the model request was aborted`,
        reasonCode: REASON_CODES.TIMEOUT,
        isProviderFault: true,
      });
    }
    if (NoObjectGeneratedError.isInstance(error) || NoOutputGeneratedError.isInstance(error)) {
      const why = spent.steps >= request.maxSteps ? ` within its ${request.maxSteps} steps` : "";
      return ended({ error: `The model gave no answer its output schema accepts${why}: ${(error as Error).message}`, ...OUTPUT_INVALID });
    }
    const { reasonCode, isProviderFault } = classifyFailure(error);
    return ended({ error: `${request.target.label} call failed: ${describeCallError(error)}`, reasonCode, isProviderFault });
  }
}

const OUTPUT_INVALID = { reasonCode: REASON_CODES.OUTPUT_INVALID, isProviderFault: false } as const;

/**
 * Whether a failed call says the provider is unavailable (network, rate limit, 5xx, a broken reply)
 * rather than refusing our request (any other 4xx). Retries exhausted report their last error.
 */
function classifyFailure(error: unknown): { reasonCode: ReasonCode; isProviderFault: boolean } {
  const last = (error as { lastError?: unknown }).lastError ?? error;
  const status = (last as { statusCode?: unknown }).statusCode;
  if (status === 429) return { reasonCode: REASON_CODES.RATE_LIMITED, isProviderFault: true };
  if (typeof status === "number" && status >= 500) return { reasonCode: REASON_CODES.PROVIDER_UNAVAILABLE, isProviderFault: true };
  if (typeof status === "number" && status >= 400 && status !== 408) return { reasonCode: REASON_CODES.PROVIDER_CALL_FAILED, isProviderFault: false };
  return { reasonCode: REASON_CODES.PROVIDER_CALL_FAILED, isProviderFault: true };
}

/** A fetch for the SDK that reports every failed attempt; it counts consecutive failures, as the SDK's retries do. */
function observeAttempts(maxRetries: number, onFailed: AgentModelRequest["onAttemptFailed"]): typeof fetch {
  let consecutive = 0;
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      // An abort is the timeout's or the cancel's, reported once by the caller.
      if (!init?.signal?.aborted) {
        consecutive += 1;
        const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : "";
        onFailed?.({
          attempt: consecutive,
          status: null,
          reasonCode: REASON_CODES.PROVIDER_UNAVAILABLE,
          message: `${(error as Error).message}${cause}`,
          willRetry: consecutive <= maxRetries,
        });
      }
      throw error;
    }
    if (response.status === 429 || response.status >= 500) {
      consecutive += 1;
      onFailed?.({
        attempt: consecutive,
        status: response.status,
        reasonCode: response.status === 429 ? REASON_CODES.RATE_LIMITED : REASON_CODES.PROVIDER_UNAVAILABLE,
        message: `${response.status} ${response.statusText}`.trim(),
        willRetry: consecutive <= maxRetries,
      });
    } else {
      consecutive = 0;
    }
    return response;
  };
}

/** Structured output needs an object at the root (as OpenAI's and most servers' JSON Schema mode do). */
function isObjectSchema(schema: Record<string, unknown>): boolean {
  return schema.type === "object" || (schema.type === undefined && typeof schema.properties === "object");
}

/** Whether every object in the schema closes its properties and requires them all, as strict JSON Schema modes demand. */
export function isStrictSchema(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictSchema);
  if (!schema || typeof schema !== "object") return true;
  const node = schema as Record<string, unknown>;
  if (node.type === "object" || node.properties) {
    const properties = Object.keys((node.properties as Record<string, unknown> | undefined) ?? {});
    const required = Array.isArray(node.required) ? node.required : [];
    if (node.additionalProperties !== false || !properties.every((name) => required.includes(name))) return false;
  }
  return Object.entries(node).every(([key, value]) => key === "required" || key === "enum" || key === "const" || isStrictSchema(value));
}

/** A text answer as JSON (optionally fenced), or undefined when it is not JSON. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, "$1"));
  } catch {
    return undefined;
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
