/**
 * Benchmarks history retention on PostgreSQL. `bun run bench:retention`.
 *
 * Creates a fresh database as bench:api does and seeds its large organization with a year of history
 * instead of 90 days: 1,180,000 runs (× BENCH_SCALE) over 365 days, so that ~85% of them (~1,000,000)
 * are finished and older than the default 30-day retention, plus the rows pruning cascades to (two
 * steps and an event per workflow run, a review for every suspended and every tenth other workflow
 * run, an event for every fourth agent run, a mission with two tasks per scheduled campaign) and the
 * small organization (90 days). Then it measures the runs list as /observe calls it (the first page,
 * and status=FAILED source=schedule over 7 days): idle, while pruneExpiredHistory passes with the
 * production defaults work off the backlog, and afterwards. The passes follow each other with a short
 * gap (the scheduler leaves minutes), and the list is sampled in the gaps too: an idle figure taken
 * under the same background load as the pruning one, on a machine shared with other work. Prints rows
 * pruned, throughput, the passes and their slowest batch, p50/p95 of every phase and the p95 ratios
 * (target: <= 1.20), what the connections waited on, and checks: nothing eligible is left, every other
 * run and every child row of one is still there, and the rollups equal a scan. The database is dropped
 * at the end.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_ITERATIONS (rounds idle and after, default 100),
 * BENCH_WARMUP (warm-up rounds, default 20), BENCH_SCALE (run-count multiplier, default 1), BENCH_PASS_GAP_MS (default
 * 5000), BENCH_KEEP=1.
 */
import { loadavg } from "node:os";
import type { Database } from "@switchyard/database";
import {
  getRetentionSettings,
  PRUNE_BATCH_SIZE,
  PRUNE_PASS_BUDGET_MS,
  PRUNE_PAUSE_RATIO,
  pruneExpiredHistory,
  RETENTION_EVERY_MINUTES,
  retentionCutoff,
  type PruneResult,
  type RetentionCounts,
} from "../src/retention/prune.ts";
import { RUN_KINDS, listRuns, toDbTimestamp, type ListRunsQuery, type RunKind } from "../src/runs/unified.ts";
import {
  assertRollupsEqualScan,
  benchContext,
  largeOrgShape,
  NOW_UTC,
  type OrgShape,
  type Result,
  reportSeededCounts,
  runInBenchDatabase,
  SMALL_ORG,
  seedOrganizations,
  summary,
} from "./bench-support.ts";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Number(process.env.BENCH_ITERATIONS ?? 100);
// Three warm-up rounds left the first idle rounds slower than the later ones between passes.
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP ?? 20);
const PASS_GAP_MS = Number(process.env.BENCH_PASS_GAP_MS ?? 5000);
const LIMIT = 50;

const LARGE: OrgShape = { ...largeOrgShape(1.18 * SCALE), historyDays: 365 };
const SHAPES = [LARGE, SMALL_ORG];

const RUN_TABLES: Record<RunKind, string> = {
  agent: "AgentRun",
  workflow: "WorkflowRun",
  network: "NetworkRun",
  campaign: "Campaign",
  pulse: "PulseEvaluation",
};

/** The rows that hang off one organization's runs, so each pruned run takes its cascade with it. */
function childStatements(o: OrgShape): string[] {
  const org = `'${o.id}'`;
  return [
    `INSERT INTO "WorkflowRunStep" (id, "organizationId", "workflowRunId", "stepId", "stepType", name, status, "agentRunId", "startedAt", "completedAt")
     SELECT 's' || n || '_' || w.id, ${org}, w.id, (ARRAY['a', 'b'])[n], 'agent', 'Step ' || n, 'COMPLETED',
       md5('${o.tag}-agent-' || (1 + abs(hashtext(w.id || n)) % ${o.runs.agent})), w."startedAt", w."completedAt"
     FROM "WorkflowRun" w, generate_series(1, 2) n WHERE w."organizationId" = ${org}`,
    `INSERT INTO "WorkflowRunEvent" (id, "organizationId", "workflowRunId", "eventType", stage, message, "createdAt")
     SELECT 'e_' || w.id, ${org}, w.id, 'stage', 'started', 'Workflow started', w."startedAt" FROM "WorkflowRun" w WHERE w."organizationId" = ${org}`,
    `INSERT INTO "ApprovalRequest" (id, "organizationId", "sourceType", status, title, "workflowRunId", "workflowStepId", "requestedAt",
       "decidedAt", "createdAt", "updatedAt")
     SELECT 'ap_' || w.id, ${org}, 'workflow-review', CASE WHEN w.status = 'SUSPENDED' THEN 'pending' ELSE 'approved' END::"ApprovalStatus",
       'Review step b', w.id, 'b', w."startedAt", CASE WHEN w.status <> 'SUSPENDED' THEN w."startedAt" + interval '5 minutes' END,
       w."startedAt", ${NOW_UTC}
     FROM "WorkflowRun" w WHERE w."organizationId" = ${org} AND (w.status = 'SUSPENDED' OR abs(hashtext(w.id)) % 10 = 0)`,
    `INSERT INTO "AgentRunEvent" (id, "organizationId", "agentRunId", "eventType", message, "createdAt")
     SELECT 'e_' || r.id, ${org}, r.id, 'log', 'Tool call finished', r."startedAt" FROM "AgentRun" r
     WHERE r."organizationId" = ${org} AND abs(hashtext(r.id)) % 4 = 0`,
  ];
}

