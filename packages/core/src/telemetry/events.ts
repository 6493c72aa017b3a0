import type { Prisma, PrismaClient } from "@switchyard/database";
import type { ReasonCode } from "./reason-codes.ts";

export const RUNTIME_LAYERS = ["provider_runtime", "tool_runtime", "model_adapter", "execution", "dispatcher", "worker", "nats_bridge"] as const;
export type RuntimeLayer = (typeof RUNTIME_LAYERS)[number];

export const RUNTIME_OPERATIONS = ["CALL", "FALLBACK", "RETRY", "TOOL_CALL", "TOOL_LOOP", "TASK", "HEARTBEAT", "BREAKER", "RECEIVE", "PUBLISH"] as const;
export type RuntimeOperation = (typeof RUNTIME_OPERATIONS)[number];

export interface RuntimeEventInput {
  layer: RuntimeLayer;
  operation: RuntimeOperation;
  reasonCode: ReasonCode;
  /** What the event is about: a run id, a job's event id, a provider or worker name. */
  entityId: string;
  organizationId?: string | null;
  /** The engine job (ExecutionJob id) the work ran in, when known. */
  taskId?: string | null;
  workerId?: string | null;
  metadata?: Record<string, unknown>;
  occurredAt?: Date;
}

/** Writes still in flight; bounded so a hung database cannot grow memory without limit. */
const pending = new Set<Promise<void>>();
const MAX_PENDING_WRITES = 500;
const WARN_EVERY_MS = 60_000;
let lastWarnAt = 0;
let unwarned = 0;

/**
 * Records a runtime event best-effort: the write starts now and is not awaited, and a failure (or a
 * full buffer) is logged at most once a minute. It never throws and never delays the caller.
 */
export function recordRuntimeEvent(db: PrismaClient, event: RuntimeEventInput): void {
  if (pending.size >= MAX_PENDING_WRITES) {
    warn(`${pending.size} writes already pending`);
    return;
  }
  let write: Promise<void>;
  try {
    write = Promise.resolve(
      db.runtimeEvent.create({
        data: {
          layer: event.layer,
          operation: event.operation,
          reasonCode: event.reasonCode,
          entityId: event.entityId,
          organizationId: event.organizationId ?? null,
          taskId: event.taskId ?? null,
          workerId: event.workerId ?? null,
          metadata: toJson(event.metadata ?? {}),
          occurredAt: event.occurredAt ?? new Date(),
        },
      }),
    ).then(
      () => {},
      (error: unknown) => warn(describeError(error)),
    );
  } catch (error) {
    warn(describeError(error));
    return;
  }
  pending.add(write);
  void write.finally(() => pending.delete(write));
}

/** Waits (at most `timeoutMs`) for the writes already started: for tests and scripts that exit. */
export async function flushRuntimeEvents(timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled([...pending]), timeout]);
  clearTimeout(timer);
}

function warn(message: string): void {
  const now = Date.now();
  if (now - lastWarnAt < WARN_EVERY_MS) {
    unwarned += 1;
    return;
  }
  const more = unwarned > 0 ? ` (and ${unwarned} more since the last warning)` : "";
  console.warn(`[telemetry] runtime event not recorded: ${message}${more}`);
  lastWarnAt = now;
  unwarned = 0;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n").filter(Boolean).at(-1) ?? error.name) : String(error);
}

function toJson(value: Record<string, unknown>): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
