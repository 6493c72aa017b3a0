// Usage: DATABASE_URL=postgres://… bun run worker
// A worker process without a web server: the same handlers and the same database as the web app,
// claiming jobs from the shared PostgreSQL. Settings: SWITCHYARD_WORKER_CONCURRENCY (default 50),
// SWITCHYARD_WORKER_ID (a stable name, unique among live workers, lets a restarted worker take its
// jobs back at once), SWITCHYARD_WORKER_POLL_MS, SWITCHYARD_WORKER_LISTEN=0, SWITCHYARD_JOB_RETENTION_HOURS.
// With NATS_URL set it runs the NATS bridge too (see the README's NATS section), so the runs it
// finishes are announced and it takes its share of incoming events; OTEL_EXPORTER_OTLP_ENDPOINT traces its runs.
// SIGTERM or SIGINT finishes the jobs in flight, then exits; a second signal exits at once.
import { createDatabase } from "@switchyard/database";
import { startNatsBridgeIfConfigured } from "../src/bridge/start.ts";
import { readWorkerSettings, separateWorkerProblem, startExecution } from "../src/execution/worker-process.ts";
import { startTracing } from "../src/telemetry/otel-setup.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(`[worker] refusing to start: DATABASE_URL is not set. ${separateWorkerProblem({ kind: "pglite" })}`);
  process.exit(2);
}

let settings: ReturnType<typeof readWorkerSettings>;
try {
  settings = readWorkerSettings();
} catch (error) {
  console.error(`[worker] ${(error as Error).message}`);
  process.exit(2);
}

const database = await createDatabase({ url }).catch((error: Error) => {
  console.error(`[worker] could not open the database: ${error.message}`);
  process.exit(1);
});
// With OTEL_EXPORTER_OTLP_ENDPOINT set, the runs this worker executes are traced; without it, nothing is.
const tracing = await startTracing();
const execution = await startExecution(database, { role: "worker", settings });
const bridge = startNatsBridgeIfConfigured({ db: database.prisma, engine: execution.engine });

let isStopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (isStopping) process.exit(1);
    isStopping = true;
    console.log(`[worker] ${signal}: finishing the jobs in flight`);
    // The bridge stops last: the jobs finishing meanwhile still announce their runs.
    void execution
      .stop()
      .then(() => bridge?.stop())
      .then(() => tracing?.shutdown())
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error: Error) => {
          console.error(`[worker] did not stop cleanly: ${error.message}`);
          process.exit(1);
        },
      );
  });
}
