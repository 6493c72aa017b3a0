import type { ExecutionJob, Prisma, PrismaClient } from "@switchyard/database";
import { recordRuntimeEvent, type RuntimeEventInput } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import { startWorkerHeartbeat } from "../telemetry/worker-status.ts";
import { isRetryLater } from "./retry-later.ts";
import type { EngineEvent, EventHandlers, EventName, ExecutionEngine, StepTools } from "./events.ts";

/**
 * The default engine: events become rows in the ExecutionJob table, which the worker below runs.
 * `eventId` is unique, so sending the same event twice enqueues it once.
 */
export function createLocalEngine(db: PrismaClient): ExecutionEngine {
  return {
    kind: "local",
    async send(events) {
      const list = Array.isArray(events) ? events : [events];
      if (list.length === 0) return;
      await db.executionJob.createMany({ data: list.map(toJobRow), skipDuplicates: true });
    },
  };
}

function toJobRow(event: EngineEvent): Prisma.ExecutionJobCreateManyInput {
  const organizationId = (event.data as { organizationId?: unknown } | null)?.organizationId;
  return {
    eventId: event.id,
    eventName: event.name,
    payload: (event.data ?? {}) as Prisma.InputJsonValue,
    organizationId: typeof organizationId === "string" ? organizationId : null,
  };
}

