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
import { randomBytes } from "node:crypto";
import { createDatabase, Prisma, type Database, type PrismaClient } from "@switchyard/database";
import type { OrgContext } from "../src/context.ts";
import { listAutomations } from "../src/automations/list.ts";
import { updateAutomation } from "../src/automations/mutate.ts";
import { getRunMetrics } from "../src/runs/metrics.ts";
import { loadRunStats } from "../src/runs/rollups.ts";
import { listRuns, RUN_KINDS, type ListRunsQuery, type RunKind } from "../src/runs/unified.ts";

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 200);
const LIMIT = 50;
const EXPLAIN = process.env.BENCH_EXPLAIN === "1";
const KEEP = process.env.BENCH_KEEP === "1";

const ORG_A = "bench_org_large";
const ORG_B = "bench_org_small";

// ───────────────────────────── seeding ─────────────────────────────

interface OrgShape {
  id: string;
  tag: string;
  agents: number;
  workflows: number;
  networks: number;
  templates: number;
  pulses: number;
  agentSchedules: [agent: number, workflow: number, network: number];
  agentTriggers: [agent: number, workflow: number, network: number];
  campaignSchedules: number;
  campaignTriggers: number;
  runs: Record<RunKind, number>;
}

const LARGE: OrgShape = {
  id: ORG_A,
  tag: "a",
  agents: 50,
  workflows: 20,
  networks: 10,
  templates: 5,
  pulses: 5,
  agentSchedules: [600, 150, 100],
  agentTriggers: [700, 150, 100],
  campaignSchedules: 120,
  campaignTriggers: 80,
  runs: {
    agent: Math.round(700_000 * SCALE),
    workflow: Math.round(150_000 * SCALE),
    network: Math.round(80_000 * SCALE),
    campaign: Math.round(40_000 * SCALE),
    pulse: Math.round(30_000 * SCALE),
  },
};

const SMALL: OrgShape = {
  id: ORG_B,
  tag: "b",
  agents: 3,
  workflows: 2,
  networks: 1,
  templates: 1,
  pulses: 1,
  agentSchedules: [4, 2, 1],
  agentTriggers: [4, 2, 1],
  campaignSchedules: 2,
  campaignTriggers: 1,
  runs: { agent: 3_000, workflow: 1_000, network: 500, campaign: 300, pulse: 200 },
};

/**
 * A cron of its own for schedule number `n` (SQL): minute and hour come from n (unique below 1,440),
 * in seven shapes from every few minutes to monthly, so no two schedules share an expression and no
 * cache of one expression's figures can serve another.
 */
