import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { loadRunStats, type RunStatsRow } from "./rollups.ts";
import { seedMixedRuns } from "./testing.ts";
import { RUN_KINDS, type RunFilters } from "./unified.ts";

/** Each rollup's key (its primary key but the shard) and its sums. */
const ROLLUPS = {
  RunStatsHourly: { key: ["organizationId", "hour", "kind", "source", "status"], sums: ["runs", "durationMsSum", "durationCount", "tokens", "costUsd"] },
  RunStatsTotal: { key: ["organizationId", "kind", "source", "status"], sums: ["runs", "durationMsSum", "durationCount", "tokens", "costUsd"] },
  AutomationRunStats: { key: ["organizationId", "kind", "key", "status"], sums: ["runs", "durationMsSum", "durationCount", "costUsd"] },
  AutomationRunDaily: { key: ["organizationId", "day", "kind", "key"], sums: ["runs"] },
};

describe("run rollups", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  // 23:50 + 12 minutes of runs crosses an hour and a day.
  const base = new Date("2026-10-01T23:50:00Z");

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await createTestOrganization(db.prisma);
    await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, base, 12);
  });
  afterAll(async () => db?.close());

  /** Every rollup key with runs in it and its sums over the shards, in a fixed order. */
  async function snapshot() {
    const out: Record<string, unknown[]> = {};
    for (const [table, { key, sums }] of Object.entries(ROLLUPS)) {
      const keys = key.map((column) => `"${column}"`).join(", ");
      const totals = sums.map((column) => `sum("${column}")::float8 AS "${column}"`).join(", ");
      const rows = await db.sql.query<Record<string, unknown>>(`SELECT ${keys}, ${totals} FROM "${table}" GROUP BY ${keys} HAVING sum(runs) <> 0`);
      out[table] = rows
        .map((row) =>
          Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "number" ? Math.round(value * 1e9) / 1e9 : String(value)])),
        )
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return out;
  }

  it("are kept by the triggers equal to a rebuild from the run tables, through inserts, updates and deletes", async () => {
    const { id: organizationId } = org.organization;
    // A run finishing, finished runs corrected or moved to another trigger, one turned back to running, one deleted, one born finished.
    const running = await db.prisma.agentRun.findFirstOrThrow({ where: { organizationId, status: "RUNNING" } });
    await db.prisma.agentRun.update({
      where: { id: running.id },
      data: { status: "COMPLETED", completedAt: new Date(), durationMs: 4200, totalTokens: 77, costUsd: 0.0123 },
    });
    const finished = await db.prisma.workflowRun.findFirstOrThrow({ where: { organizationId, status: "COMPLETED" } });
    await db.prisma.workflowRun.update({ where: { id: finished.id }, data: { costUsd: 1.5, source: "retry" } });
    const failed = await db.prisma.campaign.findFirstOrThrow({ where: { organizationId, status: { in: ["FAILED", "COMPLETED", "CANCELLED"] } } });
    await db.prisma.campaign.update({ where: { id: failed.id }, data: { status: "RUNNING" } });
    const moved = await db.prisma.agentRun.findFirstOrThrow({ where: { organizationId, status: "FAILED" } });
    await db.prisma.agentRun.update({ where: { id: moved.id }, data: { triggerId: "another-trigger" } });
    const doomed = await db.prisma.networkRun.findFirstOrThrow({ where: { organizationId, status: "CANCELLED" } });
    await db.prisma.networkRun.delete({ where: { id: doomed.id } });
    await db.prisma.pulseEvaluation.updateMany({ where: { organizationId, status: "COMPLETED" }, data: { durationMs: 99 } });
    await db.prisma.agentRun.create({
      data: {
        organizationId,
        agentId: org.agent.id,
        source: "webhook",
        status: "FAILED",
        triggerId: "trigger-agent",
        input: {},
        startedAt: base,
        durationMs: 5,
        costUsd: 0.5,
      },
    });

    const kept = await snapshot();
    // Folding the shards of past hours and days into one row changes no sum.
    const folded = await db.sql.query<{ n: number }>(`SELECT "switchyard_compact_run_rollups"('2030-01-01', '2030-01-01', 100000) AS n`);
    expect(Number(folded[0].n)).toBeGreaterThan(0);
    expect(await db.sql.query(`SELECT 1 FROM "RunStatsHourly" WHERE shard <> 0 UNION ALL SELECT 1 FROM "AutomationRunDaily" WHERE shard <> 0`)).toEqual([]);
    expect(await snapshot()).toEqual(kept);
    await db.sql.query(`SELECT "switchyard_rebuild_run_rollups"()`);
    expect(await snapshot()).toEqual(kept);
    expect(kept.RunStatsTotal.length).toBeGreaterThan(0);
    expect(kept.AutomationRunDaily.length).toBeGreaterThan(0);
  });

  it("answer the same as a scan of the runs, for every filter and bucket they serve", async () => {
    const ctx = org.ctx("VIEWER");
    const normal = (rows: RunStatsRow[]) =>
      rows
        .map((row) => ({ ...row, bucket: row.bucket?.toISOString() ?? null, costUsd: Math.round(row.costUsd * 1e9) / 1e9 }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const cases: [RunFilters, "hour" | "day" | null][] = [
      [{}, null],
      [{ from: new Date("2026-10-01T23:00:00Z"), to: new Date("2026-10-02T01:00:00Z") }, "hour"],
      // Edges inside an hour at both ends, and a range within one hour.
      [{ from: new Date("2026-10-01T23:53:30Z"), to: new Date("2026-10-02T00:04:10Z") }, "hour"],
      [{ from: new Date("2026-10-01T23:53:30Z"), to: new Date("2026-10-02T00:04:10Z") }, "day"],
      [{ from: new Date("2026-10-01T23:51:00Z"), to: new Date("2026-10-01T23:58:00Z") }, "day"],
      [{ from: new Date("2026-10-02T00:00:00Z"), to: new Date("2026-10-02T00:59:59.999Z") }, null],
      [{ from: new Date("2026-10-01T23:55:00Z") }, null],
      [{ to: new Date("2026-10-02T00:00:00Z") }, null],
      [{ source: "webhook" }, null],
      [{ status: "COMPLETED", from: new Date("2026-10-01T20:00:00Z"), to: new Date("2026-10-02T03:00:00Z") }, "hour"],
      [{ status: "SUSPENDED" }, null],
    ];
    for (const [filters, bucket] of cases) {
      const rolled = await loadRunStats(ctx, RUN_KINDS, filters, bucket);
      const scanned = await loadRunStats(ctx, RUN_KINDS, filters, bucket, { useRollups: false });
      expect(normal(rolled), JSON.stringify({ filters, bucket })).toEqual(normal(scanned));
      expect(scanned.length, JSON.stringify(filters)).toBeGreaterThan(0);
    }
  });
});
