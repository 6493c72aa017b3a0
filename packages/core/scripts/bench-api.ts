/**
 * Benchmarks the unified read APIs against a large organization in PostgreSQL. `bun run bench:api`.
 *
 * Creates a fresh database `switchyard_bench_<random>` on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates it, seeds a large organization with set-based
 * SQL (>= 1,000,000 runs across the five kinds over 90 days, >= 2,000 automations) plus a small second
 * organization (every schedule with a cron of its own; the run rollups rebuilt once after the bulk
 * load), ANALYZEs, checks that the rollups answer what a scan answers, then prints p50/p95 latency of
 * listRuns (first page, a page 200 pages deep, status+source filters), getRunMetrics (30 days by day,
 * 24 hours by hour), the run-list counts, listAutomations (and its first, cold call) and
 * updateAutomation, with the previous approaches as baselines in the same process: merge-in-memory
 * pages, scanning the runs for metrics, counts and automation stats, reloading the list on update.
 * The database is dropped at the end.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_ITERATIONS (default 30), BENCH_WARMUP (default 3),
 * BENCH_SCALE (run-count multiplier, default 1), BENCH_DEEP_PAGES (default 200), BENCH_EXPLAIN=1 (print
 * EXPLAIN (ANALYZE, BUFFERS) of the runs list queries), BENCH_KEEP=1 (keep the database).
 */
import { Prisma, type Database, type PrismaClient } from "@switchyard/database";
import { listAutomations } from "../src/automations/list.ts";
import { updateAutomation } from "../src/automations/mutate.ts";
import type { OrgContext } from "../src/context.ts";
import { getRunMetrics } from "../src/runs/metrics.ts";
import { loadRunStats } from "../src/runs/rollups.ts";
import { listRuns, RUN_KINDS, type ListRunsQuery } from "../src/runs/unified.ts";
import {
  assertRollupsEqualScan,
  benchContext,
  ITERATIONS,
  largeOrgShape,
  measure,
  percentile,
  reportSeededCounts,
  type Result,
  runInBenchDatabase,
  SMALL_ORG,
  seededRuns,
  seedOrganizations,
  summary,
  WARMUP,
} from "./bench-support.ts";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 200);
const LIMIT = 50;
const EXPLAIN = process.env.BENCH_EXPLAIN === "1";

const LARGE = largeOrgShape(SCALE);
const ORG_A = LARGE.id;
const ORG_B = SMALL_ORG.id;

/**
 * The seed's approach: for page k, fetch (k+1)*limit rows of each run table ordered by startedAt,
 * merge them in memory and slice the page out.
 */
async function baselinePage(db: PrismaClient, organizationId: string, page: number, limit = LIMIT) {
  const take = (page + 1) * limit;
  const where = { organizationId };
  const orderBy = [{ startedAt: "desc" as const }, { id: "desc" as const }];
  const common = {
    id: true,
    status: true,
    source: true,
    startedAt: true,
    completedAt: true,
    durationMs: true,
    totalTokens: true,
    costUsd: true,
    triggerId: true,
  } as const;
  const entity = { select: { id: true, slug: true, name: true } } as const;
  const [agent, workflow, network, campaign, pulse] = await Promise.all([
    db.agentRun.findMany({ where, orderBy, take, select: { ...common, agent: entity } }),
    db.workflowRun.findMany({ where, orderBy, take, select: { ...common, workflow: entity } }),
    db.networkRun.findMany({ where, orderBy, take, select: { ...common, network: entity } }),
    db.campaign.findMany({ where, orderBy, take, select: { ...common, name: true, template: entity } }),
    db.pulseEvaluation.findMany({ where, orderBy, take, select: { ...common, pulse: entity } }),
  ]);
  const merged = [
    ...agent.map((r) => ({ kind: "agent", ...r, name: r.agent.name })),
    ...workflow.map((r) => ({ kind: "workflow", ...r, name: r.workflow.name })),
    ...network.map((r) => ({ kind: "network", ...r, name: r.network.name })),
    ...campaign.map((r) => ({ kind: "campaign", ...r })),
    ...pulse.map((r) => ({ kind: "pulse", ...r, name: r.pulse.name })),
  ];
  merged.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return merged.slice(page * limit, (page + 1) * limit);
}

