/**
 * Benchmarks the execution engine as it runs at scale: one web process and separate worker processes
 * (`bun run worker`) on one PostgreSQL. `bun run bench:engine`.
 *
 * It creates a fresh database `switchyard_bench_engine_<random>` on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates it and measures, each next to a baseline run
 * in the same process:
 *   1. webhook ingest: signed deliveries at BENCH_CONCURRENCY (200) through the real route handler
 *      (baseline: the same server answering without the database); then counts TriggerEvents, jobs
 *      and, once the workers have run them, runs: nothing lost, nothing twice;
 *   2. end-to-end executions/s (delivery → agent run COMPLETED) with the simulated model at 0 ms and
 *      at its default latency, with 2 workers and with 1 (baseline: 2 workers at the previous
 *      defaults, 4 jobs at once, polling every 500 ms, no LISTEN);
 *   3. delivery → run started (RUNNING) while the workers are idle (baseline: the previous defaults);
 *   4. one scheduler tick with 100, 1,000 and 10,000 schedules, every cron distinct (and all due);
 *   5. both workers killed with SIGKILL mid-burst and restarted: every delivery's run completes once.
 * The database is dropped at the end, also on failure.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_SCALE (multiplies every count; 0.05 for a quick try),
 * BENCH_CONCURRENCY, BENCH_PROFILE=1 (CPU profiles of the web and worker processes during the
 * end-to-end run, summarised), BENCH_KEEP=1 (keep the database), BENCH_ONLY=ingest,e2e,latency,scheduler,kill.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalEngine } from "@switchyard/core/execution/local-engine";
import { signWebhook } from "@switchyard/core/triggers/signature";
import { createTrigger } from "@switchyard/core/triggers/service";
import { tickAllSchedules } from "@switchyard/core/scheduler";
import { createTestOrganization } from "@switchyard/core/testing";
import { createDatabase, type Database } from "@switchyard/database";

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const PROFILE = process.env.BENCH_PROFILE === "1";
const KEEP = process.env.BENCH_KEEP === "1";
const ONLY = new Set((process.env.BENCH_ONLY ?? "ingest,e2e,latency,scheduler,kill").split(","));
const scaled = (n: number, min = 10) => Math.max(min, Math.round(n * SCALE));
const SIZES = {
  ingest: scaled(10_000),
  e2e: scaled(4_000),
  e2eSlow: scaled(1_500),
  baselineFast: scaled(1_000),
  baselineSlow: scaled(60),
  probes: scaled(100, 20),
  kill: scaled(2_000),
  schedules: [100, 1_000, 10_000].map((n) => scaled(n, 20)),
};
const DEFAULT_LATENCY_MS = 1800; // the simulated model's default (agents/simulated-model.ts)
const PREVIOUS_DEFAULTS = { SWITCHYARD_WORKER_CONCURRENCY: "4", SWITCHYARD_WORKER_POLL_MS: "500", SWITCHYARD_WORKER_LISTEN: "0" };
const PORT = 3900 + Math.floor(Math.random() * 90);
const SECRET_KEY = randomBytes(16).toString("hex");

const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const CORE_DIR = path.join(APP_DIR, "..", "..", "packages", "core");
const PROFILE_DIR = path.join(APP_DIR, "..", "..", ".bench-profiles");

// ───────────────────────────── processes ─────────────────────────────

interface Child {
  name: string;
  process: ChildProcess;
  output: string[];
}

const children = new Set<Child>();

function start(name: string, cwd: string, script: string, env: Record<string, string>, readyLine: RegExp): Promise<Child> {
  const profile =
    // One directory per process: tsx's loader thread writes a profile of its own, which a fixed file name would let overwrite the main thread's.
    PROFILE && env.BENCH_PROFILE_NAME ? ["--cpu-prof", `--cpu-prof-dir=${path.join(PROFILE_DIR, env.BENCH_PROFILE_NAME)}`] : [];
  const child: Child = {
    name,
    process: spawn(process.execPath, [...profile, "--import", "tsx", script], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }),
    output: [],
  };
  children.add(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${child.output.join("")}`)), 120_000);
    const onData = (chunk: Buffer) => {
      child.output.push(chunk.toString());
      if (child.output.length > 200) child.output.splice(0, 100);
      if (readyLine.test(chunk.toString())) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.process.stdout?.on("data", onData);
    child.process.stderr?.on("data", onData);
    child.process.once("exit", (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${child.output.join("")}`));
    });
  });
}

async function stop(child: Child, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once("exit", () => resolve()));
  child.process.kill(signal);
  await exited;
  children.delete(child);
}

const startWeb = (databaseUrl: string) =>
  start(
    "web",
    APP_DIR,
    "scripts/bench-web.ts",
    { DATABASE_URL: databaseUrl, NODE_ENV: "production", BENCH_WEB_PORT: String(PORT), SWITCHYARD_SECRET_KEY: SECRET_KEY, BENCH_PROFILE_NAME: "web" },
    /listening/,
  );

const startWorker = (databaseUrl: string, id: string, env: Record<string, string> = {}) =>
  start(
    id,
    CORE_DIR,
    "scripts/worker.ts",
    { DATABASE_URL: databaseUrl, SWITCHYARD_WORKER_ID: id, SWITCHYARD_SECRET_KEY: SECRET_KEY, BENCH_PROFILE_NAME: id, ...env },
    /execution engine: local/,
  );

/** CPU seconds (user + system) of a process and its threads, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL process on this machine (the server is local). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") total += cpuSeconds(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** Where the CPU went while `work` ran: each child, PostgreSQL, this process (the load generator). */
async function withCpuSplit<T>(processes: Child[], work: () => Promise<T>): Promise<{ result: T; split: string }> {
  const before = processes.map((p) => cpuSeconds(p.process.pid!));
  const pgBefore = postgresCpuSeconds();
  const selfBefore = process.cpuUsage();
  const wallStart = performance.now();
  const result = await work();
  const wall = (performance.now() - wallStart) / 1000;
  const self = process.cpuUsage(selfBefore);
  const parts = [
    ...processes.map((p, i) => [p.name, cpuSeconds(p.process.pid!) - before[i]] as const),
    ["postgres", postgresCpuSeconds() - pgBefore] as const,
    ["load generator", (self.user + self.system) / 1e6] as const,
  ];
  const split = parts.map(([name, seconds]) => `${name} ${((seconds / wall) * 100).toFixed(0)}%`).join(", ");
  return { result, split: `${split} of one core over ${wall.toFixed(1)} s (2 cores = 200%)` };
}

