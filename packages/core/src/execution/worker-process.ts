import { hostname } from "node:os";
import type { Database } from "@switchyard/database";
import { compactRunRollups } from "../runs/rollups.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { EVENT_NAMES, type ExecutionEngine } from "./events.ts";
import { createEventHandlers } from "./handlers.ts";
import { createLocalEngine, DEFAULT_WORKER_CONCURRENCY, JOBS_CHANNEL, startLocalWorker } from "./local-engine.ts";
import { recoverStaleRuns, releaseRunsOf } from "./recovery.ts";

/** How often a scheduler tick is enqueued; one tick per interval runs, whichever worker claims it. */
export const SCHEDULER_INTERVAL_MS = 60_000;
/** How often the run rollups' shards of past periods are folded together. */
const COMPACT_EVERY_MS = 5 * 60_000;

export interface WorkerSettings {
  /** SWITCHYARD_WORKER_CONCURRENCY: jobs one process runs at once (default 50). */
  concurrency: number;
  /** SWITCHYARD_WEB_WORKER: whether the web process executes jobs too (default yes; `0` leaves it to `bun run worker`). */
  isWebWorkerEnabled: boolean;
  /** SWITCHYARD_WORKER_ID: a stable name lets a restarted worker take back its jobs at once; unique among live workers. */
  workerId: string | null;
  /** SWITCHYARD_WORKER_POLL_MS: the fallback poll (default 500 ms). */
  pollIntervalMs: number | undefined;
  /** SWITCHYARD_WORKER_LISTEN=0 turns the LISTEN/NOTIFY wake-up off (the poll alone then finds work). */
  isListenEnabled: boolean;
  /** SWITCHYARD_JOB_RETENTION_HOURS: how long COMPLETED jobs are kept (default 24; 0 keeps them). */
  retentionMs: number | undefined;
}

export function readWorkerSettings(env: Record<string, string | undefined> = process.env): WorkerSettings {
  return {
    concurrency: positiveInteger(env.SWITCHYARD_WORKER_CONCURRENCY, "SWITCHYARD_WORKER_CONCURRENCY") ?? DEFAULT_WORKER_CONCURRENCY,
    isWebWorkerEnabled: !isOff(env.SWITCHYARD_WEB_WORKER),
    workerId: env.SWITCHYARD_WORKER_ID?.trim() || null,
    pollIntervalMs: positiveInteger(env.SWITCHYARD_WORKER_POLL_MS, "SWITCHYARD_WORKER_POLL_MS"),
    isListenEnabled: !isOff(env.SWITCHYARD_WORKER_LISTEN),
    retentionMs: env.SWITCHYARD_JOB_RETENTION_HOURS === undefined ? undefined : Number(env.SWITCHYARD_JOB_RETENTION_HOURS) * 3_600_000,
  };
}

/** Why a separate worker process cannot run against this database, or null when it can. */
export function separateWorkerProblem(database: Pick<Database, "kind">): string | null {
  return database.kind === "pglite"
    ? "The embedded database (PGlite) belongs to the one process that opened it, the web server, which runs its own worker. " +
        "Separate workers share a PostgreSQL: set DATABASE_URL=postgres://… for the web and worker processes alike."
    : null;
}

export interface ExecutionOptions {
  /** Shown on the admin page and recorded on leases and runs; defaults to `<role>:<host>:<pid>`. */
  workerId?: string;
  role: "web" | "worker";
  settings?: WorkerSettings;
  logger?: Pick<Console, "log" | "error">;
}

export interface Execution {
  engine: ExecutionEngine;
  workerId: string;
  stop(): Promise<void>;
}

/**
 * Everything a process does to execute work, the web server's embedded worker and `bun run worker`
 * alike: recover runs a stopped worker left behind, run the job worker over the same handlers (woken by
 * NOTIFY on PostgreSQL, in-process on PGlite) and enqueue a scheduler tick every minute (its event id
 * names the minute, so of many processes one tick runs) and fold the run rollups' past shards every
 * few minutes. Holds the system client (PrismaClient).
 */
export async function startExecution(database: Database, options: ExecutionOptions): Promise<Execution> {
  const settings = options.settings ?? readWorkerSettings();
  const logger = options.logger ?? console;
  const workerId = options.workerId ?? settings.workerId ?? `${options.role === "web" ? "local" : "worker"}:${hostname()}:${process.pid}`;
  const { prisma } = database;
  const engine = createLocalEngine(prisma, { sql: database.query });

  // Runs a previous process left RUNNING are continued from their persisted steps or failed clearly.
  const recovered = await recoverStaleRuns(prisma, engine).catch((error) => {
    logger.error(`[switchyard] stale-run recovery failed: ${(error as Error).message}`);
    return null;
  });
  if (recovered) logger.log(`[switchyard] recovery: ${recovered.redispatched.length} re-dispatched, ${recovered.failed.length} failed`);
  // Only a stable id names a previous incarnation: a generated one (host and pid) is new every start.
  if (options.workerId ?? settings.workerId) {
    await releaseRunsOf(prisma, workerId).catch((error) =>
      logger.error(`[switchyard] could not release ${workerId}'s earlier runs: ${(error as Error).message}`),
    );
  }

  const worker = startLocalWorker({
    db: prisma,
    sql: database.query,
    handlers: createEventHandlers({ db: prisma, workerId, engine }),
    workerId,
    concurrency: settings.concurrency,
    pollIntervalMs: settings.pollIntervalMs,
    retentionMs: settings.retentionMs,
    listen: database.kind === "postgres" && settings.isListenEnabled ? (wake) => database.listen(JOBS_CHANNEL, wake) : undefined,
    logger,
  });

  const tick = () => {
    const slot = new Date(Math.floor(Date.now() / SCHEDULER_INTERVAL_MS) * SCHEDULER_INTERVAL_MS);
    engine
      .send({ id: `scheduler/tick:${slot.toISOString()}`, name: EVENT_NAMES.schedulerTick, data: {} })
      .catch((error) => logger.error(`[switchyard] scheduler tick not enqueued: ${(error as Error).message}`));
  };
  tick();
  const clock = setInterval(tick, SCHEDULER_INTERVAL_MS);
  clock.unref();
  let compacting: Promise<unknown> | null = null;
  const compaction = setInterval(() => {
    compacting ??= compactRunRollups(database.query)
      .catch((error) => logger.error(`[switchyard] run rollups not compacted: ${(error as Error).message}`))
      .finally(() => (compacting = null));
  }, COMPACT_EVERY_MS);
  compaction.unref();
  logger.log(
    `[switchyard] execution engine: local (${options.role} worker ${workerId}, ${settings.concurrency} jobs at once, ` +
      `${database.kind === "postgres" && settings.isListenEnabled ? "LISTEN/NOTIFY wake-ups" : "in-process wake-ups"}, scheduler every ${SCHEDULER_INTERVAL_MS / 1000}s)`,
  );

  return {
    engine,
    workerId,
    async stop() {
      clearInterval(clock);
      clearInterval(compaction);
      await worker.stop();
      await compacting;
      await flushRuntimeEvents();
    },
  };
}

function isOff(value: string | undefined): boolean {
  return value !== undefined && ["0", "false", "no", "off"].includes(value.trim().toLowerCase());
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return number;
}
