import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@switchyard/database";
import { recordRuntimeEvent, type RuntimeEventInput } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import { startWorkerHeartbeat } from "../telemetry/worker-status.ts";
import { isRetryLater } from "./retry-later.ts";
import type { EngineEvent, EventHandlers, EventName, ExecutionEngine, StepTools } from "./events.ts";

/**
 * Parameterised SQL (`$1`, `$2`, …) the job queue runs. Pass the database's pool (`Database.query`)
 * to skip Prisma's per-query overhead on the hot path; without one, Prisma's raw API runs the same SQL.
 */
export type SqlQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** The PostgreSQL channel a send NOTIFYs and workers LISTEN on. */
export const JOBS_CHANNEL = "switchyard_jobs";

/** Jobs a worker runs at once unless told otherwise: model calls are I/O-bound, so many fit one process. */
export const DEFAULT_WORKER_CONCURRENCY = 50;
const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_POLL_MS = 500;
const DEFAULT_RETENTION_MS = 24 * 3_600_000;
const DEFAULT_PRUNE_EVERY_MS = 5 * 60_000;
const PRUNE_BATCH = 1000;
const PRUNE_MAX_BATCHES = 50;
const INSERT_CHUNK = 1000;
/** A finished step is saved before the next one starts, with the job's final write, or after this long. */
const STEP_SAVE_DELAY_MS = 50;
const MAX_ERROR_LENGTH = 2000;
const MAX_ERROR_BACKOFF_MS = 5000;

/** Wake-ups inside this process: a send wakes the local workers at once (on PGlite the only kind there is). */
const localWorkers = new Set<() => void>();

export interface LocalEngineOptions {
  sql?: SqlQuery;
}

/**
 * The default engine: events become rows in the ExecutionJob table, which the workers below run.
 * `eventId` is unique, so sending the same event twice enqueues it once. A send wakes this process's
 * workers directly and other processes' through NOTIFY (coalesced: at most one in flight per process).
 */
export function createLocalEngine(db: PrismaClient, options: LocalEngineOptions = {}): ExecutionEngine {
  const sql = options.sql ?? prismaSql(db);
  const notify = notifierFor(options.sql ?? db, sql);
  return {
    kind: "local",
    async send(events) {
      const list = Array.isArray(events) ? events : [events];
      if (list.length === 0) return;
      for (let start = 0; start < list.length; start += INSERT_CHUNK) await insertJobs(sql, list.slice(start, start + INSERT_CHUNK), new Date());
      for (const wake of localWorkers) wake();
      notify();
    },
  };
}

