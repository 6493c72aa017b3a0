import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EVENT_NAMES, type EngineEvent } from "./events.ts";
import type { EventHandlers } from "./events.ts";
import { createLocalEngine, drainLocalJobs, startLocalWorker } from "./local-engine.ts";

describe("local engine", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());
  // Workers claim any runnable job, so each test starts from an empty queue.
  afterEach(async () => {
    await db.prisma.executionJob.deleteMany({});
  });

  const newEvent = (data: Record<string, unknown> = {}): EngineEvent => ({
    id: `evt-${randomBytes(6).toString("hex")}`,
    name: EVENT_NAMES.agentTriggerFire,
    data,
  });
  const jobOf = (event: EngineEvent) => db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: event.id } });
  const quietLogger = () => ({ error: vi.fn() });

  it("enqueues an event id once, however often it is sent", async () => {
    const engine = createLocalEngine(db.prisma);
    const first = newEvent({ organizationId: "org-1", n: 1 });
    const second = newEvent({ n: 2 });

    await engine.send(first);
    await engine.send([{ ...first, data: { n: "changed" } }, second]);
    await engine.send(second);

    const jobs = await db.prisma.executionJob.findMany({ where: { eventId: { in: [first.id, second.id] } }, orderBy: { createdAt: "asc" } });
    expect(jobs).toHaveLength(2);
    expect(jobs.find((job) => job.eventId === first.id)).toMatchObject({
      eventName: "agent/trigger.fire",
      payload: { organizationId: "org-1", n: 1 },
      organizationId: "org-1",
      status: "PENDING",
      attempts: 0,
    });
  });

  it("lets two concurrent workers process each job exactly once", async () => {
    const engine = createLocalEngine(db.prisma);
    const events = Array.from({ length: 24 }, (_, n) => newEvent({ n }));
    await engine.send(events);
    const seen: string[] = [];
    const handlers: EventHandlers = {
      [EVENT_NAMES.agentTriggerFire]: async (event, step) => step.run("record", async () => seen.push(event.id)),
    };

    const [a, b] = await Promise.all([
      drainLocalJobs({ db: db.prisma, handlers, workerId: "worker-a", concurrency: 3 }),
      drainLocalJobs({ db: db.prisma, handlers, workerId: "worker-b", concurrency: 3 }),
    ]);

    expect(a + b).toBe(events.length);
    expect(seen.sort()).toEqual(events.map((event) => event.id).sort());
    const jobs = await db.prisma.executionJob.findMany({ where: { eventId: { in: events.map((event) => event.id) } } });
    expect(jobs.every((job) => job.status === "COMPLETED" && job.attempts === 1 && job.completedAt)).toBe(true);
  });

  it("retries a failing handler with exponential backoff, then fails it after maxAttempts", async () => {
    const event = newEvent();
    await createLocalEngine(db.prisma).send(event);
    await db.prisma.executionJob.update({ where: { eventId: event.id }, data: { maxAttempts: 3 } });
    const handler = vi.fn(async () => {
      throw new Error("upstream exploded");
    });
    const start = Date.now();
    let now = new Date(start);
    const logger = quietLogger();
    const drain = () => drainLocalJobs({ db: db.prisma, handlers: { [EVENT_NAMES.agentTriggerFire]: handler }, workerId: "w", clock: () => now, logger });

    // Backoff 2^attempts seconds with jitter: between half of it and all of it.
    const runAtWithin = async (from: number, to: number) => {
      const { runAt } = await jobOf(event);
      expect(runAt.getTime()).toBeGreaterThanOrEqual(from);
      expect(runAt.getTime()).toBeLessThanOrEqual(to);
    };
    expect(await drain()).toBe(1);
    expect(await jobOf(event)).toMatchObject({ status: "PENDING", attempts: 1, lastError: "upstream exploded" });
    await runAtWithin(start + 1000, start + 2000);

    now = new Date(start + 999);
    expect(await drain()).toBe(0); // not due yet
    now = new Date(start + 2000);
    expect(await drain()).toBe(1);
    expect(await jobOf(event)).toMatchObject({ status: "PENDING", attempts: 2 });
    await runAtWithin(start + 2000 + 2000, start + 2000 + 4000);

    now = new Date(start + 6000);
    expect(await drain()).toBe(1);
    const failed = await jobOf(event);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 3, lastError: "upstream exploded", completedAt: now });

    now = new Date(start + 60_000);
    expect(await drain()).toBe(0);
    expect(handler).toHaveBeenCalledTimes(3);
    expect(logger.error).toHaveBeenLastCalledWith(expect.stringContaining("giving up"));
  });

  it("picks up a job whose worker crashed once its lease has expired", async () => {
    const crashed = newEvent();
    const alive = newEvent();
    await createLocalEngine(db.prisma).send([crashed, alive]);
    await db.prisma.executionJob.update({
      where: { eventId: crashed.id },
      data: { status: "RUNNING", attempts: 1, leaseOwner: "crashed-worker", leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    await db.prisma.executionJob.update({
      where: { eventId: alive.id },
      data: { status: "RUNNING", attempts: 1, leaseOwner: "busy-worker", leaseExpiresAt: new Date(Date.now() + 60_000) },
    });
    const handled: string[] = [];

    const processed = await drainLocalJobs({
      db: db.prisma,
      handlers: { [EVENT_NAMES.agentTriggerFire]: async (event) => handled.push(event.id) },
      workerId: "worker-after-restart",
    });

    expect(processed).toBe(1);
    expect(handled).toEqual([crashed.id]);
    expect(await jobOf(crashed)).toMatchObject({ status: "COMPLETED", attempts: 2, leaseOwner: "worker-after-restart" });
    expect(await jobOf(alive)).toMatchObject({ status: "RUNNING", attempts: 1, leaseOwner: "busy-worker" });
  });

  it("renews the lease of a job that runs longer than it, so no other worker runs it twice", async () => {
    const slow = newEvent();
    await createLocalEngine(db.prisma).send([slow]);
    const leaseMs = 600;
    const handled: string[] = [];
    let rivalProcessed = -1;
    const processed = await drainLocalJobs({
      db: db.prisma,
      leaseMs,
      workerId: "slow-worker",
      handlers: {
        [EVENT_NAMES.agentTriggerFire]: async (event) => {
          handled.push(event.id);
          const claimed = (await jobOf(slow)).leaseExpiresAt!;
          await vi.waitFor(async () => expect((await jobOf(slow)).leaseExpiresAt!.getTime()).toBeGreaterThan(claimed.getTime()), {
            timeout: 10_000,
            interval: 20,
          });
          // A rival worker whose clock is past the first lease finds the job still reserved.
          rivalProcessed = await drainLocalJobs({
            db: db.prisma,
            workerId: "rival-worker",
            clock: () => new Date(claimed.getTime() + 1),
            handlers: { [EVENT_NAMES.agentTriggerFire]: async (rivalEvent) => handled.push(rivalEvent.id) },
          });
        },
      },
    });

    expect(processed).toBe(1);
    expect(rivalProcessed).toBe(0);
    expect(handled).toEqual([slow.id]);
    expect(await jobOf(slow)).toMatchObject({ status: "COMPLETED", attempts: 1, leaseOwner: "slow-worker", leaseExpiresAt: null });
  });

  it("does not redo finished steps when a job is retried", async () => {
    const event = newEvent();
    await createLocalEngine(db.prisma).send(event);
    let fetches = 0;
    let isFlaky = true;
    const handlers: EventHandlers = {
      [EVENT_NAMES.agentTriggerFire]: async (_event, step) => {
        const fetched = await step.run("fetch", async () => ({ fetch: ++fetches, at: new Date(0) }));
        const saved = await step.run("save", async () => {
          if (isFlaky) {
            isFlaky = false;
            throw new Error("database hiccup");
          }
          return "saved";
        });
        return { fetched, saved };
      },
    };
    const start = Date.now();
    const options = { db: db.prisma, handlers, workerId: "w", logger: quietLogger() };

    await drainLocalJobs({ ...options, clock: () => new Date(start) });
    expect(await jobOf(event)).toMatchObject({ status: "PENDING", result: { steps: { fetch: { fetch: 1, at: "1970-01-01T00:00:00.000Z" } } } });

    await drainLocalJobs({ ...options, clock: () => new Date(start + 2000) });
    expect(fetches).toBe(1);
    expect(await jobOf(event)).toMatchObject({
      status: "COMPLETED",
      attempts: 2,
      result: {
        steps: { fetch: { fetch: 1, at: "1970-01-01T00:00:00.000Z" }, save: "saved" },
        output: { fetched: { fetch: 1, at: "1970-01-01T00:00:00.000Z" }, saved: "saved" },
      },
    });
  });

  it("keeps polling after a bad job and finishes in-flight work on stop", async () => {
    const good = newEvent();
    const orphan: EngineEvent = { ...newEvent(), name: EVENT_NAMES.workflowTriggerFire };
    const logger = quietLogger();
    const worker = startLocalWorker({
      db: db.prisma,
      handlers: { [EVENT_NAMES.agentTriggerFire]: async () => "done" },
      workerId: "poller",
      pollIntervalMs: 10,
      logger,
    });
    try {
      await createLocalEngine(db.prisma).send([orphan, good]);
      await vi.waitFor(
        async () => {
          expect(await jobOf(good)).toMatchObject({ status: "COMPLETED", result: { output: "done" } });
          expect(await jobOf(orphan)).toMatchObject({ status: "PENDING", attempts: 1, lastError: 'No handler registered for "workflow/trigger.fire"' });
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      await worker.stop();
    }
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining("workflow/trigger.fire"));
  });
});