export interface LocalWorkerOptions {
  db: PrismaClient;
  handlers: EventHandlers;
  workerId: string;
  /** Jobs this worker runs at once (default 4). */
  concurrency?: number;
  /**
   * How long a claimed job stays reserved without word from its worker (renewed every third of it
   * while the job runs); after that a crashed worker's job is runnable again.
   */
  leaseMs?: number;
  /** The worker's notion of now; tests move it forward to reach backed-off retries. */
  clock?: () => Date;
  logger?: Pick<Console, "error">;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const MAX_ERROR_LENGTH = 2000;

/**
 * Polls the job table and runs jobs until stopped. One failing job (or a database outage) is logged
 * and retried later; it never ends the loop. `stop()` waits for the jobs in flight. The worker's
 * WorkerStatus row is written at start, every `heartbeatIntervalMs` (default 10 s) and as STOPPED.
 */
export function startLocalWorker(options: LocalWorkerOptions & { pollIntervalMs?: number; heartbeatIntervalMs?: number }): { stop(): Promise<void> } {
  const concurrency = options.concurrency ?? 4;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const logger = options.logger ?? console;
  const inFlight = new Set<Promise<void>>();
  const runningJobIds = new Set<string>();
  const heartbeat = startWorkerHeartbeat(options.db, {
    workerId: options.workerId,
    intervalMs: options.heartbeatIntervalMs,
    clock: options.clock,
    snapshot: () => ({
      status: runningJobIds.size > 0 ? "RUNNING" : "IDLE",
      currentTaskId: runningJobIds.values().next().value ?? null,
      metadata: { inFlight: runningJobIds.size, concurrency },
    }),
  });
  let isStopping = false;
  let wake = () => {};

  const loop = (async () => {
    while (!isStopping) {
      let claimed = 0;
      const free = concurrency - inFlight.size;
      if (free > 0) {
        try {
          const jobs = await claimJobs(options, free);
          claimed = jobs.length;
          for (const job of jobs) {
            runningJobIds.add(job.id);
            const running: Promise<void> = processJob(options, job)
              .catch((error) => logger.error(`[worker ${options.workerId}] could not record job ${job.id}: ${describeError(error)}`))
              .finally(() => {
                inFlight.delete(running);
                runningJobIds.delete(job.id);
                wake();
              });
            inFlight.add(running);
          }
        } catch (error) {
          logger.error(`[worker ${options.workerId}] could not claim jobs: ${describeError(error)}`);
        }
      }
      // Claim again right away while there is work and room; otherwise wait for a poll or a free slot.
      if (claimed === 0 || inFlight.size >= concurrency) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    await Promise.allSettled(inFlight);
    await heartbeat.stop();
  })();

  return {
    async stop() {
      isStopping = true;
      wake();
      await loop;
    },
  };
}

/** Runs jobs until none is runnable (backed-off retries wait for their time). Returns how many ran. */
export async function drainLocalJobs(options: LocalWorkerOptions): Promise<number> {
  let processed = 0;
  for (;;) {
    const jobs = await claimJobs(options, options.concurrency ?? 4);
    if (jobs.length === 0) return processed;
    await Promise.all(jobs.map((job) => processJob(options, job)));
    processed += jobs.length;
  }
}

/**
 * Atomically reserves up to `limit` runnable jobs: pending ones that are due, and running ones whose
 * lease expired (their worker died). SKIP LOCKED lets concurrent workers claim disjoint jobs.
 */
async function claimJobs(options: LocalWorkerOptions, limit: number): Promise<ExecutionJob[]> {
  const now = (options.clock ?? (() => new Date()))();
  const leaseExpiresAt = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const claimed = await options.db.$queryRaw<{ id: string }[]>`
    UPDATE "ExecutionJob"
    SET status = 'RUNNING', "leaseOwner" = ${options.workerId}, "leaseExpiresAt" = ${leaseExpiresAt},
        attempts = attempts + 1, "updatedAt" = ${now}
    WHERE id IN (
      SELECT id FROM "ExecutionJob"
      WHERE (status = 'PENDING' AND "runAt" <= ${now}) OR (status = 'RUNNING' AND "leaseExpiresAt" < ${now})
      ORDER BY "runAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  if (claimed.length === 0) return [];
  return options.db.executionJob.findMany({ where: { id: { in: claimed.map((row) => row.id) } }, orderBy: { runAt: "asc" } });
}

/**
 * Runs one claimed job's handler and records the outcome: COMPLETED, or a retry after 2^attempts
 * seconds, or FAILED once `maxAttempts` is used up. Writes are conditional on still holding the
 * lease, so a worker that lost its job to another cannot overwrite that worker's result.
 */
async function processJob(options: LocalWorkerOptions, job: ExecutionJob): Promise<void> {
  const { db, workerId } = options;
  const clock = options.clock ?? (() => new Date());
  const steps = createJobStepTools(options, job);
  const startedAt = clock();
  const transition = (event: Pick<RuntimeEventInput, "operation" | "reasonCode" | "metadata">) =>
    recordRuntimeEvent(db, {
      layer: "execution",
      entityId: job.eventId,
      taskId: job.id,
      organizationId: job.organizationId,
      workerId,
      occurredAt: clock(),
      ...event,
      metadata: { eventName: job.eventName, attempt: job.attempts, ...event.metadata },
    });
  transition({ operation: "TASK", reasonCode: REASON_CODES.TASK_CLAIMED });
  // A job may outlive its lease (a slow model call): renewing it keeps other workers from running it twice.
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const renewal = setInterval(() => {
    db.executionJob
      .updateMany({ where: { id: job.id, status: "RUNNING", leaseOwner: workerId }, data: { leaseExpiresAt: new Date(clock().getTime() + leaseMs) } })
      .catch((error) => (options.logger ?? console).error(`[worker ${workerId}] could not renew the lease of job ${job.id}: ${describeError(error)}`));
  }, leaseMs / 3);
  let data: Prisma.ExecutionJobUpdateManyMutationInput;
  try {
    const handler = options.handlers[job.eventName as EventName];
    if (!handler) throw new Error(`No handler registered for "${job.eventName}"`);
    const output = await handler({ id: job.eventId, name: job.eventName as EventName, data: job.payload }, steps);
    data = { status: "COMPLETED", result: { steps: steps.results, output: toJson(output) }, completedAt: clock(), lastError: null };
    transition({ operation: "TASK", reasonCode: REASON_CODES.TASK_COMPLETED, metadata: { durationMs: clock().getTime() - startedAt.getTime() } });
  } catch (error) {
    const message = describeError(error);
    if (isRetryLater(error)) {
      // Waiting (for an external runner) is not a failure: the attempt is given back, nothing is logged.
      const runAt = new Date(clock().getTime() + error.retryAfterMs);
      transition({ operation: "RETRY", reasonCode: REASON_CODES.TASK_WAITING, metadata: { reason: message, runAt: runAt.toISOString() } });
      await db.executionJob.updateMany({
        where: { id: job.id, status: "RUNNING", leaseOwner: workerId },
        data: { status: "PENDING", attempts: { decrement: 1 }, lastError: message, runAt, leaseExpiresAt: null },
      });
      return;
    }
    const isExhausted = job.attempts >= job.maxAttempts;
    (options.logger ?? console).error(
      `[worker ${workerId}] job ${job.id} (${job.eventName}) failed on attempt ${job.attempts}/${job.maxAttempts}${isExhausted ? ", giving up" : ""}: ${message}`,
    );
    data = isExhausted
      ? { status: "FAILED", lastError: message, completedAt: clock() }
      : { status: "PENDING", lastError: message, runAt: new Date(clock().getTime() + 2 ** job.attempts * 1000) };
    transition(
      isExhausted
        ? { operation: "TASK", reasonCode: REASON_CODES.TASK_FAILED, metadata: { error: message } }
        : {
            operation: "RETRY",
            reasonCode: REASON_CODES.TASK_RETRY_SCHEDULED,
            metadata: { error: message, runAt: (data.runAt as Date).toISOString(), maxAttempts: job.maxAttempts },
          },
    );
  } finally {
    clearInterval(renewal);
  }
  await db.executionJob.updateMany({
    where: { id: job.id, status: "RUNNING", leaseOwner: workerId },
    data: { ...data, leaseExpiresAt: null },
  });
}

/** `step.run` for local jobs: each finished step's result is saved on the job, so a retry skips it. */
function createJobStepTools(options: LocalWorkerOptions, job: ExecutionJob): StepTools & { results: Record<string, Prisma.InputJsonValue | null> } {
  const saved = (job.result as { steps?: Record<string, Prisma.InputJsonValue | null> } | null)?.steps;
  const results: Record<string, Prisma.InputJsonValue | null> = { ...saved };
  return {
    results,
    async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
      if (id in results) return results[id] as T;
      const value = toJson(await fn());
      results[id] = value;
      await options.db.executionJob.updateMany({
        where: { id: job.id, status: "RUNNING", leaseOwner: options.workerId },
        data: { result: { steps: results } },
      });
      // The stored JSON, not the live value, so a first run and a retry see the same shape (as on Inngest).
      return value as T;
    },
  };
}

function toJson(value: unknown): Prisma.InputJsonValue | null {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
