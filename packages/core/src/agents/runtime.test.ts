import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database, Prisma } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { OrgContext } from "../context.ts";
import type { TriggerFirePayload } from "../execution/events.ts";
import { isRetryLater, type RetryLater } from "../execution/retry-later.ts";
import { cancelRun } from "../runs/actions.ts";
import { STALE_RUN_MS } from "../runs/lifecycle.ts";
import { costForTokens } from "./pricing.ts";
import { runAgentFire } from "./runtime.ts";
import { simulateCompletion } from "./simulated-model.ts";

const noSleep = async () => {};

describe("runAgentFire", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());
  afterEach(() => vi.unstubAllEnvs());

  async function createAgent(agent: Partial<Prisma.AgentUncheckedCreateInput> = {}) {
    const suffix = randomBytes(4).toString("hex");
    const organization = await db.prisma.organization.create({ data: { slug: `runtime-${suffix}`, name: `Runtime ${suffix}` } });
    return db.prisma.agent.create({
      data: {
        organizationId: organization.id,
        slug: "analyst",
        name: "Analyst",
        instructions: "Summarize the input.",
        modelName: "gpt-4o-mini",
        simulation: { failureRate: 0, latencyMs: 1200, tools: ["web_search", "fetch_url"] },
        ...agent,
      },
    });
  }

  function firePayload(agent: { id: string; organizationId: string }, overrides: Partial<TriggerFirePayload> = {}): TriggerFirePayload {
    return {
      organizationId: agent.organizationId,
      entityId: agent.id,
      source: "manual",
      input: { prompt: "What changed in the market today?" },
      dedupeKey: `test:${randomBytes(6).toString("hex")}`,
      ...overrides,
    };
  }

  /** What the simulated model answers the analyst agent's fire payload (its output is deterministic). */
  const expectedCompletion = (payload: TriggerFirePayload) =>
    simulateCompletion({
      agentSlug: "analyst",
      instructions: "Summarize the input.",
      prompt: "What changed in the market today?",
      profile: { failureRate: 0, latencyMs: 1200, tools: ["web_search", "fetch_url"] },
      attemptKey: payload.dedupeKey,
    });

  async function createTriggerEvent(agent: { organizationId: string }) {
    return db.prisma.triggerEvent.create({ data: { organizationId: agent.organizationId, source: "webhook", payload: {}, status: "DISPATCHED" } });
  }

  it("records a completed run with the simulated model's tokens, cost, tool calls and duration", async () => {
    const agent = await createAgent();
    const payload = firePayload(agent);
    const sleep = vi.fn(noSleep);

    const run = await runAgentFire(db.prisma, payload, { workerId: "worker-a", sleep });

    const expected = expectedCompletion(payload);
    const stored = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id }, include: { toolCalls: true } });
    expect(stored).toMatchObject({
      status: "COMPLETED",
      source: "manual",
      dedupeKey: payload.dedupeKey,
      claimedBy: "worker-a",
      modelProvider: "simulated",
      modelName: "gpt-4o-mini",
      promptTokens: expected.promptTokens,
      completionTokens: expected.completionTokens,
      totalTokens: expected.promptTokens + expected.completionTokens,
      costUsd: costForTokens("gpt-4o-mini", expected.promptTokens, expected.completionTokens),
      output: { text: expected.text },
      error: null,
    });
    expect(stored.costUsd).toBeGreaterThan(0);
    expect(stored.durationMs).toBe(stored.completedAt!.getTime() - stored.startedAt.getTime());
    expect(stored.toolCalls.map((call) => call.toolName).sort()).toEqual(["fetch_url", "web_search"]);
    expect(sleep).toHaveBeenCalledExactlyOnceWith(expected.latencyMs);
  });

  it("creates one run for a redelivered event and returns the finished run", async () => {
    const agent = await createAgent();
    const payload = firePayload(agent);

    const first = await runAgentFire(db.prisma, payload, { workerId: "worker-a", sleep: noSleep });
    const second = await runAgentFire(db.prisma, payload, { workerId: "worker-b", sleep: noSleep });

    expect(second.id).toBe(first.id);
    expect(await db.prisma.agentRun.count({ where: { agentId: agent.id } })).toBe(1);
    expect(await db.prisma.agentToolCall.count({ where: { agentRunId: first.id } })).toBe(2);
  });

  it("records a model failure as a FAILED run instead of throwing", async () => {
    const agent = await createAgent({ simulation: { failureRate: 1, latencyMs: 500 } });
    const triggerEvent = await createTriggerEvent(agent);

    const run = await runAgentFire(db.prisma, firePayload(agent, { triggerEventId: triggerEvent.id }), { workerId: "worker-a", sleep: noSleep });

    expect(run.status).toBe("FAILED");
    expect(run.error).toEqual(expect.any(String));
    expect(run.error!.length).toBeGreaterThan(0);
    expect(run.output).toBeNull();
    const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEvent.id } });
    expect(event).toMatchObject({ status: "FAILED", error: run.error, agentRunId: run.id, agentId: agent.id });
    expect(event.processedAt).toBeInstanceOf(Date);
  });

  it("links the trigger event to the completed run", async () => {
    const agent = await createAgent();
    const triggerEvent = await createTriggerEvent(agent);

    const run = await runAgentFire(db.prisma, firePayload(agent, { source: "webhook", triggerEventId: triggerEvent.id }), { workerId: "w", sleep: noSleep });

    expect(run.triggerEventId).toBe(triggerEvent.id);
    const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEvent.id } });
    expect(event).toMatchObject({ status: "FIRED", error: null, agentRunId: run.id, agentId: agent.id });
    expect(event.processedAt).toBeInstanceOf(Date);
  });

  it("does not run another organization's agent", async () => {
    const agent = await createAgent();
    const other = await createAgent();

    await expect(
      runAgentFire(db.prisma, firePayload({ id: agent.id, organizationId: other.organizationId }), { workerId: "w", sleep: noSleep }),
    ).rejects.toThrow("Agent not found");
    expect(await db.prisma.agentRun.count({ where: { agentId: agent.id } })).toBe(0);
  });

  it("takes over a run whose worker stopped heartbeating, and leaves a live one alone", async () => {
    const agent = await createAgent();
    const stale = firePayload(agent);
    const live = firePayload(agent);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    for (const [payload, heartbeatAt] of [
      [stale, tenMinutesAgo],
      [live, new Date()],
    ] as const) {
      await db.prisma.agentRun.create({
        data: {
          organizationId: agent.organizationId,
          agentId: agent.id,
          source: "manual",
          input: {},
          dedupeKey: payload.dedupeKey,
          status: "RUNNING",
          claimedBy: "crashed-worker",
          heartbeatAt,
        },
      });
    }

    const recovered = await runAgentFire(db.prisma, stale, { workerId: "worker-b", sleep: noSleep });
    expect(recovered).toMatchObject({ status: "COMPLETED", claimedBy: "worker-b" });
    // The live claim is waited out without using an attempt: retried when it could have gone stale.
    const wait = await runAgentFire(db.prisma, live, { workerId: "worker-b", sleep: noSleep }).catch((error: unknown) => error);
    expect(isRetryLater(wait)).toBe(true);
    expect((wait as RetryLater).message).toContain("crashed-worker");
    expect((wait as RetryLater).retryAfterMs).toBeGreaterThan(STALE_RUN_MS - 10_000);
    expect((wait as RetryLater).retryAfterMs).toBeLessThanOrEqual(STALE_RUN_MS + 1_000);
  });

  it("ends a run cancelled during its model call CANCELLED, keeping what the call spent, with one AGENT_RUN_CANCELLED", async () => {
    const agent = await createAgent();
    const triggerEvent = await createTriggerEvent(agent);
    const payload = firePayload(agent, { triggerEventId: triggerEvent.id });
    const operator: OrgContext = {
      db: db.prisma,
      organizationId: agent.organizationId,
      actor: { type: "apiKey", id: "op", label: "operator", role: "OPERATOR" },
    };
    // The cancel arrives while the simulated model "thinks": the run is RUNNING, so the request only flags it.
    const flagged: string[] = [];
    const sleep = async () => {
      const running = await db.prisma.agentRun.findUniqueOrThrow({
        where: { organizationId_dedupeKey: { organizationId: agent.organizationId, dedupeKey: payload.dedupeKey } },
      });
      flagged.push((await cancelRun(operator, "agent", running.id)).status);
    };

    const run = await runAgentFire(db.prisma, payload, { workerId: "worker-a", sleep });

    expect(flagged).toEqual(["RUNNING"]);
    const expected = expectedCompletion(payload);
    const stored = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id }, include: { toolCalls: true } });
    expect(stored).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; the model's answer was discarded",
      output: null,
      promptTokens: expected.promptTokens,
      completionTokens: expected.completionTokens,
      totalTokens: expected.promptTokens + expected.completionTokens,
      costUsd: costForTokens("gpt-4o-mini", expected.promptTokens, expected.completionTokens),
    });
    expect(stored.cancelRequestedAt).toBeInstanceOf(Date);
    expect(stored.durationMs).toBe(stored.completedAt!.getTime() - stored.startedAt.getTime());
    expect(stored.toolCalls.map((call) => call.toolName).sort()).toEqual(["fetch_url", "web_search"]);
    expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEvent.id } })).toMatchObject({
      status: "FAILED",
      error: stored.error,
      agentRunId: run.id,
    });

    // A redelivery finds the cancelled run and records nothing more.
    expect(await runAgentFire(db.prisma, payload, { workerId: "worker-b", sleep: noSleep })).toMatchObject({ id: run.id, status: "CANCELLED" });
    const events = await db.prisma.activityEvent.findMany({ where: { runId: run.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "AGENT_RUN_CANCELLED",
      title: 'Agent "Analyst" was cancelled',
      status: "cancelled",
      description: stored.error,
      agentSlug: "analyst",
      costUsd: stored.costUsd,
      totalTokens: stored.totalTokens,
      durationMs: stored.durationMs,
    });
  });

  describe("with a provider API key", () => {
    let server: Server;
    let respond: (body: string) => { status: number; body: unknown };
    const requests: { path: string; apiKey: string | undefined; body: Record<string, unknown> }[] = [];

    beforeAll(async () => {
      // Stands in for the Anthropic Messages API, so the real AI SDK provider code runs end to end.
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          requests.push({ path: req.url ?? "", apiKey: req.headers["x-api-key"] as string | undefined, body: JSON.parse(body) });
          const reply = respond(body);
          res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    function useFakeAnthropic() {
      vi.stubEnv("ANTHROPIC_API_KEY", "test-key");
      vi.stubEnv("ANTHROPIC_BASE_URL", `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    }

    it("calls the provider and records its usage and text", async () => {
      useFakeAnthropic();
      respond = () => ({
        status: 200,
        body: {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-sonnet-4",
          content: [{ type: "text", text: "Three competitors shipped pricing changes." }],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: { input_tokens: 120, output_tokens: 30 },
        },
      });
      const agent = await createAgent({ modelProvider: "anthropic", modelName: "claude-sonnet-4" });
      const sleep = vi.fn(noSleep);

      const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep });

      expect(run).toMatchObject({
        status: "COMPLETED",
        modelProvider: "anthropic",
        promptTokens: 120,
        completionTokens: 30,
        costUsd: costForTokens("claude-sonnet-4", 120, 30),
        output: { text: "Three competitors shipped pricing changes." },
      });
      expect(requests.at(-1)).toMatchObject({ path: "/v1/messages", apiKey: "test-key", body: { model: "claude-sonnet-4" } });
      expect(JSON.stringify(requests.at(-1)!.body)).toContain("What changed in the market today?");
      expect(sleep).not.toHaveBeenCalled();
    });

    it("records a provider error as a FAILED run", async () => {
      useFakeAnthropic();
      respond = () => ({ status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "model: not available" } } });
      const agent = await createAgent({ modelProvider: "anthropic", modelName: "claude-sonnet-4" });

      const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

      expect(run.status).toBe("FAILED");
      expect(run.error).toContain("model: not available");
    });

    it("falls back to the simulated model when the key is not set", async () => {
      vi.stubEnv("ANTHROPIC_API_KEY", "");
      const before = requests.length;
      const agent = await createAgent({ modelProvider: "anthropic", modelName: "claude-sonnet-4" });

      const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

      expect(run).toMatchObject({ status: "COMPLETED", modelProvider: "simulated" });
      expect(requests.length).toBe(before);
    });
  });
});