// ───────────────────────────── load ─────────────────────────────

interface Delivery {
  body: string;
  signature: string;
}

function deliveriesFor(secret: string, count: number, tag: string): Delivery[] {
  const t = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, n) => {
    const body = JSON.stringify({ bench: tag, n, topic: `delivery ${n}` });
    return { body, signature: signWebhook(secret, body, t) };
  });
}

interface LoadResult {
  startedAt: number;
  durationMs: number;
  latencies: number[];
  statuses: Map<number, number>;
  triggerEventIds: string[];
  sentAt: number[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

function post(pathname: string, delivery: Delivery | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: pathname,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", ...(delivery ? { "x-switchyard-signature": delivery.signature } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    request.on("error", reject);
    request.end(delivery?.body ?? "{}");
  });
}

/** Sends every delivery with `concurrency` in flight; records each one's latency, status and TriggerEvent id. */
async function load(pathname: string, deliveries: (Delivery | null)[], concurrency = CONCURRENCY): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const triggerEventIds: string[] = [];
  const sentAt: number[] = new Array(deliveries.length);
  let next = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, deliveries.length) }, async () => {
      while (next < deliveries.length) {
        const index = next++;
        const begin = performance.now();
        sentAt[index] = Date.now();
        const answer = await post(pathname, deliveries[index]).catch(() => ({ status: 0, body: "" }));
        latencies.push(performance.now() - begin);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 202 && answer.body.includes("triggerEventId")) triggerEventIds.push(JSON.parse(answer.body).triggerEventId);
      }
    }),
  );
  return { startedAt, durationMs: performance.now() - t0, latencies, statuses, triggerEventIds, sentAt };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(100);
  }
}

