import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { call } from "@/test/http";
import { POST as startRun } from "../runs/route";
import { GET } from "./route";

describe("GET /api/metrics", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  const scrape = async (authorization?: string) => {
    const headers = new Headers(authorization ? { authorization } : {});
    const response = await GET(new Request("http://localhost/api/metrics", { headers }), { params: Promise.resolve({}) });
    return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
  };
  /** Parsed families (the parser throws on a malformed line) plus the raw text, for histogram series it does not keep apart. */
  const families = async (authorization: string) => {
    const { status, text } = await scrape(authorization);
    expect(status).toBe(200);
    return Object.assign(new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family])), { text });
  };
  const histogramCount = (text: string, name: string, organization: string, status: string) =>
    Number(new RegExp(`^${name}_count\\{organization="${organization}",status="${status}"\\} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  /** The value of one series, matched on the given labels (0 when the series is absent). */
  const seriesValue = (family: MetricFamily | undefined, labels: Record<string, string>) =>
    Number(family?.metrics.find((sample) => Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value))?.value ?? 0);
  const runAgent = async () => {
    const { status } = await call(startRun, {
      method: "POST",
      path: "/api/runs",
      body: { kind: "agent", slug: "test-agent", input: { text: "hi" } },
      key: org.keys.OPERATOR,
    });
    expect(status).toBe(202);
    await drainLocalJobs({
      db: db.prisma,
      handlers: createEventHandlers({ db: db.prisma, workerId: "metrics-test", sleep: async () => {} }),
      workerId: "metrics-test",
      logger: { error: () => {} },
    });
  };

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());
  afterEach(() => vi.unstubAllEnvs());

  it("parses as Prometheus text, and its run counters and histograms move after a run", async () => {
    const slug = org.organization.slug;
    const before = await families(`Bearer ${org.keys.ADMIN}`);
    const completedBefore = seriesValue(before.get("switchyard_agent_execution_total"), { organization: slug, status: "COMPLETED", source: "api" });

    await runAgent();

    const after = await families(`Bearer ${org.keys.ADMIN}`);
    expect(seriesValue(after.get("switchyard_agent_execution_total"), { organization: slug, status: "COMPLETED", source: "api" })).toBe(completedBefore + 1);
    expect(after.get("switchyard_agent_execution_duration_ms")?.type).toBe("HISTOGRAM");
    expect(histogramCount(after.text, "switchyard_agent_execution_duration_ms", slug, "COMPLETED")).toBe(completedBefore + 1);
    expect(after.text).toMatch(
      new RegExp(`^switchyard_agent_execution_duration_ms_bucket\\{organization="${slug}",status="COMPLETED",le="\\+Inf"\\} ${completedBefore + 1}$`, "m"),
    );
    expect(seriesValue(after.get("switchyard_runs"), { organization: slug, kind: "agent", status: "COMPLETED" })).toBe(completedBefore + 1);
    expect(after.get("switchyard_queue_oldest_job_age_seconds")?.type).toBe("GAUGE");
    // The process's own runtime metrics ride along.
    expect(after.has("switchyard_process_cpu_user_seconds_total") && after.has("switchyard_nodejs_heap_size_total_bytes")).toBe(true);
  });

  it("shows an ADMIN key only its own organization, and the metrics token every organization", async () => {
    vi.stubEnv("SWITCHYARD_METRICS_TOKEN", "scrape-secret-123");
    await runAgent();
    const own = await families(`Bearer ${org.keys.ADMIN}`);
    const organizationsSeen = (text: Map<string, MetricFamily>) => new Set(text.get("switchyard_runs")?.metrics.map((sample) => sample.labels?.organization));
    expect(organizationsSeen(own)).toEqual(new Set([org.organization.slug]));

    await db.prisma.agentRun.create({
      data: { organizationId: other.organization.id, agentId: other.agent.id, source: "api", input: {}, status: "FAILED", durationMs: 5 },
    });
    await db.prisma.circuitBreaker.upsert({
      where: { name: "metrics-test-provider" },
      create: { name: "metrics-test-provider", state: "open" },
      update: { state: "open" },
    });
    const all = await families("Bearer scrape-secret-123");
    expect(seriesValue(all.get("switchyard_circuit_breaker_state"), { breaker: "metrics-test-provider" })).toBe(2);
    expect(seriesValue(all.get("switchyard_runs"), { organization: other.organization.slug, kind: "agent", status: "FAILED" })).toBe(1);
    expect([...organizationsSeen(all)]).toEqual(expect.arrayContaining([org.organization.slug, other.organization.slug]));
  });

  it("refuses a scrape without credentials, with a wrong token, or with a key below ADMIN", async () => {
    vi.stubEnv("SWITCHYARD_METRICS_TOKEN", "scrape-secret-123");
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer scrape-secret-12")).status).toBe(401);
    const operator = await scrape(`Bearer ${org.keys.OPERATOR}`);
    expect(operator.status).toBe(403);
    expect(JSON.parse(operator.text).error.code).toBe("forbidden");
  });

  it("answers in the Prometheus text content type", async () => {
    const { contentType, text } = await scrape(`Bearer ${org.keys.ADMIN}`);
    expect(contentType).toContain("text/plain; version=0.0.4");
    expect(text).toMatch(/^# HELP /m);
  });
});
