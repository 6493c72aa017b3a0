import { RUN_KINDS } from "@switchyard/core/runs/unified";
import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/live/metrics", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];
  // Spans an hour boundary (08:57 + 6 minutes) so the hourly series has two buckets with runs.
  const base = new Date("2026-10-01T08:57:00Z");
  const from = "2026-10-01T08:00:00.000Z";
  const to = "2026-10-01T10:00:00.000Z";

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    seeded = await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, base, 6);
  });
  afterAll(async () => db?.close());

  function expectedMetrics(runs: SeededRun[]) {
    const durations = runs.filter((r) => r.durationMs !== null).map((r) => r.durationMs!);
    return {
      total: runs.length,
      completed: runs.filter((r) => r.status === "COMPLETED").length,
      failed: runs.filter((r) => r.status === "FAILED").length,
      running: runs.filter((r) => r.status === "RUNNING").length,
      suspended: runs.filter((r) => r.status === "SUSPENDED").length,
      avgDurationMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
      totalTokens: runs.reduce((a, r) => a + r.tokens, 0),
      totalCostUsd: expect.closeTo(
        runs.reduce((a, r) => a + r.costUsd, 0),
        6,
      ),
    };
  }

  it("breaks the runs down per kind, equal to a brute-force count", async () => {
    const { status, body } = await call(GET, { path: `/api/live/metrics?from=${from}&to=${to}`, key: org.keys.VIEWER });
    expect(status).toBe(200);
    expect(body.totals).toEqual(expectedMetrics(seeded));
    for (const kind of RUN_KINDS) expect(body.byKind[kind], kind).toEqual(expectedMetrics(seeded.filter((r) => r.kind === kind)));
    expect(body.byKind.workflow.suspended).toBeGreaterThan(0);
  });

  it("returns hourly buckets with counts and cost per kind, zeros included", async () => {
    const { body } = await call(GET, { path: `/api/live/metrics?from=${from}&to=${to}&bucket=hour`, key: org.keys.VIEWER });
    expect(body.series.map((b: { bucket: string }) => b.bucket)).toEqual(["2026-10-01T08:00:00.000Z", "2026-10-01T09:00:00.000Z", "2026-10-01T10:00:00.000Z"]);
    for (const bucket of body.series) {
      const start = Date.parse(bucket.bucket);
      const inBucket = seeded.filter((r) => r.startedAt.getTime() >= start && r.startedAt.getTime() < start + 3_600_000);
      expect(bucket.total).toBe(inBucket.length);
      expect(bucket.costUsd).toBeCloseTo(
        inBucket.reduce((a, r) => a + r.costUsd, 0),
        6,
      );
      expect(bucket.completed).toBe(inBucket.filter((r) => r.status === "COMPLETED").length);
      expect(bucket.failed).toBe(inBucket.filter((r) => r.status === "FAILED").length);
      for (const kind of RUN_KINDS) expect(bucket.byKind[kind].count).toBe(inBucket.filter((r) => r.kind === kind).length);
    }
    expect(body.series[0].total).toBeGreaterThan(0);
    expect(body.series[1].total).toBeGreaterThan(0);
    expect(body.series[2].total).toBe(0);
  });

  it("filters by kind and by time range; daily buckets", async () => {
    const { body } = await call(GET, { path: `/api/live/metrics?kind=network&from=${from}&to=${to}&bucket=day`, key: org.keys.VIEWER });
    expect(body.byKind.network).toEqual(expectedMetrics(seeded.filter((r) => r.kind === "network")));
    expect(body.byKind.agent.total).toBe(0);
    expect(body.series).toHaveLength(1);
    expect(body.series[0]).toMatchObject({ bucket: "2026-10-01T00:00:00.000Z", total: 6 });

    const narrowFrom = new Date(base.getTime() + 3 * 60_000);
    const ranged = await call(GET, { path: `/api/live/metrics?from=${narrowFrom.toISOString()}&to=${to}`, key: org.keys.VIEWER });
    expect(ranged.body.totals).toEqual(expectedMetrics(seeded.filter((r) => r.startedAt >= narrowFrom)));
  });

  it("narrows by source, trigger and search like the runs table", async () => {
    const bySource = await call(GET, { path: `/api/live/metrics?from=${from}&to=${to}&source=webhook`, key: org.keys.VIEWER });
    expect(bySource.body.totals).toEqual(expectedMetrics(seeded.filter((r) => r.source === "webhook")));
    const byTrigger = await call(GET, { path: `/api/live/metrics?from=${from}&to=${to}&triggerId=trigger-agent`, key: org.keys.VIEWER });
    expect(byTrigger.body.totals).toEqual(expectedMetrics(seeded.filter((r) => r.triggerId === "trigger-agent")));
    const bySearch = await call(GET, { path: `/api/live/metrics?from=${from}&to=${to}&search=review-flow`, key: org.keys.VIEWER });
    expect(bySearch.body.totals).toEqual(expectedMetrics(seeded.filter((r) => r.entitySlug === "review-flow")));
  });

  it("starts an open range at the first run, by minute", async () => {
    const { status, body } = await call(GET, { path: `/api/live/metrics?to=${to}&bucket=minute`, key: org.keys.VIEWER });
    expect(status).toBe(200);
    expect(body.from).toBe("2026-10-01T08:57:00.000Z");
    expect(body.totals).toEqual(expectedMetrics(seeded));
    expect(body.series[0]).toMatchObject({ bucket: "2026-10-01T08:57:00.000Z" });
    expect(body.series[0].total).toBeGreaterThan(0);
    expect(body.series.reduce((sum: number, b: { total: number }) => sum + b.total, 0)).toBe(seeded.length);
  });

  it("answers 400 for bad input", async () => {
    for (const query of [
      "kind=robot",
      "bucket=week",
      "source=carrier-pigeon",
      "from=soon",
      "from=2026-10-02&to=2026-10-01",
      "from=2020-01-01&to=2026-01-01&bucket=hour",
    ]) {
      const { status, body } = await call(GET, { path: `/api/live/metrics?${query}`, key: org.keys.VIEWER });
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("validation_failed");
    }
  });

  it("counts none of these runs for another organization", async () => {
    const other = await createTestOrganization(db.prisma);
    const { body } = await call(GET, { path: `/api/live/metrics?from=${from}&to=${to}`, key: other.keys.VIEWER });
    expect(body.totals.total).toBe(0);
    expect(body.series.every((b: { total: number }) => b.total === 0)).toBe(true);
  });
});
