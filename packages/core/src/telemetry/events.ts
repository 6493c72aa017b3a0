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

/**
 * Events are written in batches: one INSERT per client for whatever arrived within BATCH_DELAY_MS (or
 * BATCH_SIZE of them), so a busy worker pays one round trip for many events instead of one each.
 */
const BATCH_SIZE = 200;
const BATCH_DELAY_MS = 20;
/** Bounds what a hung database can make us hold: events queued beyond it are dropped (and warned about). */
const MAX_QUEUED = 5000;
const MAX_WRITES_IN_FLIGHT = 20;
const WARN_EVERY_MS = 60_000;
let lastWarnAt = 0;
let unwarned = 0;

interface Sink {
  queue: Prisma.RuntimeEventCreateManyInput[];
  timer: NodeJS.Timeout | null;
}
const sinks = new Map<PrismaClient, Sink>();
/** Batch writes still in flight. */
const pending = new Set<Promise<void>>();

/**
 * Records a runtime event best-effort: it is queued now and written with the next batch, not
 * awaited, and a failure (or a full queue) is logged at most once a minute. It never throws and never
 * delays the caller.
 */
export function recordRuntimeEvent(db: PrismaClient, event: RuntimeEventInput): void {
  try {
    let sink = sinks.get(db);
    if (!sink) {
      sink = { queue: [], timer: null };
      sinks.set(db, sink);
    }
    if (sink.queue.length >= MAX_QUEUED) {
      warn(`${sink.queue.length} events already queued`);
      return;
    }
    sink.queue.push({
      layer: event.layer,
      operation: event.operation,
      reasonCode: event.reasonCode,
      entityId: event.entityId,
      organizationId: event.organizationId ?? null,
      taskId: event.taskId ?? null,
      workerId: event.workerId ?? null,
      metadata: toJson(event.metadata ?? {}),
      occurredAt: event.occurredAt ?? new Date(),
    });
    if (sink.queue.length >= BATCH_SIZE) writeBatches(db, sink);
    else if (!sink.timer) {
      sink.timer = setTimeout(() => writeBatches(db, sink), BATCH_DELAY_MS);
      sink.timer.unref?.();
    }
  } catch (error) {
    warn(describeError(error));
  }
}

function writeBatches(db: PrismaClient, sink: Sink): void {
  if (sink.timer) clearTimeout(sink.timer);
  sink.timer = null;
  while (sink.queue.length > 0 && pending.size < MAX_WRITES_IN_FLIGHT) {
    const rows = sink.queue.splice(0, BATCH_SIZE);
    let write: Promise<void>;
    try {
      write = Promise.resolve(db.runtimeEvent.createMany({ data: rows })).then(
        () => {},
        (error: unknown) => warn(describeError(error)),
      );
    } catch (error) {
      warn(describeError(error));
      continue;
    }
    pending.add(write);
    void write.finally(() => {
      pending.delete(write);
      // Whatever queued up while the writes were busy goes next.
      if (sink.queue.length > 0 && !sink.timer) writeBatches(db, sink);
    });
  }
  // Request-scoped clients come and go: an idle sink is not kept.
  if (sink.queue.length === 0 && sinks.get(db) === sink) sinks.delete(db);
}

/** Writes what is queued and waits (at most `timeoutMs`) for the writes: for tests and scripts that exit. */
export async function flushRuntimeEvents(timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  const drain = async () => {
    for (;;) {
      for (const [db, sink] of sinks) if (sink.queue.length > 0) writeBatches(db, sink);
      if (pending.size === 0) return;
      await Promise.allSettled([...pending]);
    }
  };
  await Promise.race([drain(), timeout]);
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
