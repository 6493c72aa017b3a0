/**
 * Benchmarks external runner claims on PostgreSQL. `bun run --cwd packages/core bench:runner`.
 *
 * Creates a fresh database `switchyard_bench_<random>` on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), seeds one organization with an external agent and a
 * model agent, BENCH_FINISHED (default 200,000) finished agent runs and BENCH_QUEUED (default 2,000)
 * queued runs of the external agent, then for 1, 4 and 16 concurrent runners claims until nothing is
 * left, re-queueing between rounds. Prints claims per second and p50/p95/max claim latency, and checks
 * that every queued run was claimed exactly once per round. The database is dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { createDatabase, type Database } from "@switchyard/database";
import { claimRunnerRun } from "../src/runner/claims.ts";

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const FINISHED = Number(process.env.BENCH_FINISHED ?? 200_000);
const QUEUED = Number(process.env.BENCH_QUEUED ?? 2_000);
const CONCURRENCY = [1, 4, 16];

const benchName = `switchyard_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const admin = await createDatabase({ url: SERVER_URL, migrate: false });
let database: Database | null = null;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

try {
  await admin.sql.exec(`CREATE DATABASE "${benchName}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${benchName}`;
  database = await createDatabase({ url: url.toString() });
  const db = database.prisma;
  const organization = await db.organization.create({ data: { slug: "bench", name: "Bench" } });
  const common = { organizationId: organization.id, instructions: "-", modelName: "gpt-4o-mini" };
  const external = await db.agent.create({ data: { ...common, slug: "target-builder", name: "Target builder", runtime: "external" } });
  const model = await db.agent.create({ data: { ...common, slug: "writer", name: "Writer" } });
  const started = performance.now();
  await database.sql.exec(`
    INSERT INTO "AgentRun" (id, "organizationId", "agentId", status, source, input, "startedAt", "createdAt", "completedAt")
    SELECT 'done_' || g, '${organization.id}', CASE WHEN g % 2 = 0 THEN '${external.id}' ELSE '${model.id}' END, 'COMPLETED', 'schedule', '{}',
           now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
    FROM generate_series(1, ${FINISHED}) AS g;
    INSERT INTO "AgentRun" (id, "organizationId", "agentId", status, source, input, "startedAt", "createdAt")
    SELECT 'queued_' || g, '${organization.id}', '${external.id}', 'QUEUED', 'api', '{}', now(), now() + (g || ' milliseconds')::interval
    FROM generate_series(1, ${QUEUED}) AS g;`);
  await database.sql.exec(`VACUUM (ANALYZE) "AgentRun"`);
  console.log(`Database ${benchName}: ${FINISHED} finished + ${QUEUED} queued runs seeded in ${((performance.now() - started) / 1000).toFixed(1)}s`);

  for (const concurrency of CONCURRENCY) {
    await database.sql.exec(`UPDATE "AgentRun" SET status = 'QUEUED', "claimedBy" = NULL, "leaseExpiresAt" = NULL WHERE id LIKE 'queued_%'`);
    const latencies: number[] = [];
    const claimed: string[] = [];
    const roundStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, n) => {
        for (;;) {
          const t0 = performance.now();
          const run = await claimRunnerRun(db, organization.id, { runnerId: `bench-${n}`, leaseSeconds: 60, agents: ["target-builder"] });
          latencies.push(performance.now() - t0);
          if (!run) {
            // SKIP LOCKED can answer "nothing" while others hold the last rows: stop only when none is queued.
            if ((await db.agentRun.count({ where: { organizationId: organization.id, status: "QUEUED" } })) === 0) return;
            continue;
          }
          claimed.push(run.id);
        }
      }),
    );
    const seconds = (performance.now() - roundStart) / 1000;
    if (claimed.length !== QUEUED || new Set(claimed).size !== QUEUED)
      throw new Error(`Round ${concurrency}: ${claimed.length} claims of ${new Set(claimed).size} runs`);
    const sorted = latencies.sort((a, b) => a - b);
    console.log(
      `${String(concurrency).padStart(2)} runners: ${QUEUED} runs claimed once each in ${seconds.toFixed(1)}s = ${(QUEUED / seconds).toFixed(0).padStart(5)} claims/s; ` +
        `latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
  }
  const emptyLatencies: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await claimRunnerRun(db, organization.id, { runnerId: "idle", leaseSeconds: 60 });
    emptyLatencies.push(performance.now() - t0);
  }
  const sortedEmpty = emptyLatencies.sort((a, b) => a - b);
  console.log(
    `an idle poll (nothing queued, all runs claimed): p50 ${percentile(sortedEmpty, 50).toFixed(1)} ms, p95 ${percentile(sortedEmpty, 95).toFixed(1)} ms`,
  );
} finally {
  await database?.close().catch(() => {});
  await admin.sql
    .exec(`DROP DATABASE IF EXISTS "${benchName}" WITH (FORCE)`)
    .catch((error) => console.error(`Could not drop ${benchName}: ${(error as Error).message}`));
  await admin.close().catch(() => {});
}
