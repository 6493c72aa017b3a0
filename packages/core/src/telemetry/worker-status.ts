import type { Prisma, PrismaClient } from "@switchyard/database";
import { recordRuntimeEvent } from "./events.ts";
import { REASON_CODES } from "./reason-codes.ts";

export type WorkerState = "RUNNING" | "IDLE" | "DEGRADED" | "STOPPED";

export interface WorkerSnapshot {
  status: Exclude<WorkerState, "STOPPED">;
  currentTaskId: string | null;
  metadata?: Record<string, unknown>;
}

export interface WorkerHeartbeatOptions {
  workerId: string;
  /** What kind of worker this is, shown on the admin page (default "local-worker"). */
  agentType?: string;
  /** How often the status row is written (default 10 s). */
  intervalMs?: number;
  /** How often a WORKER_HEARTBEAT runtime event is recorded; the row itself is always current (default 60 s). */
  eventEveryMs?: number;
  clock?: () => Date;
  /** The worker's current state, read at every beat. */
  snapshot: () => WorkerSnapshot;
}

const WRITE_TIMEOUT_MS = 5000;

/**
 * Keeps a worker's WorkerStatus row current: written at start, every `intervalMs`, and as STOPPED by
 * `stop()`. Writes are best-effort and bounded by a timeout, so a database outage never blocks the
 * worker, and a beat is skipped while the previous write is still pending.
 */
export function startWorkerHeartbeat(db: PrismaClient, options: WorkerHeartbeatOptions): { stop(): Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  const eventEveryMs = options.eventEveryMs ?? 60_000;
  let writing: Promise<void> | null = null;
  let lastEventAt = clock().getTime();

  const write = (state: WorkerSnapshot | { status: "STOPPED"; currentTaskId: null }) => {
    writing = writeWorkerStatus(db, { workerId: options.workerId, agentType: options.agentType, at: clock(), ...state }).finally(() => (writing = null));
    return writing;
  };
  const event = (reasonCode: (typeof REASON_CODES)["WORKER_STARTED" | "WORKER_HEARTBEAT" | "WORKER_STOPPED"], metadata?: Record<string, unknown>) =>
    recordRuntimeEvent(db, {
      layer: "worker",
      operation: "HEARTBEAT",
      reasonCode,
      entityId: options.workerId,
      workerId: options.workerId,
      metadata,
      occurredAt: clock(),
    });

  void write(options.snapshot());
  event(REASON_CODES.WORKER_STARTED, { agentType: options.agentType ?? "local-worker" });
  const timer = setInterval(() => {
    if (writing !== null) return;
    const snapshot = options.snapshot();
    void write(snapshot);
    if (clock().getTime() - lastEventAt >= eventEveryMs) {
      lastEventAt = clock().getTime();
      event(REASON_CODES.WORKER_HEARTBEAT, { status: snapshot.status, currentTaskId: snapshot.currentTaskId, ...snapshot.metadata });
    }
  }, options.intervalMs ?? 10_000);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await writing;
      await write({ status: "STOPPED", currentTaskId: null });
      event(REASON_CODES.WORKER_STOPPED);
    },
  };
}

/** Upserts one worker's status row, with the breakers' state folded in. Never throws. */
export async function writeWorkerStatus(
  db: PrismaClient,
  report: { workerId: string; status: WorkerState; currentTaskId: string | null; agentType?: string; metadata?: Record<string, unknown>; at?: Date },
): Promise<void> {
  const upsert = async () => {
    const circuit = await readCircuitState(db);
    const data = {
      status: report.status,
      currentTaskId: report.currentTaskId,
      lastHeartbeat: report.at ?? new Date(),
      metadata: (report.metadata ?? {}) as Prisma.InputJsonValue,
      ...circuit,
    };
    await db.workerStatus.upsert({
      where: { workerId: report.workerId },
      create: { workerId: report.workerId, agentType: report.agentType ?? "local-worker", ...data },
      update: data,
    });
  };
  try {
    await withTimeout(upsert(), WRITE_TIMEOUT_MS);
  } catch (error) {
    console.warn(`[worker ${report.workerId}] status not recorded: ${(error as Error).message}`);
  }
}

/** Reflects the breakers on every live worker's row right away (breakers are shared by all workers). */
export async function syncWorkerCircuitState(db: PrismaClient): Promise<void> {
  try {
    await db.workerStatus.updateMany({ where: { status: { not: "STOPPED" } }, data: await readCircuitState(db) });
  } catch (error) {
    console.warn(`[breaker] worker status not updated: ${(error as Error).message}`);
  }
}

async function readCircuitState(db: PrismaClient): Promise<{ circuitOpen: boolean; circuitReason: string | null }> {
  const notClosed = await db.circuitBreaker.findMany({ where: { state: { not: "closed" } }, orderBy: { name: "asc" } });
  if (notClosed.length === 0) return { circuitOpen: false, circuitReason: null };
  const reason = notClosed.map((breaker) => `${breaker.name} ${breaker.state}${breaker.lastReason ? `: ${breaker.lastReason}` : ""}`).join("; ");
  return { circuitOpen: true, circuitReason: reason.slice(0, 1000) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
