import { Prisma, type PrismaClient } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { recordAudit } from "../tenancy/audit.ts";

/**
 * History retention: finished runs (with their steps, events and artifacts, which cascade), activity,
 * trigger events and runtime events older than the organization's `retentionDays` are deleted in
 * bounded batches. Each batch is one short statement on an (organizationId, time) index, picking its
 * rows with SKIP LOCKED, so pruning never holds a long lock and two pruners never wait on each other.
 */

export const DEFAULT_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 3650;
/**
 * Rows per DELETE. With its cascades and rollup triggers a batch of runs took 0.1-0.5 s on the 2-core
 * benchmark machine (bench:retention); its rows, and the rollup rows it updates, stay locked that long.
 */
export const PRUNE_BATCH_SIZE = 1_000;
/** The scheduler starts a pass with every tick on a minute divisible by this. */
export const RETENTION_EVERY_MINUTES = 10;
/** A pass stops starting batches after this long; the next pass carries on with the backlog. */
export const PRUNE_PASS_BUDGET_MS = 20_000;
/** The shortest pause between batches. */
export const PRUNE_PAUSE_MS = 5;
/**
 * After each batch a pass pauses this many times as long as the batch took (at least PRUNE_PAUSE_MS),
 * leaving the database to the requests it serves whatever its speed. With batches back to back a pass
 * kept one of the benchmark machine's two cores busy and the runs list's p95 rose 29-45%; pausing as
 * long as each batch took kept it within 12%, at 40% of the throughput (bench:retention).
 */
export const PRUNE_PAUSE_RATIO = 1;

/** What retention removes, table by table: the time column its age is read from, and which rows are eligible. */
const PRUNED_TABLES = [
  // Parents before agent runs: a workflow's steps never point at a sub-run that is already gone.
  { name: "workflowRuns", table: "WorkflowRun", time: "startedAt", finishedOnly: true },
  { name: "networkRuns", table: "NetworkRun", time: "startedAt", finishedOnly: true },
  { name: "campaigns", table: "Campaign", time: "startedAt", finishedOnly: true },
  { name: "pulseEvaluations", table: "PulseEvaluation", time: "startedAt", finishedOnly: true },
  { name: "agentRuns", table: "AgentRun", time: "startedAt", finishedOnly: true },
  { name: "triggerEvents", table: "TriggerEvent", time: "receivedAt", finishedOnly: false },
  { name: "activityEvents", table: "ActivityEvent", time: "createdAt", finishedOnly: false },
  { name: "runtimeEvents", table: "RuntimeEvent", time: "occurredAt", finishedOnly: false },
] as const;

export type PrunedTable = (typeof PRUNED_TABLES)[number]["name"];
export type RetentionCounts = Record<PrunedTable, number>;

const FINISHED = Prisma.sql`AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')`;

/** `organizationId` null is the system's own rows (scheduler ticks, worker events), kept for the default retention. */
function eligible(spec: (typeof PRUNED_TABLES)[number], organizationId: string | null, cutoff: Date): Prisma.Sql {
  const owner = organizationId === null ? Prisma.sql`"organizationId" IS NULL` : Prisma.sql`"organizationId" = ${organizationId}`;
  return Prisma.sql`${owner} AND ${Prisma.raw(`"${spec.time}"`)} < ${cutoff} ${spec.finishedOnly ? FINISHED : Prisma.empty}`;
}

