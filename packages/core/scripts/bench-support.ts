/**
 * What the PostgreSQL benchmarks share (`bench-api.ts`, `bench-retention.ts`): a fresh database per
 * run, the set-based seed of a large and a small organization, and sequential latency measurement.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ITERATIONS (default 30), BENCH_WARMUP (default 3), BENCH_KEEP=1 (keep the database).
 */
import { randomBytes } from "node:crypto";
import { createDatabase, type Database, type PrismaClient } from "@switchyard/database";
import type { OrgContext } from "../src/context.ts";
import { loadRunStats } from "../src/runs/rollups.ts";
import { RUN_KINDS, type RunKind } from "../src/runs/unified.ts";

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const KEEP = process.env.BENCH_KEEP === "1";

// ───────────────────────────── seeding ─────────────────────────────

export interface OrgShape {
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
  /** How far back the runs' start times reach (denser recently). */
  historyDays: number;
}

/** The large organization: 1,000,000 runs × `scale` over 90 days, 2,005 automations. */
export const largeOrgShape = (scale: number): OrgShape => ({
  id: "bench_org_large",
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
    agent: Math.round(700_000 * scale),
    workflow: Math.round(150_000 * scale),
    network: Math.round(80_000 * scale),
    campaign: Math.round(40_000 * scale),
    pulse: Math.round(30_000 * scale),
  },
  historyDays: 90,
});

export const SMALL_ORG: OrgShape = {
  id: "bench_org_small",
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
  historyDays: 90,
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
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

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
 * One INSERT … SELECT FROM generate_series for one run kind: startedAt over the shape's history (denser recently),
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
          date_trunc('milliseconds', ${NOW_UTC} - (${o.historyDays * 86_400} * power(random(), 1.3)) * interval '1 second') AS started
        FROM generate_series(1, ${n}) g
      ) x
    ) s
    CROSS JOIN (SELECT ${entityIds} AS ids, ${autoCount}::int AS autos) ents
    LEFT JOIN bench_auto a ON a.kind = '${kind}' AND s.r1 < ${cfg.triggeredShare} AND a.idx = ((g::bigint * 7919) % ents.autos)::int`;
}

/**
 * Seeds the organizations, each followed by `extraStatements(shape)` (rows that hang off its runs).
 * Bulk loads skip the run tables' rollup triggers (replica role) and rebuild the rollups once after;
 * then VACUUM (ANALYZE). Prints the timings and returns the seconds it took.
 */
export async function seedOrganizations(database: Database, shapes: OrgShape[], extraStatements: (shape: OrgShape) => string[] = () => []): Promise<number> {
  const started = performance.now();
  await database.sql.exec(`SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'; SET session_replication_role = replica`);
  for (const shape of shapes) {
    for (const statement of [...seedStatements(shape), ...extraStatements(shape)]) {
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
  return seedSeconds;
}

export interface SeededCount {
  org: string;
  kind: RunKind | "automations";
  n: string;
}

/** Prints each organization's runs by kind, its automations and the database size; returns the counts. */
export async function reportSeededCounts(database: Database, shapes: OrgShape[]): Promise<SeededCount[]> {
  const counts = await database.sql.query<SeededCount>(`
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
  for (const { id } of shapes) {
    const rows = counts.filter((c) => c.org === id);
    console.log(
      `  ${id}: ${seededRuns(counts, id).toLocaleString("en")} runs (${rows
        .filter((r) => r.kind !== "automations")
        .map((r) => `${r.kind} ${Number(r.n).toLocaleString("en")}`)
        .join(", ")}), ${Number(rows.find((r) => r.kind === "automations")?.n ?? 0).toLocaleString("en")} automations`,
    );
  }
  console.log(`  database size ${size[0].size}`);
  return counts;
}

/** The runs of every kind seeded for one organization. */
export const seededRuns = (counts: SeededCount[], organizationId: string) =>
  counts.filter((c) => c.org === organizationId && c.kind !== "automations").reduce((sum, c) => sum + Number(c.n), 0);

// ───────────────────────────── measuring ─────────────────────────────

export interface Result {
  name: string;
  samples: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summary(r: Result) {
  const sorted = [...r.samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean, min: sorted[0], max: sorted.at(-1)! };
}

export async function measure(name: string, fn: () => Promise<unknown>, iterations = ITERATIONS, warmup = WARMUP): Promise<Result> {
  for (let i = 0; i < warmup; i++) await fn();
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

// ───────────────────────────── checks ─────────────────────────────

/** An ADMIN API-key context of one organization, on the unscoped client (the benchmarks seed with raw SQL). */
export const benchContext = (db: PrismaClient, organizationId: string): OrgContext => ({
  db,
  organizationId,
  actor: { type: "apiKey", id: "bench", label: "bench", role: "ADMIN" },
});

/** Throws unless the run rollups answer what a scan of the runs answers: all time; 30 days by day; by hour for one source. */
export async function assertRollupsEqualScan(ctx: OrgContext, now = new Date()): Promise<void> {
  const monthFilters = { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
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
}

// ───────────────────────────── database ─────────────────────────────

/**
 * Runs `main` on a fresh, migrated database `switchyard_bench_<random>` on BENCH_DATABASE_URL, then
 * drops it, also on failure or interruption (BENCH_KEEP=1 keeps it), and exits (1 when `main` threw).
 */
export async function runInBenchDatabase(main: (database: Database) => Promise<void>): Promise<never> {
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
    const started = performance.now();
    database = await createDatabase({ url: url.toString() });
    console.log(`Migrated in ${((performance.now() - started) / 1000).toFixed(1)}s`);
    await main(database);
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}
