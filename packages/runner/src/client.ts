/**
 * A typed client for Switchyard's external runner protocol. Every call sends the API key
 * (`Authorization: Bearer`) and the runner's id (`X-Runner-Id`); calls about a claimed run name the
 * attempt it was claimed for. The protocol is plain JSON over HTTP (see the README's "External
 * runners"), so this file is all a TypeScript runner needs and any other language needs none.
 */

export interface RunnerClientOptions {
  /** Where Switchyard serves, e.g. http://localhost:3000. */
  baseUrl: string;
  /** An API key of the organization with the operator role or higher. */
  apiKey: string;
  /** Names this runner in claims and on the run timeline, e.g. `hostname:pid`. */
  runnerId: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface ClaimedAgent {
  id: string;
  slug: string;
  name: string;
  version: number;
  instructions: string;
  modelName: string;
  tools: unknown;
  inputSchema: unknown;
  outputSchema: unknown;
  timeoutSeconds: number;
}

export interface ClaimedRun {
  id: string;
  attempt: number;
  /** ISO time; heartbeat before it or the run is offered to another runner. */
  leaseExpiresAt: string;
  source: string;
  input: unknown;
  workflowRunId: string | null;
  networkRunId: string | null;
  agent: ClaimedAgent;
}

/** Which claim a call is about. */
export type RunRef = Pick<ClaimedRun, "id" | "attempt">;

export type RunnerEvent =
  | { type: "stage"; stage: string; message?: string; metadata?: Record<string, unknown> }
  | { type: "log"; message: string; metadata?: Record<string, unknown> }
  | { type: "score"; score: number; stage?: string; message?: string; metadata?: Record<string, unknown> };

export interface ArtifactInput {
  filename: string;
  /** Text, or any JSON value (stored as application/json). */
  content: unknown;
  artifactType?: string;
  contentType?: string;
  score?: number;
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  costUsd?: number;
  model?: string;
}

export interface FinishedRun {
  id: string;
  status: "COMPLETED" | "FAILED" | "CANCELLED";
  error: string | null;
  attempt: number;
}

/** An answer other than 2xx, with Switchyard's error body: 409 means the claim is gone (finished, or taken after a lapsed lease). */
export class RunnerApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "RunnerApiError";
  }

  /** The run is no longer this runner's to report on: stop working on it. */
  get isClaimLost(): boolean {
    return this.status === 409 || this.status === 404;
  }
}

export interface RunnerClient {
  readonly runnerId: string;
  /** One queued run of the given agents (any external agent when none), or null when none is waiting. */
  claim(options?: { agents?: string[]; leaseSeconds?: number }): Promise<ClaimedRun | null>;
  heartbeat(run: RunRef, options?: { leaseSeconds?: number }): Promise<{ cancelRequested: boolean; leaseExpiresAt: string }>;
  events(run: RunRef, events: RunnerEvent[]): Promise<{ recorded: number }>;
  artifacts(
    run: RunRef,
    artifact: ArtifactInput,
  ): Promise<{ artifact: { id: string; filename: string; contentType: string; artifactType: string; attempt: number } }>;
  complete(run: RunRef, result: { output: unknown; usage?: Usage }): Promise<FinishedRun>;
  fail(run: RunRef, failure: { error: string; usage?: Usage }): Promise<FinishedRun>;
}

export function createRunnerClient(options: RunnerClientOptions): RunnerClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;

  async function post<T>(path: string, body: unknown): Promise<T | null> {
    const response = await doFetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.apiKey}`, "x-runner-id": options.runnerId, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new RunnerApiError(
        response.status,
        error?.code ?? "http_error",
        error?.message ?? `HTTP ${response.status}: ${text.slice(0, 200)}`,
        error?.details,
      );
    }
    return parsed as T;
  }

  const onRun = (run: RunRef, action: string) => `/api/runner/runs/${encodeURIComponent(run.id)}/${action}`;

  return {
    runnerId: options.runnerId,
    async claim(claim = {}) {
      const answer = await post<{ run: ClaimedRun }>("/api/runner/claim", claim);
      return answer?.run ?? null;
    },
    async heartbeat(run, heartbeat = {}) {
      return (await post<{ cancelRequested: boolean; leaseExpiresAt: string }>(onRun(run, "heartbeat"), { attempt: run.attempt, ...heartbeat }))!;
    },
    async events(run, events) {
      return (await post<{ recorded: number }>(onRun(run, "events"), { attempt: run.attempt, events }))!;
    },
    async artifacts(run, artifact) {
      return (await post<Awaited<ReturnType<RunnerClient["artifacts"]>>>(onRun(run, "artifacts"), { attempt: run.attempt, ...artifact }))!;
    },
    async complete(run, result) {
      return (await post<{ run: FinishedRun }>(onRun(run, "complete"), { attempt: run.attempt, ...result }))!.run;
    },
    async fail(run, failure) {
      return (await post<{ run: FinishedRun }>(onRun(run, "fail"), { attempt: run.attempt, ...failure }))!.run;
    },
  };
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
