/**
 * Runs once when the Node.js server starts: seeds the demo organization and, in local mode, starts
 * the job worker and the scheduler (unless SWITCHYARD_WEB_WORKER=0 leaves them to `bun run worker`).
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
  const database = await getDatabase();
  const { prisma } = database;

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
  // After the demo seed, so the runs it replays into history are not exported as new traces.
  await startTracingIfConfigured();
  const { isSetupAvailable } = await import("@switchyard/core/tenancy/organizations");
  if (await isSetupAvailable(prisma)) {
    console.log(`[switchyard] first-run setup is open: create your organization at ${process.env.BETTER_AUTH_URL ?? "http://localhost:3000"}/setup`);
  }

  const [{ startNatsBridgeIfConfigured }, { getEngine, isInngestMode }] = await Promise.all([import("@switchyard/core/bridge/start"), import("@/lib/engine")]);
  // With NATS_URL set. No stop on exit: a message in hand when the process dies is redelivered after the ack wait (60 s).
  startNatsBridgeIfConfigured({ db: prisma, engine: await getEngine() });

  if (isInngestMode()) {
    console.log("[switchyard] execution engine: Inngest (functions served at /api/inngest)");
    return;
  }

  const { readWorkerSettings, separateWorkerProblem, startExecution } = await import("@switchyard/core/execution/worker-process");
  const settings = readWorkerSettings();
  if (!settings.isWebWorkerEnabled) {
    if (separateWorkerProblem(database) === null) {
      console.log("[switchyard] this web process does not execute jobs (SWITCHYARD_WEB_WORKER=0): run `bun run worker` beside it");
      return;
    }
    console.warn("[switchyard] SWITCHYARD_WEB_WORKER=0 ignored: on the embedded database no other process can execute, so this one does");
  }
  await startExecution(database, { role: "web", settings });
}

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) set, runs are traced over
 * OTLP/HTTP. Spans still buffered when the server is told to stop are flushed while Next closes it
 * (best effort: Next exits once it has closed).
 */
async function startTracingIfConfigured(): Promise<void> {
  const { startTracing } = await import("@switchyard/core/telemetry/otel-setup");
  const tracing = await startTracing();
  if (!tracing) return;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      tracing.shutdown().catch((error: Error) => console.error(`[switchyard] spans not flushed: ${error.message}`));
    });
  }
}