export function retentionCutoff(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes up to `batchSize` eligible rows of one table, oldest first; returns how many went. The ORDER
 * BY keeps the pick on the (organizationId, time) index: without it PostgreSQL picked by scanning the
 * heap from its start, past every row earlier batches had deleted. `= ANY (ARRAY(…))` deletes the
 * picked rows by primary key: `IN (…)` was planned as a hash join over a scan of the whole table.
 */
async function pruneBatch(db: PrismaClient, spec: (typeof PRUNED_TABLES)[number], organizationId: string | null, cutoff: Date, batchSize: number) {
  const table = Prisma.raw(`"${spec.table}"`);
  return db.$executeRaw`
    DELETE FROM ${table} WHERE id = ANY (ARRAY(
      SELECT id FROM ${table} WHERE ${eligible(spec, organizationId, cutoff)}
      ORDER BY ${Prisma.raw(`"${spec.time}"`)} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    ))`;
}

export interface PruneOptions {
  now?: Date;
  batchSize?: number;
  /** Stop starting new batches after this long: a backlog is worked off over several passes. */
  timeBudgetMs?: number;
  pauseMs?: number;
  pauseRatio?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
}

export interface PruneResult {
  deleted: RetentionCounts;
  batches: number;
  /** How long the slowest DELETE took (its rows stay locked that long). */
  longestBatchMs: number;
  /** True when the time budget ran out with rows still eligible. */
  hasMore: boolean;
}

const emptyCounts = (): RetentionCounts => Object.fromEntries(PRUNED_TABLES.map((spec) => [spec.name, 0])) as RetentionCounts;

/** One pruning pass over every organization, each with its own retention. */
export async function pruneExpiredHistory(db: PrismaClient, options: PruneOptions = {}): Promise<PruneResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? PRUNE_BATCH_SIZE;
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pauseMs = options.pauseMs ?? PRUNE_PAUSE_MS;
  const pauseRatio = options.pauseRatio ?? PRUNE_PAUSE_RATIO;
  const deadline = clock() + (options.timeBudgetMs ?? PRUNE_PASS_BUDGET_MS);
  const deleted = emptyCounts();
  let batches = 0;
  let longestBatchMs = 0;
  const organizations = await db.organization.findMany({ select: { id: true, retentionDays: true }, orderBy: { id: "asc" } });
  const owners = [...organizations, { id: null, retentionDays: DEFAULT_RETENTION_DAYS }];
  for (const organization of owners) {
    const cutoff = retentionCutoff(organization.retentionDays, now);
    // The system owns only runtime events and jobs; its pass skips the run tables.
    const tables = organization.id === null ? PRUNED_TABLES.filter((spec) => spec.table === "RuntimeEvent") : PRUNED_TABLES;
    for (const spec of tables) {
      for (;;) {
        const batchStartedAt = clock();
        if (batchStartedAt >= deadline) return { deleted, batches, longestBatchMs, hasMore: true };
        const count = await pruneBatch(db, spec, organization.id, cutoff, batchSize);
        const batchMs = clock() - batchStartedAt;
        longestBatchMs = Math.max(longestBatchMs, batchMs);
        batches++;
        deleted[spec.name] += count;
        if (count < batchSize) break;
        const pause = Math.max(pauseMs, batchMs * pauseRatio);
        if (pause > 0) await sleep(pause);
      }
    }
  }
  return { deleted, batches, longestBatchMs, hasMore: false };
}

export const RetentionSettings = z.object({
  retentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS),
  cutoff: z.date(),
  /** What the next pruning pass will delete, table by table. */
  willDelete: z.record(z.string(), z.number().int()),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** The organization's retention and what it currently makes eligible for deletion. */
export async function getRetentionSettings(ctx: OrgContext, now: Date = new Date()): Promise<RetentionSettings> {
  requireRole(ctx, "ADMIN");
  const organization = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { retentionDays: true } });
  const cutoff = retentionCutoff(organization.retentionDays, now);
  return { retentionDays: organization.retentionDays, cutoff, willDelete: await countEligible(ctx, cutoff) };
}

async function countEligible(ctx: OrgContext, cutoff: Date): Promise<RetentionCounts> {
  const counts = emptyCounts();
  const rows = await ctx.db.$queryRaw<{ name: PrunedTable; count: number }[]>(
    Prisma.join(
      PRUNED_TABLES.map(
        (spec) =>
          Prisma.sql`SELECT ${spec.name}::text AS name, count(*)::int AS count FROM ${Prisma.raw(`"${spec.table}"`)} WHERE ${eligible(spec, ctx.organizationId, cutoff)}`,
      ),
      " UNION ALL ",
    ),
  );
  for (const row of rows) counts[row.name] = Number(row.count);
  return counts;
}

export const UpdateRetentionBody = z.object({ retentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS) });

/** Changes how long history is kept (ADMIN, audited); the next pruning pass applies it. */
export async function updateRetention(ctx: OrgContext, body: z.infer<typeof UpdateRetentionBody>, now: Date = new Date()): Promise<RetentionSettings> {
  requireRole(ctx, "ADMIN");
  const { retentionDays } = UpdateRetentionBody.parse(body);
  await ctx.db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { retentionDays: true } });
    if (before.retentionDays === retentionDays) return;
    await tx.organization.update({ where: { id: ctx.organizationId }, data: { retentionDays } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "organization.retention_changed",
      target: { type: "organization", id: ctx.organizationId },
      before: { retentionDays: before.retentionDays },
      after: { retentionDays },
    });
  });
  return getRetentionSettings(ctx, now);
}