/** The previous automation statistics: every run of the organization grouped by the automation that fired it. */
async function baselineAutomationStats(db: PrismaClient, organizationId: string) {
  return Promise.all(
    [
      ['"AgentRun"', '"triggerId"'],
      ['"WorkflowRun"', '"triggerId"'],
      ['"NetworkRun"', '"triggerId"'],
      ['"Campaign"', '"scheduleId"'],
      ['"Campaign"', '"triggerId"'],
      ['"PulseEvaluation"', '"pulseId"'],
    ].map(
      ([table, key]) => db.$queryRaw`
        SELECT r.${Prisma.raw(key)} AS key, count(*)::int AS total,
          (count(*) FILTER (WHERE r.status = 'COMPLETED'))::int AS success, (count(*) FILTER (WHERE r.status = 'FAILED'))::int AS failed,
          (COALESCE(sum(r."costUsd") FILTER (WHERE r.status IN ('COMPLETED', 'FAILED', 'CANCELLED')), 0))::float8 AS cost,
          (avg(r."durationMs"))::float8 AS "avgDurationMs",
          (count(*) FILTER (WHERE r."startedAt" >= now() - interval '30 days'))::int AS recent
        FROM ${Prisma.raw(table)} r WHERE r."organizationId" = ${organizationId} AND r.${Prisma.raw(key)} IS NOT NULL GROUP BY 1`,
    ),
  );
}

