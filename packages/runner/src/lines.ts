import type { ArtifactInput, RunnerEvent } from "./client.ts";

/**
 * What the CLI makes of each line its command prints.
 *
 * stdout, one line at a time:
 * - `{"stage": "evaluating", "message"?: "..."}`  → a stage event
 * - `{"score": 0.82, "message"?: "...", "stage"?: "..."}` → a score event
 * - `{"artifact": {"filename": "attempt-1.md", "content": "...", "contentType"?, "artifactType"?, "score"?}}` → an artifact
 * - anything else → a log event with the line as its message
 * The LAST stdout line is also the run's output: on exit 0 it is parsed as JSON and completes the run.
 *
 * stderr lines are log events marked `{ stream: "stderr" }`; their tail is the reason when the command fails.
 */
export type LineAction = { kind: "event"; event: RunnerEvent } | { kind: "artifact"; artifact: ArtifactInput };

/** Longer lines are cut in the log (the output line itself is posted whole). */
export const MAX_LOG_LINE = 4000;

export function interpretLine(line: string, stream: "stdout" | "stderr"): LineAction {
  if (stream === "stderr") return { kind: "event", event: { type: "log", message: truncate(line), metadata: { stream: "stderr" } } };
  const value = parseObject(line);
  if (value) {
    const message = typeof value.message === "string" ? truncate(value.message) : undefined;
    if (typeof value.score === "number" && Number.isFinite(value.score)) {
      return { kind: "event", event: { type: "score", score: value.score, stage: typeof value.stage === "string" ? value.stage : undefined, message } };
    }
    if (typeof value.stage === "string" && value.stage.length > 0)
      return { kind: "event", event: { type: "stage", stage: value.stage.slice(0, 100), message } };
    const artifact = value.artifact as Record<string, unknown> | undefined;
    if (artifact && typeof artifact === "object" && typeof artifact.filename === "string" && artifact.content !== undefined && artifact.content !== null) {
      return {
        kind: "artifact",
        artifact: {
          filename: artifact.filename,
          content: artifact.content,
          artifactType: typeof artifact.artifactType === "string" ? artifact.artifactType : undefined,
          contentType: typeof artifact.contentType === "string" ? artifact.contentType : undefined,
          score: typeof artifact.score === "number" ? artifact.score : undefined,
        },
      };
    }
  }
  return { kind: "event", event: { type: "log", message: truncate(line) } };
}

/** The run's output from the command's last stdout line, or why it cannot be one. */
export function outputFromLastLine(line: string | null): { ok: true; output: unknown } | { ok: false; error: string } {
  if (line === null) return { ok: false, error: "The command printed nothing: its last stdout line must be the run's output as JSON" };
  try {
    return { ok: true, output: JSON.parse(line) };
  } catch {
    return { ok: false, error: `The command's last stdout line is not JSON: ${truncate(line, 200)}` };
  }
}

function parseObject(line: string): Record<string, unknown> | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function truncate(text: string, max = MAX_LOG_LINE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
