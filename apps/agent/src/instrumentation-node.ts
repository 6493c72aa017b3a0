import type { PrismaClient } from "@switchyard/database";

const SCHEDULER_INTERVAL_MS = 60_000;

/**
 * Runs once when the Node.js server starts: seeds the demo organization and, in local mode, starts
 * the job worker and the scheduler.
 */
export async function registerNode(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Dev servers may call register again in one process; the worker and timer must start only once.
  const state = globalThis as typeof globalThis & { switchyardBackground?: Promise<void> };
  state.switchyardBackground ??= startBackgroundWork().catch((error) => {
    console.error(`[switchyard] background work did not start: ${(error as Error).message}`);
  });
  await state.switchyardBackground;
}

async function startBackgroundWork(): Promise<void> {
  const { getDatabase } = await import("@switchyard/database");
  const { prisma } = await getDatabase();

  if (process.env.SWITCHYARD_DEMO === "0") {
    console.log("[switchyard] demo organization not seeded (SWITCHYARD_DEMO=0)");
  } else {
    try {
      const { ensureDemoOrganization } = await import("@switchyard/core/demo/index");
      const wasCreated = await ensureDemoOrganization(prisma);
      console.log(`[switchyard] demo organization ${wasCreated ? "seeded" : "already present"}`);
    } catch (error) {
      console.error(`[switchyard] demo organization not seeded (the app still starts): ${(error as Error).message}`);
    }
  }
  const { isSetupAvailable } = await import("@switchyard/core/tenancy/organizations");
  if (await isSetupAvailable(prisma)) {
    console.log(`[switchyard] first-run setup is open: create your organization at ${process.env.BETTER_AUTH_URL ?? "http://localhost:3000"}/setup`);
  }

  await startNatsBridgeIfConfigured(prisma);

  const { isInngestMode } = await import("@/lib/engine");
  if (isInngestMode()) {
    console.log("[switchyard] execution engine: Inngest (functions served at /api/inngest)");
    return;
  }

  const [{ hostname }, { createEventHandlers }, { createLocalEngine, startLocalWorker }, { tickAllSchedules }, { recoverStaleRuns }] = await Promise.all([
    import("node:os"),
    import("@switchyard/core/execution/handlers"),
    import("@switchyard/core/execution/local-engine"),
    import("@switchyard/core/scheduler"),
    import("@switchyard/core/execution/recovery"),
  ]);
  const workerId = `local:${hostname()}:${process.pid}`;
  const engine = createLocalEngine(prisma);
  // Runs a previous process left RUNNING are continued from their persisted steps or failed clearly.
  const recovered = await recoverStaleRuns(prisma, engine).catch((error) => {
    console.error(`[switchyard] stale-run recovery failed: ${(error as Error).message}`);
    return null;
  });
  if (recovered) console.log(`[switchyard] recovery: ${recovered.redispatched.length} re-dispatched, ${recovered.failed.length} failed`);
  startLocalWorker({ db: prisma, handlers: createEventHandlers({ db: prisma, workerId }), workerId });

  const tick = () => tickAllSchedules(prisma, engine).catch((error) => console.error(`[switchyard] scheduler tick failed: ${(error as Error).message}`));
  void tick();
  setInterval(tick, SCHEDULER_INTERVAL_MS).unref();
  console.log(`[switchyard] execution engine: local (worker ${workerId}, scheduler every ${SCHEDULER_INTERVAL_MS / 1000}s)`);
}

/**
 * With NATS_URL set, the bridge consumes incoming events and publishes run and approval events. It
 * starts in the background: a NATS that is down delays the bridge, never the app.
 */
async function startNatsBridgeIfConfigured(prisma: PrismaClient): Promise<void> {
  const { natsBridgeConfigFromEnv } = await import("@switchyard/core/bridge/config");
  const config = natsBridgeConfigFromEnv();
  if (!config) return;
  const [{ startNatsBridge }, { getEngine }] = await Promise.all([import("@switchyard/core/bridge/nats"), import("@/lib/engine")]);
  const engine = await getEngine();
  const connect = (attempt: number): void => {
    startNatsBridge({ db: prisma, engine, ...config }).then(
      (bridge) => {
        // No stop on exit: a message in hand when the process dies is redelivered after the ack wait (60 s).
        console.log(`[switchyard] NATS bridge: consuming stream ${bridge.stream} as ${bridge.durable}, subjects ${bridge.subjectPrefix}.<org>.*`);
      },
      (error: Error) => {
        const delayMs = Math.min(60_000, 2_000 * 2 ** attempt);
        console.error(`[switchyard] NATS bridge did not start (${error.message}); trying again in ${delayMs / 1000}s`);
        setTimeout(() => connect(attempt + 1), delayMs).unref();
      },
    );
  };
  connect(0);
}