/** Child tables and the run kind whose deletion takes their rows. */
const CHILD_TABLES: [table: string, parentColumn: string, kind: RunKind][] = [
  ["WorkflowRunStep", "workflowRunId", "workflow"],
  ["WorkflowRunEvent", "workflowRunId", "workflow"],
  ["ApprovalRequest", "workflowRunId", "workflow"],
  ["AgentRunEvent", "agentRunId", "agent"],
  ["Mission", "campaignId", "campaign"],
  ["MissionTask", "campaignId", "campaign"],
];

const FINISHED = `('COMPLETED', 'FAILED', 'CANCELLED')`;

interface ChildCount {
  kept: number;
  total: number;
}

/**
 * Records every run pruning must keep (finished within the retention, or not finished at all), worked
 * out here independently of the pruning code, and how many child rows belong to those runs.
 */
async function recordKeptRuns(database: Database, now: Date): Promise<Map<string, ChildCount>> {
  await database.sql.exec(`CREATE TABLE bench_kept (kind text NOT NULL, id text NOT NULL, PRIMARY KEY (kind, id))`);
  for (const shape of SHAPES) {
    const { retentionDays } = await database.prisma.organization.findUniqueOrThrow({ where: { id: shape.id }, select: { retentionDays: true } });
    const cutoff = toDbTimestamp(retentionCutoff(retentionDays, now));
    for (const kind of RUN_KINDS) {
      await database.sql.query(
        `INSERT INTO bench_kept SELECT $1, id FROM "${RUN_TABLES[kind]}"
         WHERE "organizationId" = $2 AND NOT ("startedAt" < CAST($3 AS timestamp(3)) AND status IN ${FINISHED})`,
        [kind, shape.id, cutoff],
      );
    }
  }
  await database.sql.exec(`ANALYZE bench_kept`);
  const children = new Map<string, ChildCount>();
  for (const [table, column, kind] of CHILD_TABLES) {
    const [row] = await database.sql.query<{ kept: string; total: string }>(
      `SELECT count(k.id) AS kept, count(*) AS total FROM "${table}" c LEFT JOIN bench_kept k ON k.kind = $1 AND k.id = c."${column}"`,
      [kind],
    );
    children.set(table, { kept: Number(row.kept), total: Number(row.total) });
  }
  console.log(
    `  child rows: ${[...children].map(([table, c]) => `${table} ${c.total.toLocaleString("en")} (${c.kept.toLocaleString("en")} of kept runs)`).join(", ")}`,
  );
  return children;
}

/** Throws unless exactly the kept runs and their child rows remain. */
async function assertOnlyKeptRemain(database: Database, children: Map<string, ChildCount>): Promise<void> {
  for (const kind of RUN_KINDS) {
    const [row] = await database.sql.query<{ runs: string; kept: string; missing: string }>(
      `SELECT (SELECT count(*) FROM "${RUN_TABLES[kind]}") AS runs, (SELECT count(*) FROM bench_kept WHERE kind = $1) AS kept,
         (SELECT count(*) FROM bench_kept k WHERE k.kind = $1 AND NOT EXISTS (SELECT 1 FROM "${RUN_TABLES[kind]}" r WHERE r.id = k.id)) AS missing`,
      [kind],
    );
    if (Number(row.missing) > 0) throw new Error(`${row.missing} ${kind} runs that should have been kept are gone`);
    if (row.runs !== row.kept) throw new Error(`${kind}: ${row.runs} runs left, ${row.kept} should be`);
  }
  for (const [table, { kept }] of children) {
    const [row] = await database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    if (Number(row.n) !== kept) throw new Error(`${table}: ${row.n} rows left, ${kept} belong to kept runs`);
  }
}

interface ListCase {
  name: string;
  query: ListRunsQuery;
}