/** Prisma's raw API as a SqlQuery: the same statements, for callers that hold only the client. */
export function prismaSql(db: PrismaClient): SqlQuery {
  return <T>(text: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(text, ...params);
}

const notifiers = new WeakMap<object, () => void>();

/** One NOTIFY in flight at a time per process; sends meanwhile are covered by one more after it. */
function notifierFor(key: object, sql: SqlQuery): () => void {
  let notifier = notifiers.get(key);
  if (notifier) return notifier;
  let state: "idle" | "sending" | "again" = "idle";
  const send = () => {
    state = "sending";
    sql(`SELECT pg_notify('${JOBS_CHANNEL}', '')`)
      .catch(() => {}) // Best-effort: workers poll as well.
      .finally(() => {
        if (state === "again") send();
        else state = "idle";
      });
  };
  notifier = () => {
    if (state === "idle") send();
    else state = "again";
  };
  notifiers.set(key, notifier);
  return notifier;
}

async function insertJobs(sql: SqlQuery, events: EngineEvent[], now: Date): Promise<void> {
  const params: unknown[] = [dbTimestamp(now)];
  const rows = events.map((event) => {
    const organizationId = (event.data as { organizationId?: unknown } | null)?.organizationId;
    const at = params.length;
    params.push(randomUUID(), typeof organizationId === "string" ? organizationId : null, event.name, event.id, JSON.stringify(event.data ?? {}));
    return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}::jsonb, 'PENDING', 0, 4, $1::timestamp(3), $1::timestamp(3), $1::timestamp(3))`;
  });
  await sql(
    `INSERT INTO "ExecutionJob" (id, "organizationId", "eventName", "eventId", payload, status, attempts, "maxAttempts", "runAt", "createdAt", "updatedAt")
     VALUES ${rows.join(", ")} ON CONFLICT ("eventId") DO NOTHING`,
    params,
  );
}

export interface LocalWorkerOptions {
  db: PrismaClient;
  handlers: EventHandlers;
  /** Names the worker on its leases and runs; a stable id lets a restarted worker take its jobs back at once. */
  workerId: string;
  sql?: SqlQuery;
  /** Jobs this worker runs at once (default 50; 4 for drainLocalJobs). */
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

export interface StartLocalWorkerOptions extends LocalWorkerOptions {
  /** The fallback poll when no wake-up arrives (default 500 ms, with ±20% jitter). */
  pollIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** Cross-process wake-ups, e.g. LISTEN on JOBS_CHANNEL; resolves to a function that stops them. */
  listen?: (onWake: () => void) => Promise<() => Promise<void>>;
  /** COMPLETED jobs older than this are deleted (default 24 h); 0 keeps them. */
  retentionMs?: number;
  /** How often this worker prunes (default every 5 minutes). */
  pruneIntervalMs?: number;
}

interface ClaimedJob {
  id: string;
  eventId: string;
  eventName: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  result: unknown;
  organizationId: string | null;
}

/**
 * Runs jobs until stopped: it claims as many as it has free slots whenever a send wakes it (in this
 * process, or through LISTEN from another), a job of its own finishes, or the poll comes round. One
 * failing job (or a database outage) is logged and retried later; it never ends the loop. `stop()`
 * waits for the jobs in flight. The worker's WorkerStatus row is written at start, every
 * `heartbeatIntervalMs` (default 10 s) and as STOPPED.
 */
export function startLocalWorker(options: StartLocalWorkerOptions): { stop(): Promise<void> } {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_WORKER_CONCURRENCY);
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PRUNE_EVERY_MS;
  const logger = options.logger ?? console;
  const clock = options.clock ?? (() => new Date());
  const sql = options.sql ?? prismaSql(options.db);
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
  let isWakeRequested = false;
  let resolveWait: (() => void) | null = null;
  const wake = () => {
    isWakeRequested = true;
    const resolve = resolveWait;
    resolveWait = null;
    resolve?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (isWakeRequested || isStopping) return resolve();
      const timer = setTimeout(() => {
        resolveWait = null;
        resolve();
      }, ms);
      resolveWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  localWorkers.add(wake);
  const unlisten = options.listen?.(wake).catch((error) => {
    logger.error(`[worker ${options.workerId}] could not listen for new jobs, polling only: ${describeError(error)}`);
    return null;
  });

  let pruning: Promise<void> | null = null;
  let lastPruneAt = clock().getTime();
  const maybePrune = () => {
    if (retentionMs <= 0 || pruning || clock().getTime() - lastPruneAt < pruneIntervalMs) return;
    lastPruneAt = clock().getTime();
    pruning = pruneFinishedJobs(sql, new Date(lastPruneAt - retentionMs))
      .then(() => {})
      .catch((error) => logger.error(`[worker ${options.workerId}] could not prune finished jobs: ${describeError(error)}`))
      .finally(() => (pruning = null));
  };

  const loop = (async () => {
    // Jobs leased under this id before it started belong to a previous incarnation that is gone.
    await releaseOwnJobs(sql, options.workerId, clock()).catch((error) =>
      logger.error(`[worker ${options.workerId}] could not release its earlier jobs: ${describeError(error)}`),
    );
    let lastExpiredSweepAt = 0;
    let errorBackoffMs = 0;
    while (!isStopping) {
      isWakeRequested = false;
      const free = concurrency - inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const now = clock();
          const jobs = await claimJobs(sql, options, "pending", free, now);
          // Expired leases (a crashed worker's jobs) are looked for at the poll's pace, not on every wake-up.
          if (jobs.length < free && now.getTime() - lastExpiredSweepAt >= pollIntervalMs) {
            lastExpiredSweepAt = now.getTime();
            jobs.push(...(await claimJobs(sql, options, "expired", free - jobs.length, now)));
          }
          claimed = jobs.length;
          errorBackoffMs = 0;
          for (const job of jobs) {
            runningJobIds.add(job.id);
            const running: Promise<void> = processJob(options, sql, job)
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
          errorBackoffMs = Math.min(MAX_ERROR_BACKOFF_MS, Math.max(pollIntervalMs, errorBackoffMs * 2));
          await sleep(withJitter(errorBackoffMs));
          continue;
        }
      }
      maybePrune();
      if (inFlight.size >= concurrency) {
        await sleep(withJitter(pollIntervalMs)); // until a job finishes (it wakes the loop)
      } else if (claimed < free && !isWakeRequested) {
        await sleep(withJitter(pollIntervalMs)); // drained: until a send, a NOTIFY or the poll
      }
      // Otherwise there may be more right now: claim again at once.
    }
    await Promise.allSettled(inFlight);
    await pruning;
    await heartbeat.stop();
  })();

  return {
    async stop() {
      isStopping = true;
      localWorkers.delete(wake);
      wake();
      await loop;
      const stopListening = await unlisten;
      await stopListening?.().catch(() => {});
    },
  };
}

/**
 * Runs jobs until none is runnable (backed-off retries wait for their time), `concurrency` (default 4)
 * at a time: for tests and the demo seed. Returns how many ran.
 */
export async function drainLocalJobs(options: LocalWorkerOptions): Promise<number> {
  const sql = options.sql ?? prismaSql(options.db);
  const limit = options.concurrency ?? 4;
  let processed = 0;
  for (;;) {
    const now = (options.clock ?? (() => new Date()))();
    const jobs = await claimJobs(sql, options, "pending", limit, now);
    if (jobs.length < limit) jobs.push(...(await claimJobs(sql, options, "expired", limit - jobs.length, now)));
    if (jobs.length === 0) return processed;
    await Promise.all(jobs.map((job) => processJob(options, sql, job)));
    processed += jobs.length;
  }
}

const CLAIMABLE = {
  // (status, runAt) is indexed: the oldest due jobs first.
  pending: `status = 'PENDING' AND "runAt" <= $3::timestamp(3) ORDER BY "runAt"`,
  // Running jobs whose worker stopped renewing their lease (it died).
  expired: `status = 'RUNNING' AND "leaseExpiresAt" < $3::timestamp(3) ORDER BY "leaseExpiresAt"`,
} as const;

/**
 * Reserves up to `limit` runnable jobs in one statement and returns them. SKIP LOCKED lets concurrent
 * workers claim disjoint jobs without waiting for each other.
 */
async function claimJobs(sql: SqlQuery, options: LocalWorkerOptions, which: keyof typeof CLAIMABLE, limit: number, now: Date): Promise<ClaimedJob[]> {
  if (limit <= 0) return [];
  const leaseExpiresAt = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const rows = await sql<ClaimedJob>(
    `UPDATE "ExecutionJob" j
     SET status = 'RUNNING', "leaseOwner" = $1, "leaseExpiresAt" = $2::timestamp(3), attempts = j.attempts + 1, "updatedAt" = $3::timestamp(3)
     WHERE j.id IN (SELECT id FROM "ExecutionJob" WHERE ${CLAIMABLE[which]} LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING j.id, j."eventId", j."eventName", j.payload, j.attempts, j."maxAttempts", j.result, j."organizationId"`,
    [options.workerId, dbTimestamp(leaseExpiresAt), dbTimestamp(now), limit],
  );
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts), maxAttempts: Number(row.maxAttempts) }));
}

/** Makes the jobs leased to `workerId` claimable now: called when a worker of that id starts. */
async function releaseOwnJobs(sql: SqlQuery, workerId: string, now: Date): Promise<void> {
  await sql(`UPDATE "ExecutionJob" SET "leaseExpiresAt" = $2::timestamp(3) WHERE status = 'RUNNING' AND "leaseOwner" = $1`, [
    workerId,
    dbTimestamp(new Date(now.getTime() - 1)),
  ]);
}

/**
 * Deletes COMPLETED jobs that finished before `before`, in batches of PRUNE_BATCH (at most
 * PRUNE_MAX_BATCHES per call), so the queue's table stays the size of its recent work. Failed jobs
 * are kept for the operators. Returns how many were deleted.
 */
export async function pruneFinishedJobs(sql: SqlQuery, before: Date): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < PRUNE_MAX_BATCHES; batch++) {
    // runAt <= completedAt bounds the index range; completedAt is the rule.
    const rows = await sql<{ id: string }>(
      `DELETE FROM "ExecutionJob" WHERE id IN (
         SELECT id FROM "ExecutionJob"
         WHERE status = 'COMPLETED' AND "runAt" < $1::timestamp(3) AND "completedAt" < $1::timestamp(3)
         LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [dbTimestamp(before)],
    );
    deleted += rows.length;
    if (rows.length < PRUNE_BATCH) break;
  }
  return deleted;
}

/**
 * Runs one claimed job's handler and records the outcome in one statement: COMPLETED, or a retry
 * after 2^attempts seconds (half of it to all of it, so retries of a burst spread out), or FAILED once
 * `maxAttempts` is used up. Writes are conditional on still holding the lease, so a worker that lost
 * its job to another cannot overwrite that worker's result.
 */
async function processJob(options: LocalWorkerOptions, sql: SqlQuery, job: ClaimedJob): Promise<void> {
  const { db, workerId } = options;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? console;
  const steps = createJobStepTools(sql, job, workerId, clock, logger);
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
    sql(`UPDATE "ExecutionJob" SET "leaseExpiresAt" = $3::timestamp(3) WHERE id = $1 AND status = 'RUNNING' AND "leaseOwner" = $2`, [
      job.id,
      workerId,
      dbTimestamp(new Date(clock().getTime() + leaseMs)),
    ]).catch((error) => logger.error(`[worker ${workerId}] could not renew the lease of job ${job.id}: ${describeError(error)}`));
  }, leaseMs / 3);
  let end: { status: "COMPLETED" | "PENDING" | "FAILED"; result: unknown; lastError: string | null; completedAt: Date | null; runAt: Date | null };
  try {
    const handler = options.handlers[job.eventName as EventName];
    if (!handler) throw new Error(`No handler registered for "${job.eventName}"`);
    const output = await handler({ id: job.eventId, name: job.eventName as EventName, data: job.payload }, steps);
    await steps.settle();
    end = { status: "COMPLETED", result: { steps: steps.results, output: toJson(output) }, lastError: null, completedAt: clock(), runAt: null };
    transition({ operation: "TASK", reasonCode: REASON_CODES.TASK_COMPLETED, metadata: { durationMs: clock().getTime() - startedAt.getTime() } });
  } catch (error) {
    await steps.settle();
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
    logger.error(
      `[worker ${workerId}] job ${job.id} (${job.eventName}) failed on attempt ${job.attempts}/${job.maxAttempts}${isExhausted ? ", giving up" : ""}: ${message}`,
    );
    const backoffMs = 2 ** job.attempts * 1000;
    const runAt = isExhausted ? null : new Date(clock().getTime() + Math.round(backoffMs / 2 + Math.random() * (backoffMs / 2)));
    end = {
      status: isExhausted ? "FAILED" : "PENDING",
      result: { steps: steps.results },
      lastError: message,
      completedAt: isExhausted ? clock() : null,
      runAt,
    };
    transition(
      isExhausted
        ? { operation: "TASK", reasonCode: REASON_CODES.TASK_FAILED, metadata: { error: message } }
        : {
            operation: "RETRY",
            reasonCode: REASON_CODES.TASK_RETRY_SCHEDULED,
            metadata: { error: message, runAt: runAt!.toISOString(), maxAttempts: job.maxAttempts },
          },
    );
  } finally {
    clearInterval(renewal);
  }
  await sql(
    `UPDATE "ExecutionJob"
     SET status = $3::"JobStatus", result = $4::jsonb, "lastError" = $5, "completedAt" = $6::timestamp(3),
         "runAt" = COALESCE($7::timestamp(3), "runAt"), "leaseExpiresAt" = NULL, "updatedAt" = $8::timestamp(3)
     WHERE id = $1 AND status = 'RUNNING' AND "leaseOwner" = $2`,
    [
      job.id,
      workerId,
      end.status,
      JSON.stringify(end.result),
      end.lastError,
      end.completedAt ? dbTimestamp(end.completedAt) : null,
      end.runAt ? dbTimestamp(end.runAt) : null,
      dbTimestamp(clock()),
    ],
  );
}

