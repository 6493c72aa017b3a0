import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type Msg } from "@nats-io/transport-node";
import { createDatabase, type Database } from "@switchyard/database";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { natsUnreachable, TEST_NATS_URL } from "../bridge/testing.ts";
import { createTestOrganization } from "../testing.ts";
import { EVENT_NAMES, type EngineEvent } from "./events.ts";
import { createLocalEngine } from "./local-engine.ts";

const CORE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const TSX = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
const JOBS = 240;

/**
 * Separate workers need a shared PostgreSQL: TEST_DATABASE_URL's server (as in CI), else the one
 * this machine always runs. Without either there is nothing to test against, and the test says so.
 */
async function findServer(): Promise<string | null> {
  const candidates = [process.env.TEST_DATABASE_URL, "postgresql://postgres@127.0.0.1:5432/postgres"].filter(Boolean) as string[];
  for (const url of candidates) {
    if (
      await onServer(url, "SELECT 1", 3000).then(
        () => true,
        () => false,
      )
    )
      return url;
  }
  return null;
}

async function onServer(url: string, sql: string, timeoutMs = 30_000): Promise<void> {
  const server = await createDatabase({ url, migrate: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([server.sql.exec(sql), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
    await server.close().catch(() => {});
  }
}

const serverUrl = await findServer();
if (!serverUrl) console.warn("[worker-processes.test] skipped: no PostgreSQL (set TEST_DATABASE_URL); PGlite cannot be shared by two processes");
const natsProblem = await natsUnreachable();
if (natsProblem) console.warn(`[worker-processes.test] the NATS case is skipped: NATS is not reachable at ${TEST_NATS_URL} (${natsProblem}). CI runs NATS.`);

describe.skipIf(!serverUrl)("two worker processes on one PostgreSQL", () => {
  const name = `switchyard_workers_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  let url: string;
  let db: Database;
  const workers: ChildProcess[] = [];
  const output: string[] = [];

  const admin = (sql: string) => onServer(serverUrl!, sql);

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    const parsed = new URL(serverUrl!);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    db = await createDatabase({ url });
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill("SIGKILL");
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  function startWorker(workerId: string, env: Record<string, string> = {}): ChildProcess {
    const child = spawn(TSX, ["scripts/worker.ts"], {
      cwd: CORE_DIR,
      env: {
        ...process.env,
        DATABASE_URL: url,
        SWITCHYARD_WORKER_ID: workerId,
        SWITCHYARD_WORKER_CONCURRENCY: "6",
        SWITCHYARD_WORKER_POLL_MS: "200",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => output.push(`[${workerId}] ${chunk}`));
    child.stderr?.on("data", (chunk) => output.push(`[${workerId}] ${chunk}`));
    workers.push(child);
    return child;
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

  it("runs every job exactly once, shared between them", { timeout: 180_000 }, async () => {
    const { agent } = await createTestOrganization(db.prisma);
    // Model calls that take a little while, so both workers hold jobs at the same time.
    await db.prisma.agent.update({ where: { id: agent.id }, data: { simulation: { failureRate: 0, latencyMs: 40 } } });
    const one = startWorker("worker-one");
    const two = startWorker("worker-two");
    await vi.waitFor(async () => expect(await db.prisma.workerStatus.count({ where: { workerId: { in: ["worker-one", "worker-two"] } } })).toBe(2), {
      timeout: 60_000,
      interval: 200,
    });

    const events: EngineEvent[] = Array.from({ length: JOBS }, (_, n) => ({
      id: `two-workers-${n}`,
      name: EVENT_NAMES.agentTriggerFire,
      data: { organizationId: agent.organizationId, entityId: agent.id, source: "api", input: { n }, dedupeKey: `two-workers-${n}` },
    }));
    // In bursts, as deliveries arrive: each send wakes both workers through NOTIFY.
    const engine = createLocalEngine(db.prisma);
    for (let start = 0; start < JOBS; start += 20) await engine.send(events.slice(start, start + 20));

    await vi.waitFor(
      async () => expect(await db.prisma.executionJob.count({ where: { eventName: EVENT_NAMES.agentTriggerFire, status: "COMPLETED" } })).toBe(JOBS),
      { timeout: 120_000, interval: 250 },
    );
    one.kill("SIGTERM");
    two.kill("SIGTERM");
    expect([await exited(one), await exited(two)], output.join("")).toEqual([0, 0]);

    const jobs = await db.prisma.executionJob.findMany({ where: { eventName: EVENT_NAMES.agentTriggerFire } });
    expect(jobs).toHaveLength(JOBS);
    // Claimed once each (a second claim would have counted a second attempt), and by one of the two.
    expect(jobs.filter((job) => job.attempts !== 1 || job.status !== "COMPLETED")).toEqual([]);
    expect([...new Set(jobs.map((job) => job.leaseOwner))].sort()).toEqual(["worker-one", "worker-two"]);

    const runs = await db.prisma.agentRun.findMany({ where: { organizationId: agent.organizationId } });
    expect(runs).toHaveLength(JOBS);
    expect(new Set(runs.map((run) => run.dedupeKey)).size).toBe(JOBS);
    expect(runs.every((run) => run.status === "COMPLETED")).toBe(true);
    // Each run was executed by the worker that held its job, and its model was called once.
    const ownerOf = new Map(jobs.map((job) => [job.eventId, job.leaseOwner]));
    expect(runs.filter((run) => run.claimedBy !== ownerOf.get(run.dedupeKey!))).toEqual([]);
    const calls = await db.prisma.runtimeEvent.groupBy({
      by: ["entityId"],
      where: { reasonCode: "PROVIDER_CALL_OK", organizationId: agent.organizationId },
      _count: { _all: true },
    });
    expect(calls).toHaveLength(JOBS);
    expect(calls.every((call) => call._count._all === 1)).toBe(true);
  });

  it.skipIf(natsProblem !== null)("announces on NATS the runs a worker process finishes", { timeout: 120_000 }, async () => {
    const { organization, agent } = await createTestOrganization(db.prisma);
    await db.prisma.organization.update({ where: { id: organization.id }, data: { natsBridgeEnabled: true } });
    // A stream, consumer and subjects of this run only, so a dev server on the same NATS never meets them.
    const suffix = randomBytes(4).toString("hex");
    const names = { NATS_STREAM: `SYTEST_WORKER_${suffix}`, NATS_DURABLE: `sytest-worker-${suffix}`, NATS_SUBJECT_PREFIX: `sytest-worker-${suffix}` };
    const nc = await connect({ servers: TEST_NATS_URL });
    try {
      const completed: Record<string, unknown>[] = [];
      nc.subscribe(`${names.NATS_SUBJECT_PREFIX}.${organization.slug}.runs.agent.completed`, {
        callback: (_error, msg: Msg) => void completed.push(msg.json()),
      });
      await nc.flush();
      const worker = startWorker("worker-nats", { NATS_URL: TEST_NATS_URL, ...names });
      // Only this process runs a bridge: the test process has no publisher, so whatever arrives came from the worker.
      await vi.waitFor(() => expect(output.join("")).toContain(`NATS bridge: consuming stream ${names.NATS_STREAM}`), { timeout: 60_000, interval: 200 });

      await createLocalEngine(db.prisma).send({
        id: `nats-worker-${suffix}`,
        name: EVENT_NAMES.agentTriggerFire,
        data: { organizationId: organization.id, entityId: agent.id, source: "api", input: {}, dedupeKey: `nats-worker-${suffix}` },
      });
      await vi.waitFor(() => expect(completed).toHaveLength(1), { timeout: 60_000, interval: 200 });
      const run = await db.prisma.agentRun.findFirstOrThrow({ where: { organizationId: organization.id } });
      expect(run).toMatchObject({ status: "COMPLETED", claimedBy: "worker-nats" });
      expect(completed[0]).toMatchObject({ runId: run.id, kind: "agent", status: "completed", entity: { id: agent.id, slug: "test-agent" } });

      worker.kill("SIGTERM");
      expect(await exited(worker), output.join("")).toBe(0);
    } finally {
      await (await jetstreamManager(nc)).streams.delete(names.NATS_STREAM).catch(() => false);
      await nc.close();
    }
  });
});
