import { recordRunFinished, recordRunQueued } from "@switchyard/core/runs/recorder";
import { createTestOrganization } from "@switchyard/core/testing";
import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/live/runs", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  const base = Date.parse("2026-11-01T00:00:00Z");

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    // 25 runs, one per minute; two share a start time to exercise the id tie-breaker.
    for (let i = 0; i < 25; i++) {
      const at = new Date(base + Math.min(i, 23) * 60_000);
      const { run } = await recordRunQueued(db.prisma, {
        organizationId: org.organization.id,
        agentId: org.agent.id,
        source: i % 2 ? "schedule" : "webhook",
        triggerId: i % 5 === 0 ? "trigger-five" : null,
        input: { i },
        at,
      });
      if (i < 22) {
        await recordRunFinished(db.prisma, run, {
          error: i % 3 === 0 ? "boom" : undefined,
          promptTokens: 100,
          completionTokens: 50,
          costUsd: 0.001,
          at: new Date(at.getTime() + 2_000),
        });
      }
    }
  });
  afterAll(async () => db?.close());

  it("returns the unified run shape, newest first, with counts", async () => {
    const { status, body } = await call(GET, { path: "/api/live/runs?limit=5", key: org.keys.VIEWER });
    expect(status).toBe(200);
    expect(body.runs).toHaveLength(5);
    expect(body.runs[0]).toEqual({
      kind: "agent",
      id: expect.any(String),
      name: "Test Agent",
      status: "QUEUED",
      source: expect.any(String),
      startedAt: new Date(base + 23 * 60_000).toISOString(),
      completedAt: null,
      durationMs: null,
      tokens: 0,
      costUsd: 0,
      triggerId: null,
      entity: { id: org.agent.id, slug: "test-agent", name: "Test Agent" },
    });
    const starts = body.runs.map((r: { startedAt: string }) => r.startedAt);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(body.counts).toEqual({
      total: 25,
      byKind: { agent: 25, workflow: 0, network: 0, campaign: 0, pulse: 0 },
      byStatus: { COMPLETED: 14, FAILED: 8, QUEUED: 3 },
    });
  });

  it("walks every run exactly once with the cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/live/runs?limit=4${cursor ? `&cursor=${cursor}` : ""}`;
      const { body } = await call(GET, { path, key: org.keys.VIEWER });
      seen.push(...body.runs.map((r: { id: string }) => r.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it("filters by status, source and triggerId", async () => {
    const failed = await call(GET, { path: "/api/live/runs?status=FAILED", key: org.keys.VIEWER });
    expect(failed.body.runs).toHaveLength(8);
    expect(failed.body.runs.every((r: { status: string; durationMs: number }) => r.status === "FAILED" && r.durationMs === 2000)).toBe(true);
    const scheduled = await call(GET, { path: "/api/live/runs?source=schedule", key: org.keys.VIEWER });
    expect(scheduled.body.counts.total).toBe(12);
    const byTrigger = await call(GET, { path: "/api/live/runs?triggerId=trigger-five", key: org.keys.VIEWER });
    expect(byTrigger.body.runs).toHaveLength(5);
  });

  it("answers 400 for bad query parameters", async () => {
    for (const query of ["status=EXPLODED", "limit=0", "limit=abc", "cursor=%%%", "kind=robot"]) {
      const { status, body } = await call(GET, { path: `/api/live/runs?${query}`, key: org.keys.VIEWER });
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("validation_failed");
    }
  });

  it("shows another organization none of these runs", async () => {
    const other = await createTestOrganization(db.prisma);
    const { body } = await call(GET, { path: "/api/live/runs", key: other.keys.ADMIN });
    expect(body.runs).toEqual([]);
    expect(body.counts.total).toBe(0);
  });
});

describe("GET /api/live/runs over every kind", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];
  const base = new Date("2026-10-01T08:00:00Z");

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    seeded = await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, base, 6);
  });
  afterAll(async () => db?.close());

  const newestFirst = (runs: SeededRun[]) =>
    [...runs].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((r) => r.id);

  async function walk(query: string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/live/runs?limit=${limit}${query ? `&${query}` : ""}${cursor ? `&cursor=${cursor}` : ""}`;
      const { status, body } = await call(GET, { path, key: org.keys.VIEWER });
      expect(status, path).toBe(200);
      expect(body.runs.length).toBeLessThanOrEqual(limit);
      seen.push(...body.runs.map((r: { id: string }) => r.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return seen;
  }

  it("walks a mixed-kind data set page by page with no duplicate and no gap", async () => {
    const expected = newestFirst(seeded);
    expect(expected).toHaveLength(30);
    for (const limit of [1, 4, 7, 30, 200]) {
      expect(await walk("", limit), `limit ${limit}`).toEqual(expected);
    }
  });

  it("returns each kind in the unified shape with its entity", async () => {
    const { body } = await call(GET, { path: "/api/live/runs?limit=200", key: org.keys.VIEWER });
    expect(body.counts.byKind).toEqual({ agent: 6, workflow: 6, network: 6, campaign: 6, pulse: 6 });
    expect(body.counts.total).toBe(30);
    for (const run of seeded) {
      const got = body.runs.find((r: { id: string }) => r.id === run.id);
      expect(got).toEqual({
        kind: run.kind,
        id: run.id,
        name: run.name,
        status: run.status,
        source: run.source,
        startedAt: run.startedAt.toISOString(),
        completedAt: run.completedAt?.toISOString() ?? null,
        durationMs: run.durationMs,
        tokens: run.tokens,
        costUsd: run.costUsd,
        triggerId: run.triggerId,
        entity: { id: expect.any(String), slug: run.entitySlug, name: run.kind === "campaign" ? run.name : expect.any(String) },
      });
    }
    const adHoc = seeded.find((r) => r.kind === "campaign" && r.name === "Ad hoc campaign")!;
    expect(body.runs.find((r: { id: string }) => r.id === adHoc.id).entity).toEqual({ id: adHoc.id, slug: adHoc.id, name: "Ad hoc campaign" });
  });

  it("counts every kind beside a list narrowed to one: byKind ignores the kind filter", async () => {
    const { body } = await call(GET, { path: "/api/live/runs?kind=pulse&status=COMPLETED", key: org.keys.VIEWER });
    const completed = seeded.filter((r) => r.status === "COMPLETED");
    const byKind = Object.fromEntries(
      ["agent", "workflow", "network", "campaign", "pulse"].map((kind) => [kind, completed.filter((r) => r.kind === kind).length]),
    );
    expect(Object.values(byKind).filter((n) => n > 0).length, "completed runs of several kinds").toBeGreaterThan(1);
    expect(body.counts.byKind).toEqual(byKind);
    expect(body.counts.total).toBe(byKind.pulse);
    expect(body.runs.map((r: { kind: string }) => r.kind)).toEqual(Array(byKind.pulse).fill("pulse"));
  });

  it("applies every filter, to the page, the cursor walk and the counts alike", async () => {
    const from = new Date(base.getTime() + 60_000);
    const to = new Date(base.getTime() + 4 * 60_000);
    const cases: [string, (r: SeededRun) => boolean][] = [
      ["kind=workflow", (r) => r.kind === "workflow"],
      ["kind=campaign", (r) => r.kind === "campaign"],
      ["kind=pulse&status=COMPLETED", (r) => r.kind === "pulse" && r.status === "COMPLETED"],
      ["status=FAILED", (r) => r.status === "FAILED"],
      ["status=SUSPENDED", (r) => r.status === "SUSPENDED"],
      ["source=webhook", (r) => r.source === "webhook"],
      ["triggerId=trigger-network", (r) => r.triggerId === "trigger-network"],
      [`from=${from.toISOString()}`, (r) => r.startedAt >= from],
      [`to=${to.toISOString()}`, (r) => r.startedAt <= to],
      [`from=${from.toISOString()}&to=${to.toISOString()}`, (r) => r.startedAt >= from && r.startedAt <= to],
      ["search=research", (r) => r.entitySlug.includes("research")],
      ["search=ad%20HOC", (r) => r.name === "Ad hoc campaign"],
      [`search=${seeded[7].id}`, (r) => r.id === seeded[7].id],
      ["search=100%25", () => false],
      ["entity=growth-pulse", (r) => r.entitySlug === "growth-pulse"],
      ["entity=knowledge-distiller&status=COMPLETED", (r) => r.entitySlug === "knowledge-distiller" && r.status === "COMPLETED"],
      ["entity=test-agent&kind=workflow", () => false],
    ];
    for (const [query, keep] of cases) {
      const expected = newestFirst(seeded.filter(keep));
      expect(await walk(query, 3), query).toEqual(expected);
      const { body } = await call(GET, { path: `/api/live/runs?${query}`, key: org.keys.VIEWER });
      expect(body.counts.total, query).toBe(expected.length);
      const byStatus: Record<string, number> = {};
      for (const run of seeded.filter(keep)) byStatus[run.status] = (byStatus[run.status] ?? 0) + 1;
      expect(body.counts.byStatus, query).toEqual(byStatus);
    }
  });

  it("answers 400 for bad dates and ranges", async () => {
    for (const query of ["from=yesterday", "to=2026-13-45", "from=2026-10-02&to=2026-10-01", "search=", `search=${"x".repeat(201)}`, "entity="]) {
      const { status, body } = await call(GET, { path: `/api/live/runs?${query}`, key: org.keys.VIEWER });
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("validation_failed");
    }
  });

  it("shows another organization none of these runs, whatever the filter", async () => {
    const other = await createTestOrganization(db.prisma);
    for (const query of ["", "kind=campaign", "entity=growth-pulse", `search=${seeded[3].id}`]) {
      const { body } = await call(GET, { path: `/api/live/runs?${query}`, key: other.keys.ADMIN });
      expect(body.runs, query).toEqual([]);
      expect(body.counts.total).toBe(0);
    }
  });
});
