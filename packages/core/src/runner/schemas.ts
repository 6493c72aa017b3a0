import { z } from "zod";
import { AppError } from "../errors.ts";

/**
 * The external runner protocol (`/api/runner/*`): what a runner sends and gets back. A runner names
 * itself in the `X-Runner-Id` header; the id identifies its claims, the API key authenticates it.
 */

export const RUNNER_ID_HEADER = "x-runner-id";
export const DEFAULT_LEASE_SECONDS = 60;
export const MAX_LEASE_SECONDS = 3600;

const RunnerIdValue = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e][\x20-\x7e]*$/, "Printable ASCII only");

/** The runner id from its header; a missing or unusable one is a 400 that says how to send it. */
export function parseRunnerId(value: string | null): string {
  const parsed = RunnerIdValue.safeParse(value ?? "");
  if (!parsed.success) {
    throw new AppError("bad_request", "Send the runner's id in the X-Runner-Id header (1-200 printable characters, e.g. hostname:pid)", {
      header: "X-Runner-Id",
    });
  }
  return parsed.data;
}

const LeaseSeconds = z.number().int().min(1).max(MAX_LEASE_SECONDS);
/** Every call about a claimed run names the attempt it was claimed for: a lapsed and re-claimed run has moved on. */
const Attempt = z.number().int().min(1);

export const ClaimBody = z.object({
  /** Only runs of these agents (slugs); any external agent of the organization when absent. */
  agents: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  leaseSeconds: LeaseSeconds.default(DEFAULT_LEASE_SECONDS),
});
export type ClaimBody = z.infer<typeof ClaimBody>;

export const RunParams = z.object({ id: z.string().min(1).max(64) });

export const HeartbeatBody = z.object({
  attempt: Attempt,
  /** The lease is extended to now + this (default 60 s). */
  leaseSeconds: LeaseSeconds.default(DEFAULT_LEASE_SECONDS),
});

export const RUNNER_EVENT_TYPES = ["stage", "log", "score"] as const;

export const RunnerEvent = z
  .object({
    type: z.enum(RUNNER_EVENT_TYPES),
    stage: z.string().min(1).max(100).optional(),
    message: z.string().max(10_000).optional(),
    score: z.number().finite().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((event) => event.type !== "stage" || event.stage !== undefined, { message: "A stage event names its stage", path: ["stage"] })
  .refine((event) => event.type !== "score" || event.score !== undefined, { message: "A score event carries its score", path: ["score"] })
  .refine((event) => event.type !== "log" || event.message !== undefined, { message: "A log event carries its message", path: ["message"] });
export type RunnerEvent = z.infer<typeof RunnerEvent>;

export const EventsBody = z.object({ attempt: Attempt, events: z.array(RunnerEvent).min(1).max(100) });

/** Artifact content beyond this is a 413: artifacts are documents for people, not blobs. */
export const MAX_ARTIFACT_CHARS = 1_000_000;

export const ArtifactBody = z.object({
  attempt: Attempt,
  filename: z.string().trim().min(1).max(200),
  /** What the document is to the run, e.g. `output`, `evaluation`. */
  artifactType: z.string().trim().min(1).max(40).default("output"),
  /** Defaults from the filename (.json, .md) or the content (JSON values are stored as JSON). */
  contentType: z.string().trim().min(1).max(100).optional(),
  /** Text, or any JSON value (stored pretty-printed as application/json). */
  content: z.unknown().refine((value) => value !== undefined && value !== null, "Send the artifact's content"),
  score: z.number().finite().optional(),
});

export const Usage = z.object({
  promptTokens: z.number().int().min(0).optional(),
  completionTokens: z.number().int().min(0).optional(),
  /** Overrides the price table; otherwise cost comes from the tokens and `model` (or the agent's model). */
  costUsd: z.number().min(0).optional(),
  model: z.string().min(1).max(200).optional(),
});

export const CompleteBody = z.object({
  attempt: Attempt,
  output: z.unknown().refine((value) => value !== undefined, "Send the run's output (any JSON value)"),
  usage: Usage.optional(),
});

export const FailBody = z.object({ attempt: Attempt, error: z.string().trim().min(1).max(10_000), usage: Usage.optional() });

export const ClaimedRunSchema = z.object({
  id: z.string(),
  attempt: z.number().int(),
  leaseExpiresAt: z.date(),
  source: z.string(),
  input: z.unknown(),
  workflowRunId: z.string().nullable(),
  networkRunId: z.string().nullable(),
  agent: z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    version: z.number().int(),
    instructions: z.string(),
    modelName: z.string(),
    tools: z.unknown(),
    inputSchema: z.unknown(),
    outputSchema: z.unknown(),
    timeoutSeconds: z.number().int(),
  }),
});
export type ClaimedRun = z.infer<typeof ClaimedRunSchema>;

export const ClaimResponse = z.object({ run: ClaimedRunSchema });
export const HeartbeatResponse = z.object({ cancelRequested: z.boolean(), leaseExpiresAt: z.date() });
export const EventsResponse = z.object({ recorded: z.number().int() });
export const ArtifactResponse = z.object({
  artifact: z.object({ id: z.string(), filename: z.string(), contentType: z.string(), artifactType: z.string(), attempt: z.number().int() }),
});
export const FinishedRunResponse = z.object({
  run: z.object({ id: z.string(), status: z.enum(["COMPLETED", "FAILED", "CANCELLED"]), error: z.string().nullable(), attempt: z.number().int() }),
});