type Phase = "idle" | "pass" | "gap";

/**
 * Rounds of every case in turn, sequentially, until `phaseAt(round)` says null. Each sample is filed
 * under the phase it began and ended in; one that straddles two phases is dropped.
 */
async function sampleByPhase(
  run: (query: ListRunsQuery) => Promise<unknown>,
  cases: ListCase[],
  phaseAt: (round: number) => Phase | null,
): Promise<Record<Phase, Result[]>> {
  const results = Object.fromEntries((["idle", "pass", "gap"] as const).map((phase) => [phase, cases.map((c) => ({ name: c.name, samples: [] as number[] }))]));
  for (let round = 0; ; round++) {
    for (const [i, c] of cases.entries()) {
      const phase = phaseAt(round);
      if (phase === null) return results as Record<Phase, Result[]>;
      const start = performance.now();
      await run(c.query);
      if (phaseAt(round) === phase) results[phase][i].samples.push(performance.now() - start);
    }
  }
}

/**
 * Samples what the benchmark's other connections wait on every 200 ms until stopped: counts of the
 * list queries' and the pruner's samples by wait event (a lock wait of a list query is what
 * "never a long lock" rules out).
 */
function sampleWaits(database: Database): { stop: () => Promise<Map<string, number>> } {
  const waits = new Map<string, number>();
  let isStopped = false;
  const loop = (async () => {
    while (!isStopped) {
      const rows = await database.query<{ role: string; wait: string }>(
        `SELECT CASE WHEN query ~* '^\\s*DELETE' THEN 'pruner' ELSE 'list' END AS role, COALESCE(wait_event_type || ':' || wait_event, 'on CPU') AS wait
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      for (const row of rows) waits.set(`${row.role} ${row.wait}`, (waits.get(`${row.role} ${row.wait}`) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    stop: async () => {
      isStopped = true;
      await loop;
      return waits;
    },
  };
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);
const runCount = (c: RetentionCounts) => c.agentRuns + c.workflowRuns + c.networkRuns + c.campaigns + c.pulseEvaluations;
const listed = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n.toLocaleString("en")}`)
    .join(", ");

function printTable(title: string, results: Result[]) {
  console.log(`\n${title}`);
  for (const r of results) {
    if (r.samples.length === 0) {
      console.log(`  ${r.name.padEnd(44)} n     0`);
      continue;
    }
    const s = summary(r);
    console.log(
      `  ${r.name.padEnd(44)} n ${String(r.samples.length).padStart(5)}   p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   max ${s.max.toFixed(1).padStart(7)} ms`,
    );
  }
}

await runInBenchDatabase(async (database) => {
  await seedOrganizations(database, SHAPES, childStatements);
  await reportSeededCounts(database, SHAPES);
  // One moment for every pass, as one tick's passes share it: what is eligible does not move while the benchmark runs.
  const now = new Date();
  const ctx = benchContext(database.prisma, LARGE.id);
  const ctxSmall = benchContext(database.prisma, SMALL_ORG.id);

  const eligible = await Promise.all([ctx, ctxSmall].map((c) => getRetentionSettings(c, now)));
  const eligibleRuns = eligible.reduce((s, e) => s + runCount(e.willDelete as RetentionCounts), 0);
  console.log(
    `\nRetention ${eligible[0].retentionDays} days (cutoff ${eligible[0].cutoff.toISOString()}): ${eligibleRuns.toLocaleString("en")} finished runs older than it`,
  );
  for (const [i, e] of eligible.entries()) console.log(`  ${SHAPES[i].id}: ${listed(e.willDelete)}`);
  const children = await recordKeptRuns(database, now);

  const cases: ListCase[] = [
    { name: "listRuns first page", query: { limit: LIMIT } },
    {
      name: "listRuns status=FAILED source=schedule, 7 days",
      query: { limit: LIMIT, status: "FAILED", source: "schedule", from: new Date(now.getTime() - 7 * 86_400_000).toISOString() },
    },
  ];
  const list = (query: ListRunsQuery) => listRuns(ctx, query);
  const rounds = (n: number) => (round: number) => (round < n ? "idle" : null);

  console.log(`\nIdle: ${WARMUP_ROUNDS} warm-up + ${ROUNDS} rounds of each case in turn (load average ${load()})`);
  await sampleByPhase(list, cases, rounds(WARMUP_ROUNDS));
  const { idle } = await sampleByPhase(list, cases, rounds(ROUNDS));
  printTable("idle", idle);

  console.log(
    `\nPruning with the production defaults (batches of ${PRUNE_BATCH_SIZE}, each followed by a pause of ${PRUNE_PAUSE_RATIO}× its time, ${PRUNE_PASS_BUDGET_MS / 1000}s a pass), ${PASS_GAP_MS / 1000}s between passes (the scheduler leaves ${RETENTION_EVERY_MINUTES} minutes) (load average ${load()})`,
  );
  const passes: PruneResult[] = [];
  let phase: Phase | null = "pass";
  const waits = sampleWaits(database);
  const pruneStarted = performance.now();
  const pruning = (async () => {
    try {
      for (;;) {
        phase = "pass";
        const passStarted = performance.now();
        const pass = await pruneExpiredHistory(database.prisma, { now });
        passes.push(pass);
        console.log(
          `  pass ${String(passes.length).padStart(3)}: ${sum(pass.deleted).toLocaleString("en").padStart(9)} rows in ${pass.batches} batches (slowest ${pass.longestBatchMs} ms), ${((performance.now() - passStarted) / 1000).toFixed(1)}s (load average ${load()})`,
        );
        if (!pass.hasMore) return;
        phase = "gap";
        await new Promise((resolve) => setTimeout(resolve, PASS_GAP_MS));
      }
    } finally {
      phase = null;
    }
  })();
  const during = await sampleByPhase(list, cases, () => phase);
  await pruning;
  const pruneSeconds = (performance.now() - pruneStarted) / 1000;
  const pruningSeconds = pruneSeconds - ((passes.length - 1) * PASS_GAP_MS) / 1000;
  const waitCounts = await waits.stop();
  printTable("under pruning (while a pass runs)", during.pass);
  printTable("between passes", during.gap);

  console.log(`\nAfter pruning (load average ${load()})`);
  const { idle: after } = await sampleByPhase(list, cases, rounds(ROUNDS));
  printTable("after", after);

  // ── correctness ──
  const left = await Promise.all([ctx, ctxSmall].map((c) => getRetentionSettings(c, now)));
  const leftRuns = left.reduce((s, e) => s + runCount(e.willDelete as RetentionCounts), 0);
  if (leftRuns > 0) throw new Error(`${leftRuns} eligible runs are left after pruning`);
  await assertOnlyKeptRemain(database, children);
  for (const c of [ctx, ctxSmall]) await assertRollupsEqualScan(c, now);
  console.log("\nChecks: no eligible run left; every kept run and every child row of one is there; the rollups equal a scan (both organizations)");

  // ── summary ──
  const deleted = Object.fromEntries(
    Object.keys(passes[0].deleted).map((table) => [table, passes.reduce((s, pass) => s + pass.deleted[table as keyof RetentionCounts], 0)]),
  ) as RetentionCounts;
  const prunedRuns = runCount(deleted);
  const cascaded = Object.fromEntries([...children].map(([table, c]) => [table, c.total - c.kept]));
  console.log(`\nPruned ${prunedRuns.toLocaleString("en")} runs (${listed(deleted)})`);
  console.log(`  and with them ${sum(cascaded).toLocaleString("en")} child rows (${listed(cascaded)})`);
  console.log(
    `  in ${passes.length} passes, ${passes.reduce((s, p) => s + p.batches, 0).toLocaleString("en")} batches (slowest ${Math.max(...passes.map((p) => p.longestBatchMs))} ms), ${pruningSeconds.toFixed(1)}s of passes: ${(prunedRuns / pruningSeconds).toFixed(0)} runs/s`,
  );
  console.log(
    `  wait events sampled every 200 ms: ${[...waitCounts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  const columns = ["idle", "between", "pruning", "/ idle", "/ between", "after"];
  console.log(`\np95 ms${" ".repeat(40)}${columns.map((c) => c.padStart(10)).join("")}`);
  const ratios = cases.map((c, i) => {
    const [a, g, b, z] = [idle, during.gap, during.pass, after].map((results) => summary(results[i]).p95);
    console.log(
      `${c.name.padEnd(46)}${[a, g, b].map((v) => v.toFixed(1).padStart(10)).join("")}${[b / a, b / g].map((v) => v.toFixed(2).padStart(10)).join("")}${z.toFixed(1).padStart(10)}`,
    );
    return { idle: b / a, between: b / g };
  });
  // A backlog worked off in one pass leaves no gap to sample (NaN).
  const verdict = (key: "idle" | "between") =>
    ratios.some((r) => Number.isNaN(r[key])) ? "not measured" : ratios.every((r) => r[key] <= 1.2) ? "met" : "MISSED";
  console.log(`\nTarget p95 under pruning <= 1.20 × idle: ${verdict("idle")} against idle before pruning, ${verdict("between")} against idle between passes`);
});
