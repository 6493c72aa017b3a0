import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgentFire } from "../agents/runtime.ts";
import { createTestOrganization } from "../testing.ts";
import { flushRuntimeEvents } from "./events.ts";
import { startTracing, tracesEndpointFromEnv } from "./otel-setup.ts";
import { isTracingEnabled } from "./tracing.ts";

describe("where traces go", () => {
  it("is the traces endpoint, else the OTLP endpoint's /v1/traces, else nowhere", () => {
    expect(tracesEndpointFromEnv({})).toBeNull();
    expect(tracesEndpointFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: " " })).toBeNull();
    expect(tracesEndpointFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example:4318/" })).toBe("https://otlp.example:4318/v1/traces");
    expect(tracesEndpointFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://tempo:4318/otlp" })).toBe("http://tempo:4318/otlp/v1/traces");
    expect(
      tracesEndpointFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://api.honeycomb.io/v1/traces" }),
    ).toBe("https://api.honeycomb.io/v1/traces");
    expect(tracesEndpointFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" })).toBeNull();
  });
});

describe("without an OTLP endpoint", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });

  it("sets nothing up, and runs record no trace", async () => {
    const logged: string[] = [];
    const logger = { log: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    await expect(startTracing({ env: {}, logger })).resolves.toBeNull();
    expect(logged).toEqual([]);
    expect(isTracingEnabled()).toBe(false);

    const { organization, agent } = await createTestOrganization(db.prisma);
    const run = await runAgentFire(
      db.prisma,
      { organizationId: organization.id, entityId: agent.id, source: "manual", input: { prompt: "Hello" }, dedupeKey: "untraced" },
      { workerId: "test-worker", sleep: async () => {} },
    );
    expect(run).toMatchObject({ status: "COMPLETED", traceId: null, traceSpanId: null });
  });

  it("sets nothing up when the endpoint is not a URL, and says so without printing it", async () => {
    const logged: string[] = [];
    const logger = { log: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    await expect(startTracing({ env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "collector-secret-token" }, logger })).resolves.toBeNull();
    expect(logged).toEqual(["[switchyard] tracing not started: the OTLP endpoint is not a URL"]);
    expect(isTracingEnabled()).toBe(false);
  });
});