/** A context whose $queryRaw records the SQL it was given, so the exact queries can be EXPLAINed. */
function recordingContext(ctx: OrgContext, recorded: Prisma.Sql[]): OrgContext {
  const db = new Proxy(ctx.db, {
    get(target, prop, receiver) {
      if (prop === "$queryRaw") {
        return (strings: TemplateStringsArray, ...values: unknown[]) => {
          recorded.push(Prisma.sql(strings, ...(values as Prisma.Sql[])));
          return target.$queryRaw(strings, ...values);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return { ...ctx, db };
}

async function explainListRuns(database: Database, ctx: OrgContext, label: string, query: ListRunsQuery) {
  const recorded: Prisma.Sql[] = [];
  await listRuns(recordingContext(ctx, recorded), query);
  for (const [i, q] of recorded.entries()) {
    const rows = await database.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values as unknown[]);
    console.log(`\n── EXPLAIN (ANALYZE, BUFFERS): ${label}, query ${i + 1} of ${recorded.length} (${i === 0 ? "page" : "counts"}) ──`);
    console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
}

// ───────────────────────────── main ─────────────────────────────

await runInBenchDatabase(async (database) => {
  // ── seed ──
  const seedSeconds = await seedOrganizations(database, [LARGE, SMALL_ORG]);
  const counts = await reportSeededCounts(database, [LARGE, SMALL_ORG]);
  const [crons] = await database.sql.query<{ schedules: number; distinct: number }>(`
    SELECT count(*)::int AS schedules, count(DISTINCT c)::int AS distinct FROM (
      SELECT "cronExpr" AS c FROM "AgentSchedule" WHERE "organizationId" = '${ORG_A}'
      UNION ALL SELECT "cronExpr" FROM "CampaignSchedule" WHERE "organizationId" = '${ORG_A}'
      UNION ALL SELECT "evalCronExpr" FROM "Pulse" WHERE "organizationId" = '${ORG_A}') s`);
  console.log(`  ${crons.schedules} schedules, ${crons.distinct} distinct cron expressions`);
  if (crons.distinct !== crons.schedules) throw new Error("Every schedule's cron should be distinct");

  const ctx = benchContext(database.prisma, ORG_A);
  const ctxB = benchContext(database.prisma, ORG_B);

  // ── correctness checks: the deep cursor walk has no duplicate or gap, and equals the baseline page ──
  console.log(`\nWalking ${DEEP_PAGES} pages of ${LIMIT} to get the deep cursor…`);
  const started = performance.now();
  const seen = new Set<string>();
  let cursor: string | undefined;
  let previous: { startedAt: string; id: string } | null = null;
  const pageMs: number[] = [];
  for (let page = 0; page < DEEP_PAGES; page++) {
    const t0 = performance.now();
    const res = await listRuns(ctx, { limit: LIMIT, cursor });
    pageMs.push(performance.now() - t0);
    for (const run of res.runs) {
      const key = `${run.kind}:${run.id}`;
      if (seen.has(key)) throw new Error(`Duplicate run ${key} on page ${page}`);
      seen.add(key);
      if (!run.entity.id.startsWith(`${LARGE.tag}_`) && run.kind !== "campaign") throw new Error(`Foreign run ${key}`);
      if (previous && (run.startedAt > previous.startedAt || (run.startedAt === previous.startedAt && run.id >= previous.id)))
        throw new Error(`Out of order at ${key}`);
      previous = { startedAt: run.startedAt, id: run.id };
    }
    if (!res.nextCursor) throw new Error(`Ran out of pages at ${page}`);
    cursor = res.nextCursor;
  }
  const deepCursor = cursor!;
  const walkSorted = [...pageMs].sort((a, b) => a - b);
  console.log(
    `  ${seen.size.toLocaleString("en")} distinct runs in order, walk took ${((performance.now() - started) / 1000).toFixed(1)}s (per page p50 ${percentile(walkSorted, 50).toFixed(1)} ms, p95 ${percentile(walkSorted, 95).toFixed(1)} ms)`,
  );
  const [deepNew, deepOld] = await Promise.all([listRuns(ctx, { limit: LIMIT, cursor: deepCursor }), baselinePage(database.prisma, ORG_A, DEEP_PAGES)]);
  const same = deepNew.runs.length === deepOld.length && deepNew.runs.every((r, i) => r.id === deepOld[i].id && r.kind === deepOld[i].kind);
  if (!same) throw new Error("The deep page differs between listRuns and the merge-in-memory baseline");
  console.log(`  page ${DEEP_PAGES + 1} is identical in listRuns and the baseline`);
  const other = await listRuns(ctxB, { limit: 200 });
  if (other.runs.some((r) => r.entity.id.startsWith(`${LARGE.tag}_`))) throw new Error("Tenant scoping: org B sees org A runs");
  const firstA = await listRuns(ctx, { limit: 200 });
  if (firstA.counts.total !== seededRuns(counts, ORG_A)) throw new Error("counts.total differs from the table counts");
  console.log(`  tenant scoping holds (org B: ${other.counts.total.toLocaleString("en")} runs), counts.total = ${firstA.counts.total.toLocaleString("en")}`);

  // ── the rollups answer what a scan of the runs answers ──
  const now = new Date();
  const from30 = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const monthFilters = { from: new Date(from30), to: now };
  await assertRollupsEqualScan(ctx, now);
  console.log("  run rollups equal a scan of the runs (all time; 30 days by day; by hour for one source)");
  // The first list in this process: nothing of the cron work is remembered yet.
  const coldStart = performance.now();
  await listAutomations(ctx, {});
  const coldListMs = performance.now() - coldStart;
  console.log(`  listAutomations, first call in this process (cold cron caches): ${coldListMs.toFixed(0)} ms`);

  // ── timings ──
  console.log(`\nTiming (${WARMUP} warm-up + ${ITERATIONS} iterations each, sequential, limit ${LIMIT})`);
  const results: Result[] = [];
  results.push(await measure("listRuns first page", () => listRuns(ctx, { limit: LIMIT })));
  results.push(await measure(`listRuns deep page (after ${DEEP_PAGES} pages)`, () => listRuns(ctx, { limit: LIMIT, cursor: deepCursor })));
  results.push(await measure("listRuns status=FAILED source=schedule", () => listRuns(ctx, { limit: LIMIT, status: "FAILED", source: "schedule" })));
  results.push(await measure("listRuns kind=workflow status=SUSPENDED", () => listRuns(ctx, { limit: LIMIT, kind: "workflow", status: "SUSPENDED" })));
  results.push(await measure("getRunMetrics last 30 days by day", () => getRunMetrics(ctx, { from: from30, to: now.toISOString(), bucket: "day" })));
  results.push(
    await measure("getRunMetrics last 24 hours by hour", () =>
      getRunMetrics(ctx, { from: new Date(now.getTime() - 86_400_000).toISOString(), to: now.toISOString(), bucket: "hour" }),
    ),
  );
  results.push(await measure("listRuns counts alone (all runs)", () => loadRunStats(ctx, RUN_KINDS, {}, null)));
  results.push(await measure("listAutomations (default query)", () => listAutomations(ctx, {})));
  const automations = await listAutomations(ctx, {});
  // Re-enabling an enabled schedule writes the same state, so every iteration does the same work.
  const toggled = automations.automations.find((a) => a.source === "agent-schedule" && a.isActive)!;
  results.push(await measure("updateAutomation (re-enable a schedule)", () => updateAutomation(ctx, toggled.id, { isActive: true })));
  console.log(
    `    (${automations.automations.length.toLocaleString("en")} automations listed, ${automations.summary.total.toLocaleString("en")} in the summary)`,
  );
  // Baselines: what the previous version did for the same answers.
  const BASELINE_ITERATIONS = Math.max(5, Math.round(ITERATIONS / 3));
  results.push(await measure("baseline merge-in-memory first page", () => baselinePage(database.prisma, ORG_A, 0)));
  results.push(await measure(`baseline merge-in-memory page ${DEEP_PAGES + 1}`, () => baselinePage(database.prisma, ORG_A, DEEP_PAGES)));
  results.push(
    await measure(
      "baseline metrics: scan the runs (30 days by day)",
      () => loadRunStats(ctx, RUN_KINDS, monthFilters, "day", { useRollups: false }),
      BASELINE_ITERATIONS,
    ),
  );
  results.push(await measure("baseline counts: scan every run", () => loadRunStats(ctx, RUN_KINDS, {}, null, { useRollups: false }), BASELINE_ITERATIONS));
  results.push(await measure("baseline automation stats: scan the runs", () => baselineAutomationStats(database.prisma, ORG_A), BASELINE_ITERATIONS));
  results.push(await measure("baseline updateAutomation: reload the list", () => listAutomations(ctx, {}), BASELINE_ITERATIONS));

  const table = results.map((r) => ({ name: r.name, ...summary(r) }));
  const width = Math.max(...table.map((r) => r.name.length)) + 2;
  console.log(
    `\n${"case".padEnd(width)}${"p50 ms".padStart(10)}${"p95 ms".padStart(10)}${"mean ms".padStart(10)}${"min ms".padStart(10)}${"max ms".padStart(10)}`,
  );
  console.log("─".repeat(width + 50));
  for (const r of table) {
    console.log(
      `${r.name.padEnd(width)}${r.p50.toFixed(1).padStart(10)}${r.p95.toFixed(1).padStart(10)}${r.mean.toFixed(1).padStart(10)}${r.min.toFixed(1).padStart(10)}${r.max.toFixed(1).padStart(10)}`,
    );
  }
  const ratio = (a: number, b: number) =>
    `new/baseline p50 ${(summary(results[a]).p50 / summary(results[b]).p50).toFixed(3)}  p95 ${(summary(results[a]).p95 / summary(results[b]).p95).toFixed(3)}  (baseline/new p50 ${(summary(results[b]).p50 / summary(results[a]).p50).toFixed(2)}x)`;
  const index = (name: string) => results.findIndex((r) => r.name.startsWith(name));
  console.log(`\nfirst page:        ${ratio(index("listRuns first page"), index("baseline merge-in-memory first page"))}`);
  console.log(`deep page:         ${ratio(index("listRuns deep page"), index(`baseline merge-in-memory page`))}`);
  console.log(`metrics:           ${ratio(index("getRunMetrics last 30 days"), index("baseline metrics"))}`);
  console.log(`counts:            ${ratio(index("listRuns counts alone"), index("baseline counts"))}`);
  console.log(`automations stats: ${ratio(index("listAutomations"), index("baseline automation stats"))} (the baseline is the stats query alone)`);
  console.log(`updateAutomation:  ${ratio(index("updateAutomation"), index("baseline updateAutomation"))}`);
  console.log(`listAutomations cold: ${coldListMs.toFixed(0)} ms`);
  console.log(`seed: ${seedSeconds.toFixed(1)}s`);

  if (EXPLAIN) {
    await explainListRuns(database, ctx, "listRuns first page", { limit: LIMIT });
    await explainListRuns(database, ctx, `listRuns deep page`, { limit: LIMIT, cursor: deepCursor });
    await explainListRuns(database, ctx, "listRuns status=FAILED source=schedule", { limit: LIMIT, status: "FAILED", source: "schedule" });
  }
});
