import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { collectRuntimeStatus, formatRuntimeStatus } from "./status.ts";

const NOW = new Date("2026-01-15T12:00:00Z");
const secondsAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

describe("collectRuntimeStatus", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());
  afterEach(() => vi.unstubAllEnvs());

  it("reports workers, breakers, the model route, the queue and the last hour of events", async () => {
    vi.stubEnv("ANTHROPIC_API_KEY", "key");
    vi.stubEnv("OPENAI_API_KEY", "");
    const { organization } = await createTestOrganization(db.prisma);
    await db.prisma.agent.create({
      data: { organizationId: organization.id, slug: "claude", name: "Claude", instructions: "x", modelProvider: "anthropic", modelName: "claude-sonnet-4" },
    });
    await db.prisma.workerStatus.createMany({
      data: [
        {
          workerId: "worker-a",
          agentType: "local-worker",
          status: "RUNNING",
          currentTaskId: "job-1",
          lastHeartbeat: secondsAgo(5),
          circuitOpen: true,
          circuitReason: "anthropic open: Overloaded",
        },
        { workerId: "worker-b", agentType: "local-worker", status: "IDLE", lastHeartbeat: secondsAgo(600) },
        { workerId: "worker-c", agentType: "local-worker", status: "STOPPED", lastHeartbeat: secondsAgo(900) },
      ],
    });
    await db.prisma.circuitBreaker.create({
      data: { name: "anthropic", state: "open", consecutiveFailures: 5, openedAt: secondsAgo(30), lastReason: "Overloaded" },
    });
    await db.prisma.executionJob.createMany({
      data: [
        { eventId: "j1", eventName: "agent/trigger.fire", payload: {}, status: "PENDING" },
        { eventId: "j2", eventName: "agent/trigger.fire", payload: {}, status: "RUNNING", leaseExpiresAt: secondsAgo(1) },
        { eventId: "j3", eventName: "agent/trigger.fire", payload: {}, status: "COMPLETED" },
        { eventId: "j4", eventName: "agent/trigger.fire", payload: {}, status: "COMPLETED" },
      ],
    });
    const event = (layer: string, reasonCode: string, occurredAt: Date) => ({ layer, operation: "CALL", reasonCode, entityId: "e", occurredAt });
    await db.prisma.runtimeEvent.createMany({
      data: [
        event("provider_runtime", "PROVIDER_CALL_OK", secondsAgo(60)),
        event("provider_runtime", "PROVIDER_CALL_OK", secondsAgo(50)),
        event("provider_runtime", "BREAKER_OPENED", secondsAgo(30)),
        event("execution", "TASK_CLAIMED", secondsAgo(10)),
        event("execution", "TASK_CLAIMED", secondsAgo(7200)), // older than an hour
      ],
    });

    const status = await collectRuntimeStatus(db.prisma, { organizationId: organization.id, now: NOW });

    expect(status.degraded).toEqual(["circuit open for anthropic", "worker worker-b stopped heartbeating", "1 job running past its lease"]);
    expect(status.workers.map(({ workerId, status, isStale, circuitOpen }) => ({ workerId, status, isStale, circuitOpen }))).toEqual([
      { workerId: "worker-b", status: "IDLE", isStale: true, circuitOpen: false },
      { workerId: "worker-a", status: "RUNNING", isStale: false, circuitOpen: true },
      { workerId: "worker-c", status: "STOPPED", isStale: false, circuitOpen: false },
    ]);
    expect(status.breakers).toEqual([
      { name: "anthropic", state: "open", consecutiveFailures: 5, openedAt: secondsAgo(30), lastFailureAt: null, lastReason: "Overloaded" },
    ]);
    expect(status.modelRoute).toEqual({
      mode: "live",
      configuredProviders: ["anthropic"],
      routes: [
        { requestedProvider: "anthropic", model: "claude-sonnet-4", effectiveProvider: "anthropic", agents: 1 },
        { requestedProvider: "simulated", model: "gpt-4o-mini", effectiveProvider: "simulated", agents: 1 },
      ],
    });
    expect(status.queue).toEqual({ PENDING: 1, RUNNING: 1, COMPLETED: 2, FAILED: 0, expiredLeases: 1 });
    expect(status.recentEvents).toEqual({
      since: secondsAgo(3600),
      total: 4,
      lastEventAt: secondsAgo(10),
      byLayer: [
        { layer: "provider_runtime", count: 3 },
        { layer: "execution", count: 1 },
      ],
      byReasonCode: [
        { layer: "provider_runtime", reasonCode: "PROVIDER_CALL_OK", count: 2 },
        { layer: "provider_runtime", reasonCode: "BREAKER_OPENED", count: 1 },
        { layer: "execution", reasonCode: "TASK_CLAIMED", count: 1 },
      ],
    });

    const text = formatRuntimeStatus(status);
    expect(text).toContain("DEGRADED (circuit open for anthropic;");
    expect(text).toContain("  worker-a  RUNNING  circuit OPEN (anthropic open: Overloaded)  last heartbeat 5s ago, task job-1");
    expect(text).toContain("  anthropic  open  5 consecutive failures, since 2026-01-15T11:59:30.000Z  last: Overloaded");
    expect(text).toContain("Model route: live (anthropic)");
    expect(text).toContain("  anthropic / claude-sonnet-4 → anthropic  (1 agent)");
    expect(text).toContain("Queue: PENDING 1  RUNNING 1  COMPLETED 2  FAILED 0  (1 past lease)");
    expect(text).toContain("Runtime events since 2026-01-15T11:00:00.000Z: 4; last event 2026-01-15T11:59:50.000Z");
  });
});
