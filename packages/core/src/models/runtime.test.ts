import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertAgent, type NewAgent } from "../agents/definitions.ts";
import { costForTokens } from "../agents/pricing.ts";
import { runAgentFire } from "../agents/runtime.ts";
import type { TriggerFirePayload } from "../execution/events.ts";
import { cancelRun } from "../runs/actions.ts";
import { getUnifiedRun } from "../runs/unified.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { createModelProvider } from "./providers.ts";
import { replies, startFakeModelServer, type FakeModelServer } from "./testing.ts";

const noSleep = async () => {};

const OUTPUT_SCHEMA = {
  type: "object",
  properties: { summary: { type: "string" }, sources: { type: "integer", minimum: 0 } },
  required: ["summary", "sources"],
  additionalProperties: false,
};

describe("an agent on an OpenAI-compatible provider", () => {
  let db: Database;
  let server: FakeModelServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startFakeModelServer();
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  /** A fresh organization with a provider on the fake server and an agent that uses it. */
  async function setUp(agent: Partial<NewAgent> = {}) {
    const org = await createTestOrganization(db.prisma);
    const provider = await createModelProvider(org.ctx("ADMIN"), {
      name: "Local server",
      kind: "openai-compatible",
      baseUrl: server.baseUrl,
      apiKey: "sk-local-test",
      headers: { "X-Gateway-Team": "research" },
      models: ["llama3.1:8b"],
    });
    const created = await insertAgent(db.prisma, {
      organizationId: org.organization.id,
      slug: `analyst-${randomBytes(3).toString("hex")}`,
      name: "Analyst",
      instructions: "Summarize the input. Use the echo tool to note your plan first.",
      modelProvider: "openai-compatible",
      providerId: provider.id,
      modelName: "llama3.1:8b",
      tools: ["echo"],
      outputSchema: OUTPUT_SCHEMA,
      ...agent,
    });
    return { org, provider, agent: created };
  }

  function firePayload(agent: { id: string; organizationId: string }): TriggerFirePayload {
    return {
      organizationId: agent.organizationId,
      entityId: agent.id,
      source: "manual",
      input: { prompt: "What changed in the market today?" },
      dedupeKey: `test:${randomBytes(6).toString("hex")}`,
    };
  }

  const runtimeEvents = async (runId: string) => {
    await flushRuntimeEvents();
    return db.prisma.runtimeEvent.findMany({ where: { entityId: runId }, orderBy: { occurredAt: "asc" } });
  };

  it("runs a two-step tool loop and returns schema-valid output with the server's usage and the tool call", async () => {
    const { agent, org } = await setUp();
    server.reply(
      replies.toolCalls([{ name: "echo", arguments: { plan: "count the sources" } }], { prompt_tokens: 50, completion_tokens: 10 }),
      replies.answer({ summary: "Three competitors changed prices.", sources: 3 }, { prompt_tokens: 80, completion_tokens: 20 }),
    );

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    const stored = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id }, include: { toolCalls: true } });
    expect(stored).toMatchObject({
      status: "COMPLETED",
      error: null,
      modelProvider: "Local server",
      modelName: "llama3.1:8b",
      output: { summary: "Three competitors changed prices.", sources: 3 },
      promptTokens: 130,
      completionTokens: 30,
      totalTokens: 160,
      // llama3.1:8b is not in the price table: its cost is unknown, not $0.
      costUsd: 0,
      metadata: { costUnknown: true },
    });
    // Every surface reads the unified run: its unknown cost is null there (shown as "—").
    expect((await getUnifiedRun(org.ctx("VIEWER"), "agent", run.id)).costUsd).toBeNull();
    expect(stored.toolCalls).toEqual([
      expect.objectContaining({
        toolName: "echo",
        input: { plan: "count the sources" },
        output: { plan: "count the sources" },
        status: "COMPLETED",
        error: null,
      }),
    ]);

    const chats = server.requests.filter((request) => request.path === "/v1/chat/completions");
    expect(chats).toHaveLength(2);
    const [first, second] = chats;
    expect(first.headers.authorization).toBe("Bearer sk-local-test");
    expect(first.headers["x-gateway-team"]).toBe("research");
    expect(first.body).toMatchObject({ model: "llama3.1:8b", response_format: { type: "json_schema", json_schema: { schema: OUTPUT_SCHEMA, strict: true } } });
    expect(first.body!.messages[0]).toMatchObject({ role: "system", content: "Summarize the input. Use the echo tool to note your plan first." });
    expect(JSON.stringify(first.body!.messages)).toContain("What changed in the market today?");
    expect(first.body!.tools).toEqual([
      { type: "function", function: expect.objectContaining({ name: "echo", parameters: expect.objectContaining({ type: "object" }) }) },
    ]);
    // The second call carries the tool's result back to the model.
    const toolMessage = second.body!.messages.find((message) => message.role === "tool");
    expect(toolMessage).toMatchObject({ content: JSON.stringify({ plan: "count the sources" }) });

    const events = await runtimeEvents(run.id);
    expect(events.filter((event) => event.operation === "CALL").map((event) => event.reasonCode)).toEqual(["PROVIDER_CALL_OK"]);
    expect(events.filter((event) => event.operation === "TOOL_CALL").map((event) => event.reasonCode)).toEqual(["TOOL_CALL_OK"]);
  });

  it("prices a model the price table knows, also behind a gateway's vendor/ prefix", async () => {
    const { agent, org } = await setUp({ modelName: "openai/gpt-4o-mini", tools: [], outputSchema: null });
    server.reply(replies.answer("Prices rose.", { prompt_tokens: 1000, completion_tokens: 500 }));

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    expect(run).toMatchObject({ status: "COMPLETED", output: { text: "Prices rose." }, costUsd: costForTokens("gpt-4o-mini", 1000, 500) });
    expect(run.costUsd).toBeGreaterThan(0);
    expect(run.metadata).toBeNull();
    expect((await getUnifiedRun(org.ctx("VIEWER"), "agent", run.id)).costUsd).toBe(run.costUsd);
  });

  it("fails a run whose answer does not match the output schema (the ajv check is the last word)", async () => {
    const { agent } = await setUp({ tools: [] });
    server.reply(replies.answer({ summary: "No count given" }));

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    expect(run.status).toBe("FAILED");
    expect(run.error).toContain("does not match the agent's output schema");
    expect(run.error).toContain("sources");
    expect(run.metadata).toMatchObject({ reasonCode: "OUTPUT_INVALID" });
  });

  it("retries a provider that answers 429 twice, and records each retried failure", async () => {
    const { agent, provider } = await setUp({ tools: [], outputSchema: null });
    const slowDown = replies.error(429, "Rate limit reached", { "retry-after-ms": "10" });
    server.reply(slowDown, slowDown, replies.answer("Third time lucky."));

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    expect(run).toMatchObject({ status: "COMPLETED", output: { text: "Third time lucky." } });
    expect(server.requests.filter((request) => request.path === "/v1/chat/completions")).toHaveLength(3);
    const events = await runtimeEvents(run.id);
    expect(events.filter((event) => event.operation === "RETRY").map((event) => [event.reasonCode, (event.metadata as { attempt: number }).attempt])).toEqual([
      ["RATE_LIMITED", 1],
      ["RATE_LIMITED", 2],
    ]);
    expect(events.find((event) => event.operation === "CALL")?.reasonCode).toBe("PROVIDER_CALL_OK");
    // Retries happen inside one pass through the breaker, which saw a success.
    const breaker = await db.prisma.circuitBreaker.findUnique({ where: { name: `model-provider:${provider.id}` } });
    expect(breaker?.consecutiveFailures ?? 0).toBe(0);
  });

  it("fails with RATE_LIMITED when the retries run out, counting one failure against the breaker", async () => {
    const { agent, provider } = await setUp({ tools: [], outputSchema: null });
    const slowDown = replies.error(429, "Rate limit reached", { "retry-after-ms": "5" });
    server.reply(slowDown, slowDown, slowDown);

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    expect(run.status).toBe("FAILED");
    expect(run.error).toContain("Rate limit reached");
    expect(run.metadata).toMatchObject({ reasonCode: "RATE_LIMITED" });
    const events = await runtimeEvents(run.id);
    expect(events.map((event) => `${event.operation}:${event.reasonCode}`)).toEqual(["RETRY:RATE_LIMITED", "RETRY:RATE_LIMITED", "CALL:RATE_LIMITED"]);
    const breaker = await db.prisma.circuitBreaker.findUniqueOrThrow({ where: { name: `model-provider:${provider.id}` } });
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it("cuts a call that hangs at the agent's timeout, aborting the request, with reason TIMEOUT", async () => {
    const { agent } = await setUp({ tools: [], outputSchema: null, timeoutSeconds: 1 });
    server.reply("hang");
    const abandoned = server.nextAbandonedRequest();

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("Timed out after 1s: the model request was aborted");
    expect(run.metadata).toMatchObject({ reasonCode: "TIMEOUT" });
    await abandoned;
    const events = await runtimeEvents(run.id);
    expect(events.filter((event) => event.operation === "CALL").map((event) => event.reasonCode)).toEqual(["TIMEOUT"]);
  });

  it("aborts the in-flight request when the run's cancel is requested, and ends the run CANCELLED", async () => {
    const { agent, org } = await setUp({ tools: [], outputSchema: null });
    server.reply("hang");
    const payload = firePayload(agent);
    const arrived = server.nextChatRequest();
    const abandoned = server.nextAbandonedRequest();

    const running = runAgentFire(db.prisma, payload, { workerId: "w", sleep: noSleep, heartbeatMs: 25 });
    await arrived;
    const inFlight = await db.prisma.agentRun.findUniqueOrThrow({
      where: { organizationId_dedupeKey: { organizationId: agent.organizationId, dedupeKey: payload.dedupeKey } },
    });
    expect((await cancelRun(org.ctx("OPERATOR"), "agent", inFlight.id)).status).toBe("RUNNING");

    // The server sees its client go away: the heartbeat that saw the cancel aborted the request.
    expect(await abandoned).toMatchObject({ path: "/v1/chat/completions" });
    const run = await running;
    expect(run).toMatchObject({ id: inFlight.id, status: "CANCELLED", error: "Cancelled on request; the model request was aborted", output: null });
    const events = await runtimeEvents(run.id);
    expect(events.filter((event) => event.operation === "CALL").map((event) => event.reasonCode)).toEqual(["CANCELLED"]);
  });

  it("fails the run with the reason when the server refuses the request, without tripping the breaker", async () => {
    const { agent, provider } = await setUp({ tools: [], outputSchema: null });
    server.reply(replies.error(404, "model 'llama3.1:8b' not found, try pulling it first"));

    const run = await runAgentFire(db.prisma, firePayload(agent), { workerId: "w", sleep: noSleep });

    expect(run.status).toBe("FAILED");
    expect(run.error).toContain("Local server call failed");
    expect(run.error).toContain("try pulling it first");
    expect(await db.prisma.circuitBreaker.findUnique({ where: { name: `model-provider:${provider.id}` } })).toBeNull();
  });
});