// ───────────────────────────── report ─────────────────────────────

interface Row {
  case: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}
const rows: Row[] = [];
const notes: string[] = [];

function report(row: Row) {
  rows.push(row);
  console.log(`  ${row.case}: ${row.figure} (baseline ${row.baseline}; ${row.ratio}) target ${row.target}: ${row.met}`);
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ───────────────────────────── main ─────────────────────────────

const benchName = `switchyard_bench_engine_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const admin = await createDatabase({ url: SERVER_URL, migrate: false });
let database: Database | null = null;
let exitCode = 0;

async function cleanup() {
  for (const child of [...children]) await stop(child, "SIGKILL").catch(() => {});
  await database?.close().catch(() => {});
  if (KEEP) console.log(`\nKept database ${benchName} (BENCH_KEEP=1).`);
  else {
    await admin.sql
      .exec(`DROP DATABASE IF EXISTS "${benchName}" WITH (FORCE)`)
      .catch((e) => console.error(`Could not drop ${benchName}: ${(e as Error).message}`));
    console.log(`\nDropped database ${benchName}.`);
  }
  await admin.close().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

try {
  process.env.SWITCHYARD_SECRET_KEY = SECRET_KEY;
  await admin.sql.exec(`CREATE DATABASE "${benchName}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${benchName}`;
  const databaseUrl = url.toString();
  database = await createDatabase({ url: databaseUrl });
  const db = database;
  console.log(`Database ${benchName}; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}; sizes ${JSON.stringify(SIZES)}`);
  if (PROFILE) mkdirSync(PROFILE_DIR, { recursive: true });

  const org = await createTestOrganization(db.prisma, { agentSlug: "bench-agent" });
  const ctx = org.ctx("ADMIN");
  const setLatency = (latencyMs: number) => db.prisma.agent.update({ where: { id: org.agent.id }, data: { simulation: { failureRate: 0, latencyMs } } });
  const newTrigger = async (name: string) => {
    const { trigger, secret } = await createTrigger(ctx, "agent", "bench-agent", { type: "webhook", name });
    return { id: trigger.id, path: `/api/webhooks/${trigger.webhookPath}`, secret: secret! };
  };
  const count = async (sql: string, params: unknown[]) => Number((await db.query<{ n: string | number }>(sql, params))[0]?.n ?? 0);
  const runsOf = (triggerId: string, status?: string) =>
    count(`SELECT count(*) AS n FROM "AgentRun" WHERE "triggerId" = $1 ${status ? `AND status = '${status}'` : ""}`, [triggerId]);
  /** Deliveries → completed runs: executions/s from the first delivery to the last completion. */
  const endToEnd = async (label: string, trigger: Awaited<ReturnType<typeof newTrigger>>, n: number) => {
    const deliveries = deliveriesFor(trigger.secret, n, label);
    const sent = await load(trigger.path, deliveries);
    const accepted = sent.statuses.get(202) ?? 0;
    await until(
      `${label}: ${accepted} runs completed`,
      () => runsOf(trigger.id, "COMPLETED"),
      (done) => done >= accepted,
    );
    const [{ last }] = await db.query<{ last: Date }>(`SELECT max("completedAt") AS last FROM "AgentRun" WHERE "triggerId" = $1`, [trigger.id]);
    const seconds = (last.getTime() - sent.startedAt) / 1000;
    return { perSecond: accepted / seconds, accepted, seconds, ingestPerSecond: accepted / (sent.durationMs / 1000) };
  };

  const web = await startWeb(databaseUrl);
  const warm = await newTrigger("warm-up");
  await load(warm.path, deliveriesFor(warm.secret, scaled(400, 50), "warm-up"));
  await load(
    "/noop",
    Array.from({ length: scaled(1000, 50) }, () => null),
  );

  // ── 1. ingest ──
  if (ONLY.has("ingest")) {
    console.log(`\n1. Webhook ingest: ${SIZES.ingest} deliveries at concurrency ${CONCURRENCY} (web process only)`);
    const noop = await load(
      "/noop",
      Array.from({ length: SIZES.ingest }, () => null),
    );
    const trigger = await newTrigger("ingest");
    const deliveries = deliveriesFor(trigger.secret, SIZES.ingest, "ingest");
    const { result: ingest, split } = await withCpuSplit([web], () => load(trigger.path, deliveries));
    const accepted = ingest.statuses.get(202) ?? 0;
    const perSecond = accepted / (ingest.durationMs / 1000);
    const noopPerSecond = SIZES.ingest / (noop.durationMs / 1000);
    const events = await count(`SELECT count(*) AS n FROM "TriggerEvent" WHERE "triggerId" = $1`, [trigger.id]);
    const distinct = new Set(ingest.triggerEventIds).size;
    const jobs = await count(
      `SELECT count(*) AS n FROM "ExecutionJob" WHERE "eventId" IN (SELECT 'trigger-event:' || id FROM "TriggerEvent" WHERE "triggerId" = $1)`,
      [trigger.id],
    );
    console.log(
      `  statuses ${JSON.stringify(Object.fromEntries(ingest.statuses))}; TriggerEvents ${events}, distinct ids answered ${distinct}, jobs ${jobs}; CPU: ${split}`,
    );
    report({
      case: `webhook ingest, ${fmt(SIZES.ingest)} deliveries at ${CONCURRENCY} concurrent`,
      figure: `${fmt(perSecond)} accepted/s`,
      baseline: `${fmt(noopPerSecond)}/s (same server, no database)`,
      ratio: `${(perSecond / noopPerSecond).toFixed(2)}×`,
      target: "≥ 1,500/s",
      met: perSecond >= 1500 ? "met" : "not met",
    });
    report({
      case: "webhook ingest latency p50 / p99",
      figure: `${percentile(ingest.latencies, 50).toFixed(1)} / ${percentile(ingest.latencies, 99).toFixed(1)} ms`,
      baseline: `${percentile(noop.latencies, 50).toFixed(1)} / ${percentile(noop.latencies, 99).toFixed(1)} ms`,
      ratio: `${(percentile(ingest.latencies, 99) / percentile(noop.latencies, 99)).toFixed(1)}× p99`,
      target: "p99 < 50 ms",
      met: percentile(ingest.latencies, 99) < 50 ? "met" : "not met",
    });
    // Then let two workers run the backlog: every accepted delivery must become exactly one completed run.
    const workers = [await startWorker(databaseUrl, "bench-w1"), await startWorker(databaseUrl, "bench-w2")];
    const drainStart = Date.now();
    await until(
      "the ingested deliveries' runs",
      () => runsOf(trigger.id, "COMPLETED"),
      (done) => done >= accepted,
    );
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const runs = await runsOf(trigger.id);
    const runEvents = await count(`SELECT count(DISTINCT "triggerEventId") AS n FROM "AgentRun" WHERE "triggerId" = $1`, [trigger.id]);
    const lost = accepted - Math.min(events, runEvents);
    const duplicated = events - distinct + (runs - runEvents);
    console.log(
      `  drained by 2 workers in ${drainSeconds.toFixed(1)} s (${fmt(accepted / drainSeconds)}/s): runs ${runs}, distinct TriggerEvents with a run ${runEvents}`,
    );
    report({
      case: "ingest: lost / duplicated (TriggerEvents and runs counted afterwards)",
      figure: `${lost} lost, ${duplicated} duplicated (${fmt(events)} TriggerEvents, ${fmt(runs)} runs)`,
      baseline: "-",
      ratio: "-",
      target: "0 / 0",
      met: lost === 0 && duplicated === 0 && events === accepted && accepted === SIZES.ingest ? "met" : "not met",
    });
    for (const worker of workers) await stop(worker);
  }

  // ── 2. end to end ──
  if (ONLY.has("e2e")) {
    console.log("\n2. End to end: delivery → agent run COMPLETED (1 web + workers)");
    await setLatency(0);
    const baselineWorkers = [
      await startWorker(databaseUrl, "bench-old-1", PREVIOUS_DEFAULTS),
      await startWorker(databaseUrl, "bench-old-2", PREVIOUS_DEFAULTS),
    ];
    const oldFast = await endToEnd("baseline-fast", await newTrigger("baseline fast"), SIZES.baselineFast);
    await setLatency(DEFAULT_LATENCY_MS);
    const oldSlow = await endToEnd("baseline-slow", await newTrigger("baseline slow"), SIZES.baselineSlow);
    for (const worker of baselineWorkers) await stop(worker);

    await setLatency(0);
    const workers = [await startWorker(databaseUrl, "bench-w1"), await startWorker(databaseUrl, "bench-w2")];
    const twoTrigger = await newTrigger("two workers");
    const { result: two, split } = await withCpuSplit([web, ...workers], () => endToEnd("two workers", twoTrigger, SIZES.e2e));
    console.log(`  2 workers, 0 ms: ${fmt(two.perSecond)}/s over ${two.seconds.toFixed(1)} s (ingest side ${fmt(two.ingestPerSecond)}/s); CPU: ${split}`);
    report({
      case: `end-to-end, simulated model 0 ms, 1 web + 2 workers (${fmt(two.accepted)} runs)`,
      figure: `${fmt(two.perSecond)} executions/s`,
      baseline: `${fmt(oldFast.perSecond)}/s (2 workers, previous defaults)`,
      ratio: `${(two.perSecond / oldFast.perSecond).toFixed(2)}×`,
      target: "≥ 500/s",
      met: two.perSecond >= 500 ? "met" : "not met",
    });
    notes.push(`End-to-end CPU split (2 workers, 0 ms): ${split}.`);

    await stop(workers[1]);
    const one = await endToEnd("one worker", await newTrigger("one worker"), SIZES.e2e);
    report({
      case: `end-to-end, 0 ms, 1 web + 1 worker (${fmt(one.accepted)} runs)`,
      figure: `${fmt(one.perSecond)} executions/s`,
      baseline: `${fmt(two.perSecond)}/s (2 workers)`,
      ratio: `${(one.perSecond / two.perSecond).toFixed(2)}×`,
      target: "reported",
      met: "-",
    });
    workers[1] = await startWorker(databaseUrl, "bench-w2");
    await setLatency(DEFAULT_LATENCY_MS);
    const slow = await endToEnd("default latency", await newTrigger("default latency"), SIZES.e2eSlow);
    report({
      case: `end-to-end, simulated model ${DEFAULT_LATENCY_MS} ms (±50%), 1 web + 2 workers × 50 jobs (${fmt(slow.accepted)} runs)`,
      figure: `${fmt(slow.perSecond, 1)} executions/s`,
      baseline: `${fmt(oldSlow.perSecond, 1)}/s (2 workers × 4 jobs)`,
      ratio: `${(slow.perSecond / oldSlow.perSecond).toFixed(1)}×`,
      target: `reported (bound: 100 jobs in flight / ${DEFAULT_LATENCY_MS / 1000} s = ${fmt(100 / (DEFAULT_LATENCY_MS / 1000))}/s)`,
      met: "-",
    });
    for (const worker of workers) await stop(worker);
  }

  // ── 3. delivery → run started, idle ──
  if (ONLY.has("latency")) {
    console.log("\n3. Delivery → run started (RUNNING), workers idle");
    await setLatency(0);
    const probe = async (label: string, n: number) => {
      const trigger = await newTrigger(label);
      const deliveries = deliveriesFor(trigger.secret, n, label);
      const latencies: number[] = [];
      for (const delivery of deliveries) {
        const sentAt = Date.now();
        const answer = await post(trigger.path, delivery);
        const { triggerEventId } = JSON.parse(answer.body) as { triggerEventId: string };
        const [run] = await until(
          "the run to start",
          () => db.query<{ claimedAt: Date | null }>(`SELECT "claimedAt" FROM "AgentRun" WHERE "triggerEventId" = $1`, [triggerEventId]),
          (found) => found.length > 0 && found[0].claimedAt !== null,
          30_000,
        );
        latencies.push(run.claimedAt!.getTime() - sentAt);
        await sleep(30);
      }
      return latencies;
    };
    let workers = [await startWorker(databaseUrl, "bench-old-1", PREVIOUS_DEFAULTS), await startWorker(databaseUrl, "bench-old-2", PREVIOUS_DEFAULTS)];
    await sleep(1000);
    const old = await probe("start-baseline", Math.max(10, Math.round(SIZES.probes / 3)));
    for (const worker of workers) await stop(worker);
    workers = [await startWorker(databaseUrl, "bench-w1"), await startWorker(databaseUrl, "bench-w2")];
    await sleep(1000);
    const now = await probe("start", SIZES.probes);
    for (const worker of workers) await stop(worker);
    report({
      case: `delivery → run started, workers idle (${now.length} deliveries, one at a time)`,
      figure: `p50 ${percentile(now, 50).toFixed(1)} ms, p95 ${percentile(now, 95).toFixed(1)} ms`,
      baseline: `p50 ${percentile(old, 50).toFixed(1)} ms (previous defaults: 500 ms poll)`,
      ratio: `${(percentile(old, 50) / percentile(now, 50)).toFixed(1)}× faster`,
      target: "p50 < 50 ms",
      met: percentile(now, 50) < 50 ? "met" : "not met",
    });
  }

  // ── 4. scheduler tick ──
  if (ONLY.has("scheduler")) {
    console.log("\n4. Scheduler tick (this process; the engine enqueues, no worker runs the jobs)");
    const engine = createLocalEngine(db.prisma, { sql: db.query });
    const schedulerOrg = await createTestOrganization(db.prisma, { agentSlug: "scheduled-agent" });
    const NOW = new Date("2026-06-01T00:00:30Z");
    const ticks: Record<number, { distinct: number[]; distinctDue: number[]; allDue: number[]; first: number }> = {};
    for (const n of SIZES.schedules) {
      await db.query(`DELETE FROM "AgentSchedule"`);
      await db.query(`DELETE FROM "ExecutionJob" WHERE "eventName" = 'agent/trigger.fire'`);
      // Every cron distinct: minute and hour from the schedule's number, in five shapes, in four zones.
      await db.sql.exec(`
        INSERT INTO "AgentSchedule" (id, "organizationId", "entityType", "agentId", name, "cronExpr", timezone, "createdAt", "updatedAt")
        SELECT 'sched_' || g, '${schedulerOrg.organization.id}', 'agent', '${schedulerOrg.agent.id}', 'Schedule ' || g,
          CASE g % 5
            WHEN 0 THEN format('%s %s * * *', g % 60, (g / 60) % 24)
            WHEN 1 THEN format('%s %s,%s * * *', g % 60, (g / 60) % 24, ((g / 60) + 12) % 24)
            WHEN 2 THEN format('%s %s/%s * * *', g % 60, (g / 60) % 24, 2 + (g / 1440) % 5)
            WHEN 3 THEN format('%s/%s %s-23 * * *', g % 60, 61 + (g / 1440) % 30, (g / 60) % 24)
            ELSE format('%s %s %s * *', g % 60, (g / 60) % 24, 1 + (g / 1440) % 28)
          END,
          (ARRAY['UTC','America/New_York','Europe/Berlin','Asia/Tokyo'])[1 + g % 4], now(), now()
        FROM generate_series(1, ${n}) g`);
      const [{ distinct }] = await db.query<{ distinct: number }>(`SELECT count(DISTINCT ("cronExpr", timezone))::int AS distinct FROM "AgentSchedule"`);
      const t0 = performance.now();
      await tickAllSchedules(db.prisma, engine, NOW);
      const first = performance.now() - t0;
      const result = { distinct: [] as number[], distinctDue: [] as number[], allDue: [] as number[], first };
      // The next 20 minutes, one tick a minute, as the scheduler runs: what is due fires.
      for (let minute = 1; minute <= 20; minute++) {
        const at = new Date(NOW.getTime() + minute * 60_000);
        const start = performance.now();
        const { fired } = await tickAllSchedules(db.prisma, engine, at);
        result.distinct.push(performance.now() - start);
        result.distinctDue.push(fired);
      }
      // Every schedule due at once: each on "every minute".
      await db.query(`UPDATE "AgentSchedule" SET "cronExpr" = '* * * * *', "nextRunAt" = NULL`);
      await tickAllSchedules(db.prisma, engine, new Date(NOW.getTime() + 30 * 60_000));
      for (let minute = 31; minute <= 33; minute++) {
        const start = performance.now();
        await tickAllSchedules(db.prisma, engine, new Date(NOW.getTime() + minute * 60_000));
        result.allDue.push(performance.now() - start);
      }
      ticks[n] = result;
      console.log(
        `  ${fmt(n)} schedules (${distinct} distinct crons): first tick ${first.toFixed(0)} ms; per-minute tick p50 ${percentile(result.distinct, 50).toFixed(1)} ms, max ${Math.max(...result.distinct).toFixed(1)} ms (due per tick ${Math.min(...result.distinctDue)}–${Math.max(...result.distinctDue)}); all ${fmt(n)} due: p50 ${percentile(result.allDue, 50).toFixed(0)} ms`,
      );
    }
    const [small, , large] = SIZES.schedules;
    const p50 = (n: number, key: "distinct" | "allDue") => percentile(ticks[n][key], 50);
    report({
      case: `scheduler tick, ${fmt(large)} schedules, every cron distinct (per-minute ticks)`,
      figure: `p50 ${p50(large, "distinct").toFixed(1)} ms, max ${Math.max(...ticks[large].distinct).toFixed(1)} ms`,
      baseline: `${fmt(small)} schedules: p50 ${p50(small, "distinct").toFixed(1)} ms`,
      ratio: `${(p50(large, "distinct") / p50(small, "distinct")).toFixed(1)}× for ${large / small}× the schedules`,
      target: "< 100 ms",
      met: Math.max(...ticks[large].distinct) < 100 ? "met" : "not met",
    });
    report({
      case: `scheduler tick, ${fmt(large)} schedules all due at once`,
      figure: `p50 ${p50(large, "allDue").toFixed(0)} ms`,
      baseline: `${fmt(small)} due: ${p50(small, "allDue").toFixed(0)} ms`,
      ratio: `${(p50(large, "allDue") / p50(small, "allDue")).toFixed(1)}× for ${large / small}×`,
      target: "reported",
      met: "-",
    });
    await db.query(`DELETE FROM "AgentSchedule"`);
    await db.query(`DELETE FROM "ExecutionJob" WHERE "eventName" = 'agent/trigger.fire'`);
  }

  // ── 5. SIGKILL mid-burst ──
  if (ONLY.has("kill")) {
    console.log("\n5. Two workers SIGKILLed mid-burst, then restarted under the same ids");
    await setLatency(300);
    const trigger = await newTrigger("kill");
    let workers = [await startWorker(databaseUrl, "bench-w1"), await startWorker(databaseUrl, "bench-w2")];
    const burst = load(trigger.path, deliveriesFor(trigger.secret, SIZES.kill, "kill"));
    await until(
      "a third of the burst to complete",
      () => runsOf(trigger.id, "COMPLETED"),
      (done) => done >= SIZES.kill / 3,
      120_000,
    );
    const running = await runsOf(trigger.id, "RUNNING");
    for (const worker of workers) await stop(worker, "SIGKILL");
    const killedAt = Date.now();
    const sent = await burst;
    const accepted = sent.statuses.get(202) ?? 0;
    workers = [await startWorker(databaseUrl, "bench-w1"), await startWorker(databaseUrl, "bench-w2")];
    await until(
      "every run to complete after the restart",
      () => runsOf(trigger.id, "COMPLETED"),
      (done) => done >= accepted,
      300_000,
    );
    const recovered = (Date.now() - killedAt) / 1000;
    const events = await count(`SELECT count(*) AS n FROM "TriggerEvent" WHERE "triggerId" = $1`, [trigger.id]);
    const runs = await runsOf(trigger.id);
    const distinctRuns = await count(`SELECT count(DISTINCT "triggerEventId") AS n FROM "AgentRun" WHERE "triggerId" = $1`, [trigger.id]);
    const retried = await count(
      `SELECT count(*) AS n FROM "ExecutionJob" WHERE attempts > 1 AND "eventId" IN (SELECT 'trigger-event:' || id FROM "TriggerEvent" WHERE "triggerId" = $1)`,
      [trigger.id],
    );
    const lost = accepted - distinctRuns;
    const duplicated = runs - distinctRuns + (events - accepted);
    for (const worker of workers) await stop(worker);
    report({
      case: `SIGKILL of both workers mid-burst (${fmt(SIZES.kill)} deliveries, 300 ms model, ${running} runs RUNNING at the kill)`,
      figure: `${lost} lost, ${duplicated} duplicated; all ${fmt(accepted)} completed ${recovered.toFixed(1)} s after the kill (${retried} jobs re-run)`,
      baseline: "-",
      ratio: "-",
      target: "0 / 0",
      met: lost === 0 && duplicated === 0 && accepted === SIZES.kill ? "met" : "not met",
    });
  }

  await stop(web);

  console.log("\n| case | figure | baseline (same run) | ratio | target | |\n| --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(`| ${row.case} | ${row.figure} | ${row.baseline} | ${row.ratio} | ${row.target} | ${row.met} |`);
  for (const note of notes) console.log(`\n${note}`);
  if (PROFILE) summariseProfiles();
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);

/** The top self-time functions of each CPU profile written by --cpu-prof. */
function summariseProfiles() {
  for (const name of readdirSync(PROFILE_DIR)) {
    // The main thread's profile is the largest of the process's.
    const [file] = readdirSync(path.join(PROFILE_DIR, name))
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(name, f))
      .sort((a, b) => statSync(path.join(PROFILE_DIR, b)).size - statSync(path.join(PROFILE_DIR, a)).size);
    if (!file) continue;
    const profile = JSON.parse(readFileSync(path.join(PROFILE_DIR, file), "utf8")) as {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
      timeDeltas: number[];
    };
    const self = new Map<number, number>();
    for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    const byFunction = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const us = self.get(node.id) ?? 0;
      total += us;
      const where = node.callFrame.url.replace(/^.*node_modules\/(\.bun\/)?/, "").replace(/^file:\/\/.*\/(packages|apps)\//, "$1/");
      const key = `${node.callFrame.functionName || "(anonymous)"} ${where.split("/").slice(-3).join("/")}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    }
    const idle = [...byFunction].filter(([key]) => key.startsWith("(idle)")).reduce((s, [, us]) => s + us, 0);
    console.log(`\nCPU profile ${file}: ${((total - idle) / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s; top self time:`);
    for (const [key, us] of [...byFunction]
      .filter(([key]) => !key.startsWith("(idle)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)) {
      console.log(`  ${((us / (total - idle)) * 100).toFixed(1).padStart(5)}%  ${key}`);
    }
  }
  console.log(`(profiles in ${PROFILE_DIR}; open them in Chrome DevTools for the call trees)`);
}
