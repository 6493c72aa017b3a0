import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runAgentFire } from "../agents/runtime.ts";
import { createTestOrganization } from "../testing.ts";
import { enterCircuit, recordCircuitFailure } from "./circuit-breaker.ts";
import { flushRuntimeEvents } from "./events.ts";

const T0 = new Date("2026-01-15T12:00:00Z");

describe("circuit breaker around model providers", () => {
  let db: Database;
  let server: Server;
  let isProviderDown = true;
  let requests = 0;
  let now = T0;
  const breaker = { failureThreshold: 3, coolDownMs: 60_000, clock: () => now };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Stands in for the Anthropic Messages API: 503 while "down" (retry-after-ms: 0 keeps the SDK's own retries instant).
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        requests += 1;
        if (isProviderDown) {
          res
            .writeHead(503, { "content-type": "application/json", "retry-after-ms": "0" })
            .end(JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            id: "msg_1",
            type: "message",
            role: "assistant",
            model: "claude-sonnet-4",
            content: [{ type: "text", text: "All good." }],
            stop_reason: "end_turn",
            stop_sequence: null,
            usage: { input_tokens: 10, output_tokens: 3 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await flushRuntimeEvents();
    await db?.close();
  });
  beforeEach(() => {
    vi.stubEnv("ANTHROPIC_API_KEY", "test-key");
    vi.stubEnv("ANTHROPIC_BASE_URL", `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    isProviderDown = true;
    now = T0;
  });
  // Breakers and worker rows are process-wide: each test starts from none.
  afterEach(async () => {
    vi.unstubAllEnvs();
    await db.prisma.circuitBreaker.deleteMany({});
    await db.prisma.workerStatus.deleteMany({});
    await db.prisma.runtimeEvent.deleteMany({});
  });

  async function createClaudeAgent() {
    const { agent } = await createTestOrganization(db.prisma);
    return db.prisma.agent.update({ where: { id: agent.id }, data: { modelProvider: "anthropic", modelName: "claude-sonnet-4" } });
  }
  let fires = 0;
  const fire = (agent: { id: string; organizationId: string }) =>
    runAgentFire(
      db.prisma,
      { organizationId: agent.organizationId, entityId: agent.id, source: "manual", input: { prompt: "status?" }, dedupeKey: `breaker-${++fires}` },
      { workerId: "worker-1", breaker },
    );
  const breakerEvents = async () => {
    await flushRuntimeEvents();
    return (await db.prisma.runtimeEvent.findMany({ where: { operation: "BREAKER" }, orderBy: { occurredAt: "asc" } })).map((event) => event.reasonCode);
  };
  const workerRow = () => db.prisma.workerStatus.findUniqueOrThrow({ where: { workerId: "worker-1" } });

  it("opens after N consecutive failures, fails fast while open, half-opens after the cool-down and closes on success", async () => {
    await db.prisma.workerStatus.create({ data: { workerId: "worker-1", agentType: "local-worker", status: "RUNNING", lastHeartbeat: T0 } });
    const agent = await createClaudeAgent();

    for (let n = 1; n <= 3; n++) {
      const run = await fire(agent);
      expect(run).toMatchObject({ status: "FAILED", modelProvider: "anthropic" });
      expect(run.error).toContain("anthropic call failed");
    }
    expect(await db.prisma.circuitBreaker.findUniqueOrThrow({ where: { name: "anthropic" } })).toMatchObject({
      state: "open",
      consecutiveFailures: 3,
      openedAt: T0,
    });
    expect(await breakerEvents()).toEqual(["BREAKER_OPENED"]);
    expect(await workerRow()).toMatchObject({ circuitOpen: true, circuitReason: expect.stringContaining("anthropic open") });

    // Open: the run fails fast with a clear reason and the provider is not called, even if it recovered.
    isProviderDown = false;
    const requestsBefore = requests;
    now = new Date(T0.getTime() + 59_000);
    const fastFailed = await fire(agent);
    expect(fastFailed.status).toBe("FAILED");
    expect(fastFailed.error).toBe('Circuit open for provider "anthropic", not called: 3 consecutive failures; calls resume after 2026-01-15T12:01:00.000Z');
    expect(requests).toBe(requestsBefore);
    await flushRuntimeEvents();
    expect(await db.prisma.runtimeEvent.findFirst({ where: { entityId: fastFailed.id } })).toMatchObject({
      layer: "model_adapter",
      operation: "FALLBACK",
      reasonCode: "CIRCUIT_OPEN",
    });

    // After the cool-down one trial call goes through; its success closes the breaker.
    now = new Date(T0.getTime() + 60_000);
    expect(await fire(agent)).toMatchObject({ status: "COMPLETED", output: { text: "All good." } });
    expect(requests).toBe(requestsBefore + 1);
    expect(await db.prisma.circuitBreaker.findUniqueOrThrow({ where: { name: "anthropic" } })).toMatchObject({
      state: "closed",
      consecutiveFailures: 0,
      openedAt: null,
    });
    expect(await breakerEvents()).toEqual(["BREAKER_OPENED", "BREAKER_HALF_OPEN", "BREAKER_CLOSED"]);
    expect(await workerRow()).toMatchObject({ circuitOpen: false, circuitReason: null });
  });

  it("re-opens when the trial call fails", async () => {
    const agent = await createClaudeAgent();
    for (let n = 1; n <= 3; n++) await fire(agent);

    now = new Date(T0.getTime() + 61_000);
    expect(await fire(agent)).toMatchObject({ status: "FAILED" });

    expect(await db.prisma.circuitBreaker.findUniqueOrThrow({ where: { name: "anthropic" } })).toMatchObject({
      state: "open",
      openedAt: now,
      consecutiveFailures: 4,
    });
    expect(await breakerEvents()).toEqual(["BREAKER_OPENED", "BREAKER_HALF_OPEN", "BREAKER_REOPENED"]);
  });

  it("lets exactly one trial call through while half-open", async () => {
    for (let n = 0; n < 3; n++) await recordCircuitFailure(db.prisma, "openai", "timeout", breaker);
    now = new Date(T0.getTime() + 60_000);

    const gates = await Promise.all([enterCircuit(db.prisma, "openai", breaker), enterCircuit(db.prisma, "openai", breaker)]);

    expect(gates.filter((gate) => gate.allowed)).toEqual([{ allowed: true, isTrial: true }]);
    expect(gates.find((gate) => !gate.allowed)).toMatchObject({ allowed: false });
  });

  it("does not count a refused request (4xx) as the provider being down", async () => {
    const agent = await createClaudeAgent();
    for (let n = 0; n < 2; n++) await recordCircuitFailure(db.prisma, "anthropic", "timeout", breaker);
    const refusing = createServer((req, res) => {
      req.resume();
      req.on("end", () =>
        res
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ type: "error", error: { type: "invalid_request_error", message: "bad model" } })),
      );
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      vi.stubEnv("ANTHROPIC_BASE_URL", `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/v1`);
      expect(await fire(agent)).toMatchObject({ status: "FAILED", error: expect.stringContaining("bad model") });
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
    // The provider answered, so the failure streak is broken.
    expect(await db.prisma.circuitBreaker.findUniqueOrThrow({ where: { name: "anthropic" } })).toMatchObject({ state: "closed", consecutiveFailures: 0 });
  });
});