const distinctCron = (n: string) => `(CASE (${n}) % 7
  WHEN 0 THEN format('%s %s * * *', (${n}) % 60, ((${n}) / 60) % 24)
  WHEN 1 THEN format('%s %s,%s * * 1-5', (${n}) % 60, ((${n}) / 60) % 24, (((${n}) / 60) + 12) % 24)
  WHEN 2 THEN format('%s/%s %s-23 * * *', (${n}) % 15, 15 + ((${n}) / 60) % 45, ((${n}) / 60) % 24)
  WHEN 3 THEN format('%s %s/3 * * *', (${n}) % 60, ((${n}) / 60) % 24)
  WHEN 4 THEN format('%s %s * * %s', (${n}) % 60, ((${n}) / 60) % 24, ((${n}) / 7) % 7)
  WHEN 5 THEN format('%s %s %s * *', (${n}) % 60, ((${n}) / 60) % 24, 1 + ((${n}) / 3) % 28)
  ELSE format('%s-59/%s %s * * *', (${n}) % 60, 2 + ((${n}) / 60) % 20, ((${n}) / 60) % 24)
END)`;
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo"];
const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(",")}]`;
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Statements that seed one organization; every table is filled by one INSERT … SELECT. */
function seedStatements(o: OrgShape): string[] {
  const org = `'${o.id}'`;
  const t = o.tag;
  const zones = sqlArray(ZONES);
  const [asAgent, asWorkflow, asNetwork] = o.agentSchedules;
  const [atAgent, atWorkflow, atNetwork] = o.agentTriggers;
  const id = (prefix: string, expr = "g") => `'${t}_${prefix}_' || lpad((${expr})::text, 6, '0')`;

  const schedules = (entityType: string, column: string, entityPrefix: string, count: number, entities: number, offset: number) => `
    INSERT INTO "AgentSchedule" (id, "organizationId", "entityType", "${column}", name, description, "cronExpr", timezone,
      "isActive", "isArchived", "archivedAt", "healthPolicyEnabled", "healthThreshold", "healthWindow", "createdAt", "updatedAt")
    SELECT ${id("as", `g + ${offset}`)}, ${org}, '${entityType}', ${id(entityPrefix, `1 + g % ${entities}`)},
      '${entityType} schedule ' || g, CASE WHEN g % 3 = 0 THEN 'Recurring ${entityType} job ' || g END,
      ${distinctCron(`g + ${offset}`)}, (${zones})[1 + (g / 7) % ${ZONES.length}],
      g % 10 <> 0, g % 25 = 0, CASE WHEN g % 25 = 0 THEN ${NOW_UTC} - interval '3 days' END,
      g % 4 = 0, 60, 50, ${NOW_UTC} - (g || ' minutes')::interval, ${NOW_UTC}
    FROM generate_series(1, ${count}) g`;
  const triggers = (entityType: string, column: string, entityPrefix: string, count: number, entities: number, offset: number) => `
    INSERT INTO "AgentTrigger" (id, "organizationId", "entityType", "${column}", name, type, "eventName", "webhookPath",
      "isActive", "isArchived", "archivedAt", "createdAt", "updatedAt")
    SELECT ${id("at", `g + ${offset}`)}, ${org}, '${entityType}', ${id(entityPrefix, `1 + g % ${entities}`)},
      '${entityType} trigger ' || g, (ARRAY['webhook','event','manual'])[1 + g % 3]::"TriggerType",
      CASE WHEN g % 3 = 1 THEN 'event.${entityType}.' || (g % 40) END,
      CASE WHEN g % 3 = 0 THEN 'bench-${t}-${entityType}-' || g END,
      g % 10 <> 0, g % 25 = 0, CASE WHEN g % 25 = 0 THEN ${NOW_UTC} - interval '3 days' END,
      ${NOW_UTC} - (g || ' minutes')::interval, ${NOW_UTC}
    FROM generate_series(1, ${count}) g`;

  return [
    `INSERT INTO "Organization" (id, slug, name, "updatedAt") VALUES (${org}, '${o.id}', 'Bench ${t}', ${NOW_UTC})`,
    `INSERT INTO "Agent" (id, "organizationId", slug, name, description, instructions, "modelName", "updatedAt")
     SELECT ${id("agent")}, ${org}, 'agent-' || g, 'Agent ' || g, 'Benchmark agent ' || g, 'Do the job.', 'gpt-4o-mini', ${NOW_UTC}
     FROM generate_series(1, ${o.agents}) g`,
    `INSERT INTO "Workflow" (id, "organizationId", slug, name, definition, "updatedAt")
     SELECT ${id("workflow")}, ${org}, 'workflow-' || g, 'Workflow ' || g,
       jsonb_build_object('nodes', jsonb_build_array(
         jsonb_build_object('id', 'a', 'type', 'agent', 'agent', 'agent-' || (1 + g % ${o.agents}), 'prompt', 'x'),
         jsonb_build_object('id', 'b', 'type', 'agent', 'agent', 'agent-' || (1 + (g + 7) % ${o.agents}), 'prompt', 'y'))),
       ${NOW_UTC}
     FROM generate_series(1, ${o.workflows}) g`,
    `INSERT INTO "Network" (id, "organizationId", slug, name, "routerInstructions", "updatedAt")
     SELECT ${id("network")}, ${org}, 'network-' || g, 'Network ' || g, 'Route.', ${NOW_UTC} FROM generate_series(1, ${o.networks}) g`,
    `INSERT INTO "NetworkMember" (id, "networkId", "agentId", position)
     SELECT ${id("nm", "g * 10 + m")}, ${id("network")}, ${id("agent", `1 + (g * 3 + m) % ${o.agents}`)}, m
     FROM generate_series(1, ${o.networks}) g, generate_series(0, ${Math.min(2, o.agents - 1)}) m`,
    `INSERT INTO "CampaignTemplate" (id, "organizationId", slug, name, intent, "plannerAgentId", "updatedAt")
     SELECT ${id("template")}, ${org}, 'template-' || g, 'Template ' || g, 'Launch {{ thing }}', ${id("agent", `1 + g % ${o.agents}`)}, ${NOW_UTC}
     FROM generate_series(1, ${o.templates}) g`,
    `INSERT INTO "Pulse" (id, "organizationId", slug, name, goal, "evalCronExpr", "healthPolicyEnabled", "updatedAt")
     SELECT ${id("pulse")}, ${org}, 'pulse-' || g, 'Pulse ' || g, 'Grow', ${distinctCron("1400 + g")}, g % 2 = 0, ${NOW_UTC}
     FROM generate_series(1, ${o.pulses}) g`,
    `INSERT INTO "PulseMember" (id, "pulseId", "agentId")
     SELECT ${id("pm", "g * 10 + m")}, ${id("pulse")}, ${id("agent", `1 + (g * 5 + m) % ${o.agents}`)}
     FROM generate_series(1, ${o.pulses}) g, generate_series(0, ${Math.min(3, o.agents - 1)}) m`,
    schedules("agent", "agentId", "agent", asAgent, o.agents, 0),
    schedules("workflow", "workflowId", "workflow", asWorkflow, o.workflows, asAgent),
    schedules("network", "networkId", "network", asNetwork, o.networks, asAgent + asWorkflow),
    triggers("agent", "agentId", "agent", atAgent, o.agents, 0),
    triggers("workflow", "workflowId", "workflow", atWorkflow, o.workflows, atAgent),
    triggers("network", "networkId", "network", atNetwork, o.networks, atAgent + atWorkflow),
    `INSERT INTO "CampaignSchedule" (id, "organizationId", "templateId", name, "cronExpr", timezone, "isActive", "isArchived",
       "healthPolicyEnabled", "createdAt", "updatedAt")
     SELECT ${id("cs")}, ${org}, ${id("template", `1 + g % ${o.templates}`)}, 'Campaign schedule ' || g,
       ${distinctCron(`g + ${asAgent + asWorkflow + asNetwork}`)}, (${zones})[1 + g % ${ZONES.length}], g % 10 <> 0, g % 30 = 0, g % 3 = 0,
       ${NOW_UTC} - (g || ' minutes')::interval, ${NOW_UTC}
     FROM generate_series(1, ${o.campaignSchedules}) g`,
    `INSERT INTO "CampaignTrigger" (id, "organizationId", "templateId", name, "eventName", "isActive", "createdAt", "updatedAt")
     SELECT ${id("ct")}, ${org}, ${id("template", `1 + g % ${o.templates}`)}, 'Campaign trigger ' || g, 'campaign.event.' || (g % 20),
       g % 10 <> 0, ${NOW_UTC} - (g || ' minutes')::interval, ${NOW_UTC}
     FROM generate_series(1, ${o.campaignTriggers}) g`,
    `INSERT INTO "AutomationDependency" (id, "organizationId", "automationId", "dependsOnId")
     SELECT ${id("dep")}, ${org}, 'agent-schedule:' || ${id("as", "g * 2")}, 'agent-schedule:' || ${id("as", "g * 2 - 1")}
     FROM generate_series(1, ${Math.floor(asAgent / 20)}) g`,

    // The automations that fire each kind, numbered 0..n-1 so runs can pick one by g % n.
    `DROP TABLE IF EXISTS bench_auto`,
    `CREATE TEMP TABLE bench_auto AS
     SELECT kind, (row_number() OVER (PARTITION BY kind ORDER BY id) - 1)::int AS idx, id, entity_id, source, ref FROM (
       SELECT "entityType"::text AS kind, id, COALESCE("agentId", "workflowId", "networkId") AS entity_id, 'schedule' AS source, 'trigger' AS ref
         FROM "AgentSchedule" WHERE "organizationId" = ${org}
       UNION ALL
       SELECT "entityType"::text, id, COALESCE("agentId", "workflowId", "networkId"), type::text, 'trigger'
         FROM "AgentTrigger" WHERE "organizationId" = ${org}
       UNION ALL
       SELECT 'campaign', id, "templateId", 'schedule', 'schedule' FROM "CampaignSchedule" WHERE "organizationId" = ${org}
       UNION ALL
       SELECT 'campaign', id, "templateId", 'event', 'trigger' FROM "CampaignTrigger" WHERE "organizationId" = ${org}
       UNION ALL
       SELECT 'pulse', id, id, 'schedule', 'none' FROM "Pulse" WHERE "organizationId" = ${org}
     ) u`,
    `CREATE INDEX ON bench_auto (kind, idx)`,
    `ANALYZE bench_auto`,
    runInsert(o, "agent"),
    runInsert(o, "workflow"),
    runInsert(o, "network"),
    runInsert(o, "campaign"),
    runInsert(o, "pulse"),
    // One mission with two agent-run tasks per scheduled campaign: the cascade the automations read.
    `INSERT INTO "Mission" (id, "organizationId", "campaignId", sequence, name, objective, status)
     SELECT 'm_' || c.id, ${org}, c.id, 1, 'Mission', 'Objective', 'COMPLETED' FROM "Campaign" c
     WHERE c."organizationId" = ${org} AND c."scheduleId" IS NOT NULL`,
    `INSERT INTO "MissionTask" (id, "organizationId", "missionId", "campaignId", name, instructions, "agentId", "agentRunId", status)
     SELECT 'mt' || n || '_' || c.id, ${org}, 'm_' || c.id, c.id, 'Task', 'Do', ${id("agent", `1 + (abs(hashtext(c.id)) + n) % ${o.agents}`)},
       md5('${t}-agent-' || (1 + (abs(hashtext(c.id)) + n) % ${o.runs.agent})), 'COMPLETED'
     FROM "Campaign" c, generate_series(1, 2) n WHERE c."organizationId" = ${org} AND c."scheduleId" IS NOT NULL`,
  ];
}

const RUN_TABLE: Record<RunKind, { table: string; entityColumn: string; triggeredShare: number; sources: string[]; tail: string }> = {
  agent: {
    table: "AgentRun",
    entityColumn: "agentId",
    triggeredShare: 0.6,
    sources: ["api", "manual", "chat", "workflow", "network", "campaign", "slack", "mcp", "retry"],
    tail: "COMPLETED",
  },
  workflow: { table: "WorkflowRun", entityColumn: "workflowId", triggeredShare: 0.55, sources: ["api", "manual", "test", "retry", "chat"], tail: "SUSPENDED" },
  network: { table: "NetworkRun", entityColumn: "networkId", triggeredShare: 0.5, sources: ["api", "manual", "chat", "slack", "voice"], tail: "COMPLETED" },
  campaign: { table: "Campaign", entityColumn: "templateId", triggeredShare: 0.7, sources: ["api", "manual"], tail: "SUSPENDED" },
  pulse: { table: "PulseEvaluation", entityColumn: "pulseId", triggeredShare: 0.95, sources: ["manual", "api"], tail: "COMPLETED" },
};

/**
 * One INSERT … SELECT FROM generate_series for one run kind: startedAt over 90 days (denser recently),
 * statuses by age (only the last minutes still run), log-normal-ish durations, tokens and costs,
 * triggerId (or scheduleId) from the automations of that kind so the automation stats are real.
 */
function runInsert(o: OrgShape, kind: RunKind): string {
  const cfg = RUN_TABLE[kind];
  const n = o.runs[kind];
  const org = `'${o.id}'`;
  const autoCount = `(SELECT count(*) FROM bench_auto WHERE kind = '${kind}')`;
  const entityIds = `(SELECT array_agg(entity_id ORDER BY entity_id) FROM (SELECT DISTINCT entity_id FROM bench_auto WHERE kind = '${kind}') d)`;
  const extraCols: string[] = [];
  const extraVals: string[] = [];
  if (kind === "agent") {
    extraCols.push(`"modelProvider"`, `"modelName"`, `"promptTokens"`, `"completionTokens"`);
    extraVals.push(`'simulated'`, `(ARRAY['gpt-4o-mini','gpt-4o','claude-sonnet'])[1 + g % 3]`, `pt`, `ct`);
  }
  if (kind === "campaign") {
    extraCols.push(`"scheduleId"`, `name`, `intent`, `phase`, `"missionsTotal"`, `"missionsCompleted"`);
    extraVals.push(
      `CASE WHEN a.ref = 'schedule' THEN a.id END`,
      `'Campaign ' || g`,
      `'Launch the thing'`,
      `CASE WHEN st = 'COMPLETED' THEN 'done' ELSE 'executing' END`,
      `1`,
      `CASE WHEN st = 'COMPLETED' THEN 1 ELSE 0 END`,
    );
  } else if (kind === "pulse") {
    extraCols.push(`"windowStart"`, `"windowEnd"`);
    extraVals.push(`started - interval '168 hours'`, `started`);
  } else {
    extraCols.push(`input`);
    extraVals.push(`'{}'::jsonb`);
  }
  const triggerVal = kind === "campaign" ? `CASE WHEN a.ref = 'trigger' THEN a.id END` : kind === "pulse" ? `NULL` : `a.id`;
  const tokenFactor = { agent: 1, workflow: 3, network: 5, campaign: 12, pulse: 2 }[kind];
  return `
    INSERT INTO "${cfg.table}" (id, "organizationId", "${cfg.entityColumn}", status, source, "triggerId", "totalTokens", "costUsd",
      "startedAt", "completedAt", "durationMs", "createdAt", ${extraCols.join(", ")})
    SELECT md5('${o.tag}-${kind}-' || g), ${org}, COALESCE(a.entity_id, ents.ids[1 + g % array_length(ents.ids, 1)]),
      st::"RunStatus", COALESCE(a.source, (${sqlArray(cfg.sources)})[1 + (g / 7) % ${cfg.sources.length}])::"RunSource",
      ${triggerVal}, pt + ct, round(((pt * 0.15 + ct * 0.6) / 1000000.0)::numeric, 6)::float8,
      started, CASE WHEN st IN ('COMPLETED','FAILED','CANCELLED') THEN started + dur * interval '1 millisecond' END,
      CASE WHEN st IN ('COMPLETED','FAILED','CANCELLED') THEN dur END, started, ${extraVals.join(", ")}
    FROM (
      SELECT g, r1, started,
        CASE WHEN started > ${NOW_UTC} - interval '20 minutes' AND r3 < 0.6 THEN (CASE WHEN r3 < 0.45 THEN 'RUNNING' ELSE 'QUEUED' END)
             WHEN r3 < 0.85 THEN 'COMPLETED' WHEN r3 < 0.95 THEN 'FAILED' WHEN r3 < 0.98 THEN 'CANCELLED' ELSE '${cfg.tail}' END AS st,
        floor(exp(ln(300) + r4 * ln(200)))::int * ${tokenFactor === 1 ? 1 : 4} AS dur,
        ((200 + floor(power(r5, 2) * 12000)) * ${tokenFactor})::int AS pt,
        ((40 + floor(power(r6, 2) * 3000)) * ${tokenFactor})::int AS ct
      FROM (
        SELECT g, random() AS r1, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
          date_trunc('milliseconds', ${NOW_UTC} - (7776000 * power(random(), 1.3)) * interval '1 second') AS started
        FROM generate_series(1, ${n}) g
      ) x
    ) s
    CROSS JOIN (SELECT ${entityIds} AS ids, ${autoCount}::int AS autos) ents
    LEFT JOIN bench_auto a ON a.kind = '${kind}' AND s.r1 < ${cfg.triggeredShare} AND a.idx = ((g::bigint * 7919) % ents.autos)::int`;
}

// ───────────────────────────── measuring ─────────────────────────────

interface Result {
  name: string;
  samples: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function summary(r: Result) {
  const sorted = [...r.samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean, min: sorted[0], max: sorted.at(-1)! };
}

async function measure(name: string, fn: () => Promise<unknown>, iterations = ITERATIONS): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const result = { name, samples };
  const s = summary(result);
  console.log(`  ${name.padEnd(48)} p50 ${s.p50.toFixed(1).padStart(8)} ms   p95 ${s.p95.toFixed(1).padStart(8)} ms`);
  return result;
}

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

const benchName = `switchyard_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const admin = await createDatabase({ url: SERVER_URL, migrate: false });
let database: Database | null = null;
let exitCode = 0;
let cleaning = false;

