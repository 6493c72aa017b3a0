import type { Database, PrismaClient } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runAgentFire } from "../agents/runtime.ts";
import { simulateCompletion } from "../agents/simulated-model.ts";
import { EVENT_NAMES } from "../execution/events.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { createTestOrganization } from "../testing.ts";
import { flushRuntimeEvents, recordRuntimeEvent } from "./events.ts";
import { REASON_CODES } from "./reason-codes.ts";

describe("runtime events", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    // Short: the never-answering sink below leaves writes that will not finish.
    await flushRuntimeEvents(1000);
    await db?.close();
  });

  /** The same database, except that writing a runtime event fails (or never finishes). */
  function withBrokenSink(create: () => Promise<never>): PrismaClient {
    return db.prisma.$extends({ query: { runtimeEvent: { createMany: create } } }) as unknown as PrismaClient;
  }

  it("stores an event with its layer, operation, reason code and metadata", async () => {
    const occurredAt = new Date("2026-01-15T12:00:00Z");
    recordRuntimeEvent(db.prisma, {
      layer: "provider_runtime",
      operation: "CALL",
      reasonCode: REASON_CODES.PROVIDER_CALL_OK,
      entityId: "run-1",
      taskId: "job-1",
      workerId: "worker-1",
      metadata: { provider: "openai", latencyMs: 840, when: occurredAt },
      occurredAt,
    });
    await flushRuntimeEvents();

    expect(await db.prisma.runtimeEvent.findMany({ where: { entityId: "run-1" } })).toEqual([
      expect.objectContaining({
        layer: "provider_runtime",
        operation: "CALL",
        reasonCode: "PROVIDER_CALL_OK",
        taskId: "job-1",
        workerId: "worker-1",
        organizationId: null,
        metadata: { provider: "openai", latencyMs: 840, when: "2026-01-15T12:00:00.000Z" },
        occurredAt,
      }),
    ]);
  });

  it("records the agent run's model call and tool calls", async () => {
    const { agent } = await createTestOrganization(db.prisma);
    await db.prisma.agent.update({ where: { id: agent.id }, data: { simulation: { failureRate: 0, latencyMs: 10, tools: ["web_search"] } } });

    const run = await runAgentFire(
      db.prisma,
      { organizationId: agent.organizationId, entityId: agent.id, source: "manual", input: { prompt: "hi" }, dedupeKey: "events-1" },
      { workerId: "w", sleep: async () => {} },
    );
    await flushRuntimeEvents();

    const events = await db.prisma.runtimeEvent.findMany({ where: { entityId: run.id }, orderBy: { layer: "asc" } });
    expect(events.map(({ layer, operation, reasonCode, organizationId, workerId }) => ({ layer, operation, reasonCode, organizationId, workerId }))).toEqual([
      { layer: "provider_runtime", operation: "CALL", reasonCode: "PROVIDER_CALL_OK", organizationId: agent.organizationId, workerId: "w" },
      { layer: "tool_runtime", operation: "TOOL_CALL", reasonCode: "TOOL_CALL_OK", organizationId: agent.organizationId, workerId: "w" },
    ]);
    expect(events[0]!.metadata).toMatchObject({
      provider: "simulated",
      model: "gpt-4o-mini",
      promptTokens: run.promptTokens,
      completionTokens: run.completionTokens,
      latencyMs: expect.any(Number),
    });
  });

  describe("when the sink fails, no outcome changes", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    afterAll(() => warn.mockRestore());

    it.each([
      ["rejects every write", () => Promise.reject(new Error("runtime event table is gone"))],
      ["never answers", () => new Promise<never>(() => {})],
    ])("a sink that %s", async (_label, create) => {
      const { agent } = await createTestOrganization(db.prisma, { failureRate: 0 });
      const broken = withBrokenSink(create);
      const dedupeKey = `broken-sink-${_label}`;

      const run = await runAgentFire(
        broken,
        { organizationId: agent.organizationId, entityId: agent.id, source: "manual", input: { prompt: "report" }, dedupeKey },
        { workerId: "w", sleep: async () => {} },
      );

      const expected = simulateCompletion({
        agentSlug: "test-agent",
        instructions: "Summarize the input.",
        prompt: "report",
        profile: { failureRate: 0, latencyMs: 10 },
        attemptKey: dedupeKey,
      });
      expect(run).toMatchObject({
        status: "COMPLETED",
        output: { text: expected.text },
        promptTokens: expected.promptTokens,
        completionTokens: expected.completionTokens,
      });
      expect(await db.prisma.runtimeEvent.count({ where: { entityId: run.id } })).toBe(0);
    });

    it("an engine job still completes", async () => {
      const { agent } = await createTestOrganization(db.prisma);
      const broken = withBrokenSink(() => Promise.reject(new Error("sink down")));
      await createLocalEngine(broken).send({
        id: "broken-sink-job",
        name: EVENT_NAMES.agentTriggerFire,
        data: { organizationId: agent.organizationId, entityId: agent.id, source: "manual", input: {}, dedupeKey: "broken-sink-job" },
      });

      await drainLocalJobs({ db: broken, handlers: createEventHandlers({ db: broken, workerId: "w", sleep: async () => {} }), workerId: "w" });

      expect(await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: "broken-sink-job" } })).toMatchObject({ status: "COMPLETED", attempts: 1 });
      expect(await db.prisma.agentRun.findFirstOrThrow({ where: { dedupeKey: "broken-sink-job" } })).toMatchObject({ status: "COMPLETED" });
    });
  });
});
