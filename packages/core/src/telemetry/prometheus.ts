import { timingSafeEqual } from "node:crypto";
import { Prisma, type PrismaClient } from "@switchyard/database";
import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from "prom-client";
import { hasRole } from "../context.ts";
import { AppError } from "../errors.ts";
import { authenticateApiKey } from "../tenancy/api-keys.ts";

/**
 * Prometheus exposition for `/api/metrics`. Every figure that must be the same whichever app process
 * answers the scrape (run counts, durations, queue, workers, breakers) is read from the database at
 * scrape time; only the process's own runtime metrics (memory, event loop) are per process. Labels are
 * bounded: organization slug, kind, status, source — never a run or trigger id.
 */

/** Milliseconds: a model call answers in seconds, a run with a human gate may wait an hour or more. */
export const DURATION_BUCKETS_MS = [100, 500, 1_000, 5_000, 15_000, 60_000, 300_000, 1_800_000, 3_600_000];

/** Run tables by kind, with the status and duration columns every run table shares. */
const RUN_TABLES = {
  agent: "AgentRun",
  workflow: "WorkflowRun",
  network: "NetworkRun",
  campaign: "Campaign",
  pulse: "PulseEvaluation",
} as const;

/** A scrape covers the organizations its credential may see: one for an ADMIN API key, all for the metrics token. */
export type MetricsScope = { organizationId: string } | "all";

/**
 * Who may scrape: `Authorization: Bearer <SWITCHYARD_METRICS_TOKEN>` sees every organization (the
 * operator's Prometheus), an ADMIN API key sees its own organization. Sessions are not accepted: a
 * scraper has no cookie, and metrics are no page.
 */
export async function authorizeMetricsScrape(
  db: PrismaClient,
  authorization: string | null,
  metricsToken = process.env.SWITCHYARD_METRICS_TOKEN,
): Promise<MetricsScope> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!bearer) throw new AppError("unauthorized", "Send Authorization: Bearer <SWITCHYARD_METRICS_TOKEN or an ADMIN API key>");
  if (metricsToken && sameSecret(bearer, metricsToken)) return "all";
  const ctx = await authenticateApiKey(db, bearer);
  if (!ctx) throw new AppError("unauthorized", "Invalid metrics token or API key");
  if (!hasRole(ctx.actor, "ADMIN")) throw new AppError("forbidden", "Metrics need an API key with the admin role");
  return { organizationId: ctx.organizationId };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Process metrics are registered once per process; the database metrics are built fresh per scrape.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: "switchyard_" });
  }
  return processRegistry;
}

export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export async function renderPrometheusMetrics(db: PrismaClient, scope: MetricsScope, now: Date = new Date()): Promise<string> {
  const organizations = await db.organization.findMany({
    where: scope === "all" ? {} : { id: scope.organizationId },
    select: { id: true, slug: true },
  });
  const slugOf = new Map(organizations.map((org) => [org.id, org.slug]));
  const ids = organizations.map((org) => org.id);
  const registry = new Registry();
  await Promise.all([
    addRunMetrics(db, registry, ids, slugOf),
    addApprovalMetrics(db, registry, ids, slugOf),
    addWebhookMetrics(db, registry, ids, slugOf),
    addRuntimeMetrics(db, registry, ids, slugOf, now),
  ]);
  return Registry.merge([processMetrics(), registry]).metrics();
}

type Slugs = Map<string, string>;

interface HistogramRow {
  organizationId: string;
  status: string;
  count: number;
  sum: number;
  buckets: number[];
}