async function cleanup() {
  if (cleaning) return;
  cleaning = true;
  await database?.close().catch(() => {});
  if (KEEP) console.log(`\nKept database ${benchName} (BENCH_KEEP=1).`);
  else {
    await admin.sql
      .exec(`DROP DATABASE IF EXISTS "${benchName}" WITH (FORCE)`)
      .catch((e) => console.error(`Could not drop ${benchName}: ${(e as Error).message}`));
    console.log(`\nDropped database ${benchName}.`);
  }
  await admin.close().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  await admin.sql.exec(`CREATE DATABASE "${benchName}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${benchName}`;
  console.log(`Database ${benchName} on ${url.host}`);
  let started = performance.now();
  database = await createDatabase({ url: url.toString() });
  console.log(`Migrated in ${((performance.now() - started) / 1000).toFixed(1)}s`);

  // ── seed ──
  started = performance.now();
  // Bulk loads skip the run tables' rollup triggers (replica role) and rebuild the rollups once after.
  await database.sql.exec(`SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'; SET session_replication_role = replica`);
  for (const shape of [LARGE, SMALL]) {
    for (const statement of seedStatements(shape)) {
      const t0 = performance.now();
      await database.sql.exec(statement);
      const ms = performance.now() - t0;
      if (ms > 2000) console.log(`  seed ${shape.tag}: ${statement.trim().split("\n")[0].slice(0, 60)}… ${(ms / 1000).toFixed(1)}s`);
    }
  }
  const seededAt = performance.now();
  await database.sql.exec(`DROP TABLE IF EXISTS bench_auto; RESET session_replication_role`);
  await database.sql.exec(`SELECT "switchyard_rebuild_run_rollups"()`);
  const rolledUpAt = performance.now();
  console.log(`  rollups rebuilt from the run tables in ${((rolledUpAt - seededAt) / 1000).toFixed(1)}s`);
  await database.sql.exec(`RESET work_mem`);
  // VACUUM sets the visibility map (as autovacuum would on a live insert-mostly table) and ANALYZEs.
  await database.sql.exec(`VACUUM (ANALYZE)`);
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(
    `Seeded in ${((seededAt - started) / 1000).toFixed(1)}s + rollups ${((rolledUpAt - seededAt) / 1000).toFixed(1)}s + VACUUM ANALYZE ${((performance.now() - rolledUpAt) / 1000).toFixed(1)}s = ${seedSeconds.toFixed(1)}s`,
  );

  const counts = await database.sql.query<{ org: string; kind: string; n: string }>(`
    SELECT "organizationId" AS org, 'agent' AS kind, count(*) AS n FROM "AgentRun" GROUP BY 1
    UNION ALL SELECT "organizationId", 'workflow', count(*) FROM "WorkflowRun" GROUP BY 1
    UNION ALL SELECT "organizationId", 'network', count(*) FROM "NetworkRun" GROUP BY 1
    UNION ALL SELECT "organizationId", 'campaign', count(*) FROM "Campaign" GROUP BY 1
    UNION ALL SELECT "organizationId", 'pulse', count(*) FROM "PulseEvaluation" GROUP BY 1
    UNION ALL SELECT "organizationId", 'automations', count(*) FROM (
      SELECT "organizationId" FROM "AgentSchedule" UNION ALL SELECT "organizationId" FROM "AgentTrigger"
      UNION ALL SELECT "organizationId" FROM "CampaignSchedule" UNION ALL SELECT "organizationId" FROM "CampaignTrigger"
      UNION ALL SELECT "organizationId" FROM "Pulse") a GROUP BY 1
    ORDER BY 1, 2`);
  const size = await database.sql.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  for (const org of [ORG_A, ORG_B]) {
    const rows = counts.filter((c) => c.org === org);
    const runs = rows.filter((r) => r.kind !== "automations").reduce((s, r) => s + Number(r.n), 0);
    console.log(
      `  ${org}: ${runs.toLocaleString("en")} runs (${rows
        .filter((r) => r.kind !== "automations")
        .map((r) => `${r.kind} ${Number(r.n).toLocaleString("en")}`)
        .join(", ")}), ${Number(rows.find((r) => r.kind === "automations")?.n ?? 0).toLocaleString("en")} automations`,
    );
  }
  console.log(`  database size ${size[0].size}`);
  const [crons] = await database.sql.query<{ schedules: number; distinct: number }>(`
    SELECT count(*)::int AS schedules, count(DISTINCT c)::int AS distinct FROM (
      SELECT "cronExpr" AS c FROM "AgentSchedule" WHERE "organizationId" = '${ORG_A}'
      UNION ALL SELECT "cronExpr" FROM "CampaignSchedule" WHERE "organizationId" = '${ORG_A}'
      UNION ALL SELECT "evalCronExpr" FROM "Pulse" WHERE "organizationId" = '${ORG_A}') s`);
  console.log(`  ${crons.schedules} schedules, ${crons.distinct} distinct cron expressions`);
  if (crons.distinct !== crons.schedules) throw new Error("Every schedule's cron should be distinct");

  const ctx: OrgContext = { db: database.prisma, organizationId: ORG_A, actor: { type: "apiKey", id: "bench", label: "bench", role: "ADMIN" } };
  const ctxB: OrgContext = { ...ctx, organizationId: ORG_B };

  // ── correctness checks: the deep cursor walk has no duplicate or gap, and equals the baseline page ──
  console.log(`\nWalking ${DEEP_PAGES} pages of ${LIMIT} to get the deep cursor…`);
  started = performance.now();
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
  if (firstA.counts.total !== counts.filter((c) => c.org === ORG_A && c.kind !== "automations").reduce((s, c) => s + Number(c.n), 0))
    throw new Error("counts.total differs from the table counts");
  console.log(`  tenant scoping holds (org B: ${other.counts.total.toLocaleString("en")} runs), counts.total = ${firstA.counts.total.toLocaleString("en")}`);

  // ── the rollups answer what a scan of the runs answers ──
  const now = new Date();
  const from30 = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const monthFilters = { from: new Date(from30), to: now };
  // Costs are floats summed in a different order (per run vs per hourly row): equal within 1e-9, not bit for bit.
  type StatsRows = Awaited<ReturnType<typeof loadRunStats>>;
  const differences = (rolled: StatsRows, scanned: StatsRows): string[] => {
    const key = (r: StatsRows[number]) => `${r.kind} ${r.bucket?.toISOString() ?? "-"} ${r.status}`;
    const scan = new Map(scanned.map((r) => [key(r), r]));
    const found = rolled.flatMap((r) => {
      const s = scan.get(key(r));
      scan.delete(key(r));
      const same =
        s &&
        r.runs === s.runs &&
        r.durationMsSum === s.durationMsSum &&
        r.durationCount === s.durationCount &&
        r.tokens === s.tokens &&
        Math.abs(r.costUsd - s.costUsd) < 1e-9;
      return same ? [] : [`rollups ${JSON.stringify(r)} vs scan ${JSON.stringify(s ?? null)}`];
    });
    return [...found, ...[...scan.values()].map((s) => `only in scan ${JSON.stringify(s)}`)];
  };
  for (const [label, filters, bucket] of [
    ["all time", {}, null],
    ["30 days by day", monthFilters, "day"],
    ["30 days by hour, source=schedule", { ...monthFilters, source: "schedule" }, "hour"],
  ] as const) {
    const [rolled, scanned] = await Promise.all([
      loadRunStats(ctx, RUN_KINDS, filters, bucket),
      loadRunStats(ctx, RUN_KINDS, filters, bucket, { useRollups: false }),
    ]);
    const found = differences(rolled, scanned);
    if (found.length > 0) throw new Error(`Rollups and scan differ: ${label}\n  ${found.slice(0, 5).join("\n  ")}`);
  }
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
  results.push(await measure("baseline merge-in-memory first page", () => baselinePage(database!.prisma, ORG_A, 0)));
  results.push(await measure(`baseline merge-in-memory page ${DEEP_PAGES + 1}`, () => baselinePage(database!.prisma, ORG_A, DEEP_PAGES)));
  results.push(
    await measure(
      "baseline metrics: scan the runs (30 days by day)",
      () => loadRunStats(ctx, RUN_KINDS, monthFilters, "day", { useRollups: false }),
      BASELINE_ITERATIONS,
    ),
  );
  results.push(await measure("baseline counts: scan every run", () => loadRunStats(ctx, RUN_KINDS, {}, null, { useRollups: false }), BASELINE_ITERATIONS));
  results.push(await measure("baseline automation stats: scan the runs", () => baselineAutomationStats(database!.prisma, ORG_A), BASELINE_ITERATIONS));
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
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
