import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { EVENT_NAMES, type EngineEvent } from "./events.ts";
import { createLocalEngine, drainLocalJobs, startLocalWorker } from "./local-engine.ts";

describe("local worker telemetry", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });
  afterEach(async () => {
    await db.prisma.executionJob.deleteMany({});
    await db.prisma.runtimeEvent.deleteMany({});
  });

  const newEvent = (): EngineEvent => ({ id: `evt-${randomBytes(6).toString("hex")}`, name: EVENT_NAMES.agentTriggerFire, data: { organizationId: "org-1" } });
  const eventsOf = async (where: { entityId?: string; workerId?: string }) => {
    await flushRuntimeEvents();
    return db.prisma.runtimeEvent.findMany({ where, orderBy: { occurredAt: "asc" } });
  };

  it("keeps a status row: IDLE at start, RUNNING with its task, STOPPED at the end", async () => {
    const event = newEvent();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let markStarted = () => {};
    const handlerStarted = new Promise<void>((resolve) => (markStarted = resolve));
    const handlers = {
      [EVENT_NAMES.agentTriggerFire]: async () => {
        markStarted();
        await gate;
        return "done";
      },
    };
    const worker = startLocalWorker({ db: db.prisma, handlers, workerId: "status-worker", pollIntervalMs: 10, heartbeatIntervalMs: 20 });
    const row = () => db.prisma.workerStatus.findUniqueOrThrow({ where: { workerId: "status-worker" } });
    // The first write opens the pool's connections, which can take a while on a busy machine.
    const settled = { timeout: 10_000, interval: 20 };
    try {
      await vi.waitFor(
        async () => expect(await row()).toMatchObject({ status: "IDLE", currentTaskId: null, agentType: "local-worker", circuitOpen: false }),
        settled,
      );
      await createLocalEngine(db.prisma).send(event);
      await handlerStarted;
      const job = await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: event.id } });
      await vi.waitFor(
        async () => expect(await row()).toMatchObject({ status: "RUNNING", currentTaskId: job.id, metadata: { inFlight: 1, concurrency: 50 } }),
        settled,
      );
      release();
      await vi.waitFor(async () => expect(await row()).toMatchObject({ status: "IDLE", currentTaskId: null }), settled);
    } finally {
      release();
      await worker.stop();
    }
    expect(await row()).toMatchObject({ status: "STOPPED", currentTaskId: null });
    expect((await eventsOf({ workerId: "status-worker", entityId: "status-worker" })).map((e) => e.reasonCode)).toEqual(["WORKER_STARTED", "WORKER_STOPPED"]);
  });

  it("records each job's transitions: claimed, retry, failed, completed", async () => {
    const flaky = newEvent();
    const fine = newEvent();
    await createLocalEngine(db.prisma).send([flaky, fine]);
    await db.prisma.executionJob.update({ where: { eventId: flaky.id }, data: { maxAttempts: 2 } });
    const start = Date.now();
    let now = new Date(start);
    const drain = () =>
      drainLocalJobs({
        db: db.prisma,
        handlers: {
          [EVENT_NAMES.agentTriggerFire]: async (event) => {
            if (event.id === flaky.id) throw new Error("upstream exploded");
            return "ok";
          },
        },
        workerId: "w",
        clock: () => now,
        logger: { error: () => {} },
      });

    await drain();
    now = new Date(start + 2000);
    await drain();

    // Events of one attempt share the worker clock's instant, so they are compared by attempt.
    const job = await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: flaky.id } });
    const flakyEvents = await eventsOf({ entityId: flaky.id });
    expect(flakyEvents.every((e) => e.layer === "execution" && e.taskId === job.id && e.workerId === "w" && e.organizationId === "org-1")).toBe(true);
    expect(flakyEvents.map((e) => `${(e.metadata as { attempt: number }).attempt} ${e.operation} ${e.reasonCode}`).sort()).toEqual([
      "1 RETRY TASK_RETRY_SCHEDULED",
      "1 TASK TASK_CLAIMED",
      "2 TASK TASK_CLAIMED",
      "2 TASK TASK_FAILED",
    ]);
    const retry = flakyEvents.find((e) => e.reasonCode === "TASK_RETRY_SCHEDULED")!.metadata as { runAt: string };
    expect(retry).toMatchObject({ maxAttempts: 2, error: "upstream exploded" });
    // The backoff (2 s after the first attempt) is jittered between half of it and all of it.
    expect(Date.parse(retry.runAt)).toBeGreaterThanOrEqual(start + 1000);
    expect(Date.parse(retry.runAt)).toBeLessThanOrEqual(start + 2000);
    expect((await eventsOf({ entityId: fine.id })).map((e) => e.reasonCode).sort()).toEqual(["TASK_CLAIMED", "TASK_COMPLETED"]);
  });
});