/** Bucket counts computed in SQL: one pass over the finished runs of a table, grouped by organization and status. */
async function durationHistogram(db: PrismaClient, table: string, valueSql: Prisma.Sql, where: Prisma.Sql, groupSql: Prisma.Sql): Promise<HistogramRow[]> {
  const bucketColumns = Prisma.join(
    DURATION_BUCKETS_MS.map((bound, index) => Prisma.sql`count(*) FILTER (WHERE ${valueSql} <= ${bound})::int AS ${Prisma.raw(`"b${index}"`)}`),
  );
  const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
    SELECT "organizationId", ${groupSql}::text AS status, count(*)::int AS count, coalesce(sum(${valueSql}), 0)::float8 AS sum, ${bucketColumns}
    FROM ${Prisma.raw(`"${table}"`)}
    WHERE ${where}
    GROUP BY 1, 2`;
  return rows.map((row) => ({
    organizationId: String(row.organizationId),
    status: String(row.status),
    count: Number(row.count),
    sum: Number(row.sum),
    buckets: DURATION_BUCKETS_MS.map((_, index) => Number(row[`b${index}`])),
  }));
}

/**
 * A histogram whose counts come from the database. prom-client's Histogram only accumulates
 * observations made in this process, so this metric hands the registry the same `get()` shape
 * (`_bucket`/`_sum`/`_count` series) and lets prom-client format it.
 */
function databaseHistogram(name: string, help: string, statusLabel: string, rows: HistogramRow[], slugOf: Slugs): Metric {
  const values = rows.flatMap((row) => {
    const labels = { organization: slugOf.get(row.organizationId) ?? row.organizationId, [statusLabel]: row.status };
    return [
      ...DURATION_BUCKETS_MS.map((bound, index) => ({ metricName: `${name}_bucket`, labels: { ...labels, le: bound }, value: row.buckets[index] })),
      { metricName: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: row.count },
      { metricName: `${name}_sum`, labels, value: row.sum },
      { metricName: `${name}_count`, labels, value: row.count },
    ];
  });
  return { name, help, type: "histogram", get: async () => ({ name, help, type: "histogram", values, aggregator: "sum" }) } as unknown as Metric;
}

const FINISHED = Prisma.sql`status IN ('COMPLETED', 'FAILED', 'CANCELLED')`;

async function addRunMetrics(db: PrismaClient, registry: Registry, ids: string[], slugOf: Slugs): Promise<void> {
  const inScope = Prisma.sql`"organizationId" = ANY(${ids})`;
  const [agentDurations, workflowDurations, runCounts, agentCounts] = await Promise.all([
    durationHistogram(db, "AgentRun", Prisma.sql`"durationMs"`, Prisma.sql`${inScope} AND ${FINISHED} AND "durationMs" IS NOT NULL`, Prisma.sql`status`),
    durationHistogram(db, "WorkflowRun", Prisma.sql`"durationMs"`, Prisma.sql`${inScope} AND ${FINISHED} AND "durationMs" IS NOT NULL`, Prisma.sql`status`),
    db.$queryRaw<Array<{ organizationId: string; kind: string; status: string; count: number }>>(
      Prisma.join(
        Object.entries(RUN_TABLES).map(
          ([kind, table]) =>
            Prisma.sql`SELECT "organizationId", ${kind} AS kind, status::text AS status, count(*)::int AS count FROM ${Prisma.raw(`"${table}"`)} WHERE ${inScope} GROUP BY 1, 3`,
        ),
        " UNION ALL ",
      ),
    ),
    db.$queryRaw<Array<{ organizationId: string; status: string; source: string; count: number }>>`
      SELECT "organizationId", status::text AS status, source::text AS source, count(*)::int AS count
      FROM "AgentRun" WHERE ${inScope} AND ${FINISHED} GROUP BY 1, 2, 3`,
  ]);
  registry.registerMetric(
    databaseHistogram("switchyard_agent_execution_duration_ms", "Duration of finished agent runs, in milliseconds", "status", agentDurations, slugOf),
  );
  registry.registerMetric(
    databaseHistogram("switchyard_workflow_run_duration_ms", "Duration of finished workflow runs, in milliseconds", "status", workflowDurations, slugOf),
  );
  const agentTotal = new Counter({
    name: "switchyard_agent_execution_total",
    help: "Finished agent runs",
    labelNames: ["organization", "status", "source"],
    registers: [registry],
  });
  for (const row of agentCounts) agentTotal.inc({ organization: slugOf.get(row.organizationId), status: row.status, source: row.source }, row.count);
  const runs = new Gauge({
    name: "switchyard_runs",
    help: "Runs of every kind by status (unfinished ones are the live backlog)",
    labelNames: ["organization", "kind", "status"],
    registers: [registry],
  });
  for (const row of runCounts) runs.set({ organization: slugOf.get(row.organizationId), kind: row.kind, status: row.status }, row.count);
}

async function addApprovalMetrics(db: PrismaClient, registry: Registry, ids: string[], slugOf: Slugs): Promise<void> {
  const responseMs = Prisma.sql`(EXTRACT(EPOCH FROM ("decidedAt" - "requestedAt")) * 1000)`;
  const [decided, pending] = await Promise.all([
    durationHistogram(db, "ApprovalRequest", responseMs, Prisma.sql`"organizationId" = ANY(${ids}) AND "decidedAt" IS NOT NULL`, Prisma.sql`status`),
    db.approvalRequest.groupBy({ by: ["organizationId"], where: { organizationId: { in: ids }, status: "pending" }, _count: { _all: true } }),
  ]);
  registry.registerMetric(
    databaseHistogram("switchyard_approval_response_time_ms", "Time from an approval request to its decision, in milliseconds", "decision", decided, slugOf),
  );
  const waiting = new Gauge({
    name: "switchyard_approvals_pending",
    help: "Approval requests waiting for a decision",
    labelNames: ["organization"],
    registers: [registry],
  });
  for (const row of pending) waiting.set({ organization: slugOf.get(row.organizationId) }, row._count._all);
}

async function addWebhookMetrics(db: PrismaClient, registry: Registry, ids: string[], slugOf: Slugs): Promise<void> {
  const groups = await db.triggerEvent.groupBy({
    by: ["organizationId", "status"],
    where: { organizationId: { in: ids }, source: "webhook" },
    _count: { _all: true },
  });
  const deliveries = new Counter({
    name: "switchyard_webhook_deliveries_total",
    help: "Webhook deliveries received, by how they ended",
    labelNames: ["organization", "status"],
    registers: [registry],
  });
  for (const row of groups) deliveries.inc({ organization: slugOf.get(row.organizationId), status: row.status }, row._count._all);
}

/** A worker whose last heartbeat is older than this is gone; it is not reported (worker ids are per process). */
const LIVE_WORKER_MS = 10 * 60_000;
const BREAKER_STATES: Record<string, number> = { closed: 0, half_open: 1, open: 2 };

/** The shared engine: jobs of the scope's organizations plus system jobs (no organization), workers and breakers. */
async function addRuntimeMetrics(db: PrismaClient, registry: Registry, ids: string[], slugOf: Slugs, now: Date): Promise<void> {
  const jobScope = { OR: [{ organizationId: { in: ids } }, { organizationId: null }] };
  const [jobs, oldest, workers, breakers] = await Promise.all([
    db.executionJob.groupBy({
      by: ["organizationId", "status"],
      where: { AND: [jobScope, { status: { in: ["PENDING", "RUNNING"] } }] },
      _count: { _all: true },
    }),
    db.executionJob.findFirst({ where: { AND: [jobScope, { status: "PENDING", runAt: { lte: now } }] }, orderBy: { runAt: "asc" }, select: { runAt: true } }),
    db.workerStatus.findMany({ where: { lastHeartbeat: { gte: new Date(now.getTime() - LIVE_WORKER_MS) } } }),
    db.circuitBreaker.findMany(),
  ]);
  const queue = new Gauge({
    name: "switchyard_queue_jobs",
    help: "Execution jobs waiting or running (organization is empty for system jobs such as scheduler ticks)",
    labelNames: ["organization", "status"],
    registers: [registry],
  });
  for (const status of ["PENDING", "RUNNING"]) queue.set({ organization: "", status }, 0);
  for (const row of jobs) queue.set({ organization: row.organizationId ? slugOf.get(row.organizationId) : "", status: row.status }, row._count._all);
  new Gauge({
    name: "switchyard_queue_oldest_job_age_seconds",
    help: "Age of the oldest job that is due and not yet claimed (0 when none)",
    registers: [registry],
  }).set(oldest ? Math.max(0, (now.getTime() - oldest.runAt.getTime()) / 1000) : 0);
  const heartbeat = new Gauge({
    name: "switchyard_worker_heartbeat_age_seconds",
    help: "Seconds since each live worker's last heartbeat",
    labelNames: ["worker", "status"],
    registers: [registry],
  });
  for (const worker of workers) heartbeat.set({ worker: worker.workerId, status: worker.status }, (now.getTime() - worker.lastHeartbeat.getTime()) / 1000);
  const breakerState = new Gauge({
    name: "switchyard_circuit_breaker_state",
    help: "Circuit breaker state: 0 closed, 1 half open, 2 open",
    labelNames: ["breaker"],
    registers: [registry],
  });
  for (const breaker of breakers) breakerState.set({ breaker: breaker.name }, BREAKER_STATES[breaker.state] ?? 0);
}
