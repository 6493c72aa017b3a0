import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAgent } from "../agents/definitions.ts";
import { dispatchFire } from "../dispatch.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { createModelProvider } from "../models/providers.ts";
import { replies, startFakeModelServer, type FakeModelServer } from "../models/testing.ts";
import { decideReview } from "../reviews/decisions.ts";
import { getRunDetail } from "../runs/detail.ts";
import { createTestOrganization } from "../testing.ts";
import { createWorkflow } from "../workflows/service.ts";
import { startTracing, type Tracing } from "./otel-setup.ts";

/** One span as the OTLP/HTTP JSON exporter sends it, with its attributes flattened. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  attributes: Record<string, unknown>;
  status: { code: number; message: string | null };
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}
interface OtlpBody {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      spans: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: OtlpAttribute[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

const STATUS_ERROR = 2;

function flatten(attributes: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue)),
    ]),
  );
}

/** A stand-in OTLP/HTTP collector on 127.0.0.1: it keeps every span posted to /v1/traces. */
async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const resources: Record<string, unknown>[] = [];
  const server: Server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/traces" || !request.headers["content-type"]?.includes("application/json")) {
        return void response.writeHead(404).end();
      }
      for (const resourceSpans of (JSON.parse(raw) as OtlpBody).resourceSpans) {
        resources.push(flatten(resourceSpans.resource.attributes));
        for (const span of resourceSpans.scopeSpans.flatMap((scope) => scope.spans)) {
          spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || null,
            name: span.name,
            attributes: flatten(span.attributes),
            status: { code: span.status?.code ?? 0, message: span.status?.message ?? null },
          });
        }
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    resources,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("OpenTelemetry traces of runs, exported over OTLP/HTTP", () => {
  let db: Database;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let models: FakeModelServer;
  let tracing: Tracing;
  const logged: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startOtlpReceiver();
    models = await startFakeModelServer();
    const logger = { log: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    // Credentials in the endpoint (basic auth to a collector) must not reach the log.
    const endpoint = receiver.url.replace("http://", "http://collector:collector-secret@");
    tracing = (await startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`, OTEL_SERVICE_NAME: "switchyard-test" }, logger }))!;
  });
  afterAll(async () => {
    await tracing?.shutdown();
    await models?.close();
    await receiver?.close();
    await db?.close();
  });

  const noSleep = async () => {};
  const drain = () =>
    drainLocalJobs({ db: db.prisma, handlers: createEventHandlers({ db: db.prisma, workerId: "test-worker", sleep: noSleep }), workerId: "test-worker" });

  /** An organization with the simulated `test-agent` and `analyst` on the fake OpenAI-compatible server. */
  async function setup(nodes: unknown[]) {
    const org = await createTestOrganization(db.prisma);
    const provider = await createModelProvider(org.ctx("ADMIN"), {
      name: "Local server",
      kind: "openai-compatible",
      baseUrl: models.baseUrl,
      models: ["llama3.1:8b"],
    });
    await insertAgent(db.prisma, {
      organizationId: org.organization.id,
      slug: "analyst",
      name: "Analyst",
      instructions: "Review the draft.",
      modelProvider: "openai-compatible",
      providerId: provider.id,
      modelName: "llama3.1:8b",
    });
    await insertAgent(db.prisma, {
      organizationId: org.organization.id,
      slug: "flaky",
      name: "Flaky",
      instructions: "Fail.",
      modelName: "gpt-4o-mini",
      simulation: { failureRate: 1, latencyMs: 10 },
    });
    const workflow = await createWorkflow(org.ctx(), { slug: "flow", name: "Flow", definition: { nodes } });
    return { org, workflow };
  }

  async function fire(org: Awaited<ReturnType<typeof setup>>["org"], workflowId: string) {
    const dedupeKey = `test:${randomBytes(6).toString("hex")}`;
    await dispatchFire(createLocalEngine(db.prisma), "workflow", {
      organizationId: org.organization.id,
      entityId: workflowId,
      source: "manual",
      input: {},
      dedupeKey,
    });
    await drain();
    return db.prisma.workflowRun.findUniqueOrThrow({ where: { organizationId_dedupeKey: { organizationId: org.organization.id, dedupeKey } } });
  }

  /** Every span exported so far of one trace. */
  async function spansOf(traceId: string | null) {
    await tracing.flush();
    return receiver.spans.filter((span) => span.traceId === traceId);
  }

  const named = (spans: ReceivedSpan[], name: string) => spans.filter((span) => span.name === name);
  const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);
  const descendantsOf = (spans: ReceivedSpan[], parent: ReceivedSpan): ReceivedSpan[] =>
    childrenOf(spans, parent).flatMap((child) => [child, ...descendantsOf(spans, child)]);

  it("exports a workflow run as one trace: its span, a span per step, each agent run's span and its model calls", async () => {
    models.reply(replies.answer("Looks right.", { prompt_tokens: 31, completion_tokens: 7 }));
    const { org, workflow } = await setup([
      { id: "draft", type: "agent", agent: "test-agent", prompt: "Draft a note" },
      { id: "review", type: "agent", agent: "analyst", dependsOn: ["draft"], prompt: "Review {{ steps.draft.text }}" },
    ]);
    const run = await fire(org, workflow.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = await spansOf(run.traceId);

    const [workflowSpan] = named(spans, "workflow.flow");
    expect(workflowSpan).toMatchObject({
      spanId: run.traceSpanId,
      parentSpanId: null,
      attributes: {
        "switchyard.organization_id": org.organization.id,
        "run.id": run.id,
        "run.kind": "workflow",
        "run.source": "manual",
        "run.status": "COMPLETED",
      },
      status: { code: 0 },
    });
    expect(receiver.resources.at(-1)).toMatchObject({ "service.name": "switchyard-test" });
    expect(
      childrenOf(spans, workflowSpan)
        .map((span) => span.name)
        .sort(),
    ).toEqual(["step.draft", "step.review"]);

    const subRuns = await db.prisma.agentRun.findMany({ where: { workflowRunId: run.id }, include: { agent: true } });
    expect(subRuns).toHaveLength(2);
    for (const subRun of subRuns) {
      const step = named(spans, subRun.agent.slug === "test-agent" ? "step.draft" : "step.review")[0];
      const [agentSpan] = childrenOf(spans, step);
      expect(agentSpan).toMatchObject({
        name: `agent.${subRun.agent.slug}`,
        spanId: subRun.traceSpanId,
        attributes: {
          "switchyard.organization_id": org.organization.id,
          "run.id": subRun.id,
          "run.kind": "agent",
          "agent.version": subRun.agentVersion,
          "run.status": "COMPLETED",
        },
      });
      expect(subRun.traceId).toBe(run.traceId);
    }

    // The simulated model's call has the span a real call gets from the AI SDK.
    const simulated = subRuns.find((subRun) => subRun.agent.slug === "test-agent")!;
    expect(childrenOf(spans, named(spans, "agent.test-agent")[0])).toEqual([
      expect.objectContaining({
        name: "chat gpt-4o-mini",
        attributes: expect.objectContaining({ "gen_ai.usage.input_tokens": simulated.promptTokens, "gen_ai.usage.output_tokens": simulated.completionTokens }),
      }),
    ]);
    // The real provider's call is traced by the AI SDK itself, below the agent run's span.
    const sdkSpans = descendantsOf(spans, named(spans, "agent.analyst")[0]);
    expect(sdkSpans.map((span) => span.name)).toEqual(expect.arrayContaining(["invoke_agent llama3.1:8b", "chat llama3.1:8b"]));
    expect(named(sdkSpans, "chat llama3.1:8b")[0].attributes).toMatchObject({ "gen_ai.usage.input_tokens": 31, "gen_ai.usage.output_tokens": 7 });

    const previous = process.env.SWITCHYARD_TRACE_URL;
    process.env.SWITCHYARD_TRACE_URL = "https://jaeger.example/trace/{traceId}";
    try {
      const { run: detail } = await getRunDetail(org.ctx("VIEWER"), "workflow", run.id);
      expect(detail).toMatchObject({ traceId: run.traceId, traceUrl: `https://jaeger.example/trace/${run.traceId}` });
    } finally {
      if (previous === undefined) delete process.env.SWITCHYARD_TRACE_URL;
      else process.env.SWITCHYARD_TRACE_URL = previous;
    }
  });

  it("gives a failed run's spans the error status, from its model call up to the workflow", async () => {
    const { org, workflow } = await setup([{ id: "try", type: "agent", agent: "flaky", prompt: "Try" }]);
    const run = await fire(org, workflow.id);
    expect(run.status).toBe("FAILED");
    const spans = await spansOf(run.traceId);
    const subRun = await db.prisma.agentRun.findFirstOrThrow({ where: { workflowRunId: run.id } });

    expect(named(spans, "workflow.flow")[0]).toMatchObject({ attributes: { "run.status": "FAILED" }, status: { code: STATUS_ERROR, message: run.error } });
    expect(named(spans, "step.try")[0].status).toEqual({ code: STATUS_ERROR, message: expect.stringContaining(subRun.error!) });
    expect(named(spans, "agent.flaky")[0]).toMatchObject({ attributes: { "run.status": "FAILED" }, status: { code: STATUS_ERROR, message: subRun.error } });
    expect(named(spans, "chat gpt-4o-mini")[0].status).toEqual({ code: STATUS_ERROR, message: subRun.error });
  });

  it("continues a run's trace when it resumes after a human decision, in a later job", async () => {
    const { org, workflow } = await setup([
      { id: "gate", type: "human", title: "Go?", prompt: "Go?" },
      { id: "after", type: "agent", agent: "test-agent", dependsOn: ["gate"], prompt: "Carry on" },
    ]);
    const run = await fire(org, workflow.id);
    expect(run.status).toBe("SUSPENDED");
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id } });
    await decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "approve" });
    await drain();
    const resumed = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(resumed).toMatchObject({ status: "COMPLETED", traceId: run.traceId, traceSpanId: run.traceSpanId });

    const spans = await spansOf(run.traceId);
    const parts = named(spans, "workflow.flow");
    expect(parts).toHaveLength(2);
    const first = parts.find((span) => span.parentSpanId === null)!;
    const second = parts.find((span) => span !== first)!;
    expect(first).toMatchObject({ spanId: run.traceSpanId, parentSpanId: null, attributes: { "run.status": "SUSPENDED" } });
    expect(second).toMatchObject({ parentSpanId: first.spanId, attributes: { "run.id": run.id, "run.continued": true, "run.status": "COMPLETED" } });
    expect(childrenOf(spans, second).map((span) => span.name)).toEqual(["step.after"]);
    expect(named(spans, "agent.test-agent")[0].parentSpanId).toBe(named(spans, "step.after")[0].spanId);
  });

  it("says where spans go without printing the endpoint's credentials", () => {
    expect(logged).toEqual([`[switchyard] tracing: spans to ${receiver.url}/v1/traces (OTLP/HTTP JSON) as service "switchyard-test"`]);
    expect(receiver.spans.length).toBeGreaterThan(0);
  });
});
