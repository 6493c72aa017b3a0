import { recordRunFinished, recordRunQueued } from "@switchyard/core/runs/recorder";
import { createTestOrganization } from "@switchyard/core/testing";
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