/**
 * `step.run` for local jobs: a finished step is not run again when the job is retried. Its result is
 * saved before the next step starts (so no later side effect can happen without it), with the job's
 * final write, or STEP_SAVE_DELAY_MS later, whichever comes first: a one-step handler costs no extra
 * write, and a crash loses at most a step whose caller had not moved on yet.
 */
function createJobStepTools(
  sql: SqlQuery,
  job: ClaimedJob,
  workerId: string,
  clock: () => Date,
  logger: Pick<Console, "error">,
): StepTools & { results: Record<string, Prisma.InputJsonValue | null>; settle(): Promise<void> } {
  const saved = (job.result as { steps?: Record<string, Prisma.InputJsonValue | null> } | null)?.steps;
  const results: Record<string, Prisma.InputJsonValue | null> = { ...saved };
  let isUnsaved = false;
  let saving: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!isUnsaved) return saving;
    isUnsaved = false;
    const snapshot = JSON.stringify({ steps: results });
    saving = saving
      .catch(() => {})
      .then(async () => {
        await sql(`UPDATE "ExecutionJob" SET result = $3::jsonb, "updatedAt" = $4::timestamp(3) WHERE id = $1 AND status = 'RUNNING' AND "leaseOwner" = $2`, [
          job.id,
          workerId,
          snapshot,
          dbTimestamp(clock()),
        ]);
      });
    return saving;
  };
  return {
    results,
    async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
      if (id in results) return results[id] as T;
      await save();
      const value = toJson(await fn());
      results[id] = value;
      isUnsaved = true;
      timer = setTimeout(() => {
        save().catch((error) => logger.error(`[worker ${workerId}] could not save a step of job ${job.id}: ${describeError(error)}`));
      }, STEP_SAVE_DELAY_MS);
      timer.unref?.();
      // The stored JSON, not the live value, so a first run and a retry see the same shape (as on Inngest).
      return value as T;
    },
    /** Stops the delayed save; the job's final write carries every result. */
    async settle() {
      clearTimeout(timer);
      timer = undefined;
      await saving.catch(() => {});
    },
  };
}

/** ±20%, so workers that started together do not poll together. */
function withJitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

/** Stored timestamps are UTC without zone. */
function dbTimestamp(at: Date): string {
  return at.toISOString().replace("Z", "");
}

function toJson(value: unknown): Prisma.InputJsonValue | null {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
