import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET as listEvents } from "./events/route";
import { GET as getStatus } from "./status/route";
import { GET as listTasks } from "./tasks/route";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;

describe("runtime admin API", () => {
  let db: Database;
  let a: Org;
  let b: Org;
  let aJobId: string;
  let bJobId: string;
  const now = Date.now();
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma);
    const p = db.prisma;
    await p.workerStatus.create({ data: { workerId: "worker-1", agentType: "local", status: "RUNNING", lastHeartbeat: ago(5) } });
    await p.circuitBreaker.create({ data: { name: "openai", state: "open", consecutiveFailures: 5, openedAt: ago(30), lastReason: "429" } });
    const aJob = await p.executionJob.create({
      data: {
        organizationId: a.organization.id,
        eventName: "agent/run",
        eventId: "a-1",
        payload: {},
        status: "FAILED",
        lastError: "model timeout",
        attempts: 4,
        createdAt: ago(50),
      },
    });
    aJobId = aJob.id;
    await p.executionJob.create({
      data: {
        organizationId: a.organization.id,
        eventName: "agent/run",
        eventId: "a-2",
        payload: {},
        status: "RUNNING",
        leaseOwner: "worker-1",
        leaseExpiresAt: ago(-60),
        createdAt: ago(40),
      },
    });
    await p.executionJob.create({
      data: { organizationId: null, eventName: "scheduler/tick", eventId: "sys-1", payload: {}, status: "COMPLETED", createdAt: ago(30) },
    });
    const bJob = await p.executionJob.create({
      data: {
        organizationId: b.organization.id,
        eventName: "agent/run",
        eventId: "b-1",
        payload: {},
        status: "RUNNING",
        leaseOwner: "worker-1",
        leaseExpiresAt: ago(100),
        createdAt: ago(20),
      },
    });
    bJobId = bJob.id;
    const event = (data: { organizationId: string | null; layer: string; reasonCode: string; entityId: string; taskId?: string; s: number }) =>
      p.runtimeEvent.create({
        data: {
          organizationId: data.organizationId,
          layer: data.layer,
          operation: "TASK",
          reasonCode: data.reasonCode,
          entityId: data.entityId,
          taskId: data.taskId,
          occurredAt: ago(data.s),
        },
      });
    await event({ organizationId: a.organization.id, layer: "execution", reasonCode: "TASK_STARTED", entityId: "run-a", taskId: aJobId, s: 48 });
    await event({ organizationId: a.organization.id, layer: "execution", reasonCode: "TASK_FAILED", entityId: "run-a", taskId: aJobId, s: 45 });
    await event({ organizationId: a.organization.id, layer: "provider_runtime", reasonCode: "PROVIDER_RATE_LIMITED", entityId: "openai", s: 44 });
    await event({ organizationId: null, layer: "worker", reasonCode: "WORKER_HEARTBEAT", entityId: "worker-1", s: 10 });
    await event({ organizationId: b.organization.id, layer: "execution", reasonCode: "TASK_STARTED", entityId: "run-b", taskId: bJobId, s: 5 });
  });
  afterAll(async () => db?.close());

  it("is admin-only: viewer and operator get 403", async () => {
    for (const handler of [getStatus, listEvents, listTasks]) {
      for (const role of ["VIEWER", "OPERATOR"] as const) {
        const response = await call(handler, { key: a.keys[role] });
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe("forbidden");
      }
      expect((await call(handler, {})).status).toBe(401);
    }
  });

  it("reports workers, queue counts by state, degraded flags and the last event time for the caller's organization plus system rows", async () => {
    const response = await call(getStatus, { key: a.keys.ADMIN });
    expect(response.status).toBe(200);
    const status = response.body.status;
    expect(status.workers).toEqual([expect.objectContaining({ workerId: "worker-1", status: "RUNNING", isStale: false })]);
    expect(status.queue).toEqual({ PENDING: 0, RUNNING: 1, COMPLETED: 1, FAILED: 1, expiredLeases: 0 });
    expect(status.breakerOpen).toBe(true);
    expect(status.healthy).toBe(false);
    expect(status.degraded).toContain("circuit open for openai");
    expect(status.degraded.some((flag: string) => /lease/.test(flag))).toBe(false);
    expect(new Date(status.lastEventAt).getTime()).toBe(ago(10).getTime());

    const other = (await call(getStatus, { key: b.keys.OWNER })).body.status;
    expect(other.queue).toMatchObject({ RUNNING: 1, COMPLETED: 1, FAILED: 0, expiredLeases: 1 });
    expect(other.degraded).toContain("1 job running past its lease");
  });

  it("lists runtime events newest first with filters and a cursor, never another organization's", async () => {
    const all = await call(listEvents, { key: a.keys.ADMIN });
    expect(all.body.events.map((event: { reasonCode: string }) => event.reasonCode)).toEqual([
      "WORKER_HEARTBEAT",
      "PROVIDER_RATE_LIMITED",
      "TASK_FAILED",
      "TASK_STARTED",
    ]);
    const codesOf = async (query: string) =>
      (await call(listEvents, { path: `/x?${query}`, key: a.keys.ADMIN })).body.events.map((event: { reasonCode: string }) => event.reasonCode);
    expect(await codesOf("layer=execution")).toEqual(["TASK_FAILED", "TASK_STARTED"]);
    expect(await codesOf("reasonCode=PROVIDER_RATE_LIMITED")).toEqual(["PROVIDER_RATE_LIMITED"]);
    expect(await codesOf("entityId=run-b")).toEqual([]);
    expect(await codesOf(`from=${ago(46).toISOString()}&to=${ago(20).toISOString()}`)).toEqual(["PROVIDER_RATE_LIMITED", "TASK_FAILED"]);
    const first = await call(listEvents, { path: "/x?limit=3", key: a.keys.ADMIN });
    const second = await call(listEvents, { path: `/x?limit=3&cursor=${first.body.nextCursor}`, key: a.keys.ADMIN });
    expect([...first.body.events, ...second.body.events].map((event: { id: string }) => event.id)).toEqual(
      all.body.events.map((event: { id: string }) => event.id),
    );
    expect(second.body.nextCursor).toBeNull();
    expect((await call(listEvents, { path: "/x?from=soon", key: a.keys.ADMIN })).status).toBe(400);
  });

  it("lists recent tasks with status, error, lease and their latest runtime event", async () => {
    const response = await call(listTasks, { key: a.keys.ADMIN });
    expect(response.status).toBe(200);
    expect(response.body.tasks.map((task: { eventId: string }) => task.eventId)).toEqual(["sys-1", "a-2", "a-1"]);
    const failed = response.body.tasks.find((task: { id: string }) => task.id === aJobId);
    expect(failed).toMatchObject({ status: "FAILED", error: "model timeout", attempts: 4, latestEvent: { reasonCode: "TASK_FAILED", layer: "execution" } });
    expect(response.body.tasks.find((task: { eventId: string }) => task.eventId === "a-2")).toMatchObject({ leaseOwner: "worker-1", latestEvent: null });
    const filtered = await call(listTasks, { path: "/x?status=FAILED", key: a.keys.ADMIN });
    expect(filtered.body.tasks.map((task: { id: string }) => task.id)).toEqual([aJobId]);
    expect((await call(listTasks, { path: "/x?status=DONE", key: a.keys.ADMIN })).status).toBe(400);
    const others = await call(listTasks, { key: b.keys.ADMIN });
    expect(others.body.tasks.map((task: { eventId: string }) => task.eventId)).toEqual(["b-1", "sys-1"]);
  });
});
