import { JobStatus, type ExecutionJob, type Prisma, type RunStatus } from "@switchyard/database";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../activity/cursor.ts";
import { requireRole, type OrgContext } from "../context.ts";
import type { RunKind } from "../runs/unified.ts";
import { collectRuntimeStatus } from "../telemetry/status.ts";

// RuntimeEvent and ExecutionJob rows with organizationId null are system work (scheduler ticks,
// worker heartbeats, provider breakers) shared by every tenant: an admin sees their own
// organization's rows plus those, never another organization's. Workers and breakers have no
// organization at all; they are the shared runtime every tenant runs on.
const visibleTo = (ctx: OrgContext) => ({ OR: [{ organizationId: ctx.organizationId }, { organizationId: null }] });

const LEASE_MESSAGE = /jobs? running past (its|their) lease/;

/** Worker rows, breakers, model route, queue counts by state, degraded flags and the last event time. */
export async function getRuntimeAdminStatus(ctx: OrgContext, now: Date = new Date()) {
  requireRole(ctx, "ADMIN");
  const status = await collectRuntimeStatus(ctx.db, { organizationId: ctx.organizationId, now });
  const [jobGroups, expiredLeases, lastEvent] = await Promise.all([
    ctx.db.executionJob.groupBy({ by: ["status"], where: visibleTo(ctx), _count: { _all: true } }),
    ctx.db.executionJob.count({ where: { AND: [visibleTo(ctx), { status: "RUNNING", leaseExpiresAt: { lt: now } }] } }),
    ctx.db.runtimeEvent.findFirst({ where: visibleTo(ctx), orderBy: [{ occurredAt: "desc" }, { id: "desc" }], select: { occurredAt: true } }),
  ]);
  const queue = { PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, expiredLeases };
  for (const group of jobGroups) queue[group.status] = group._count._all;
  // collectRuntimeStatus counts the whole queue; the lease flag is recomputed over the visible jobs.
  const degraded = status.degraded.filter((flag) => !LEASE_MESSAGE.test(flag));
  if (expiredLeases > 0) degraded.push(expiredLeases === 1 ? "1 job running past its lease" : `${expiredLeases} jobs running past their lease`);
  return {
    generatedAt: status.generatedAt,
    healthy: degraded.length === 0,
    degraded,
    breakerOpen: status.breakers.some((breaker) => breaker.state === "open"),
    workers: status.workers,
    breakers: status.breakers,
    modelRoute: status.modelRoute,
    queue,
    lastEventAt: lastEvent?.occurredAt ?? null,
  };
}

export const ListRuntimeEventsQuery = z.object({
  layer: z.string().min(1).max(40).optional(),
  reasonCode: z.string().min(1).max(80).optional(),
  entityId: z.string().min(1).max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListRuntimeEventsQuery = z.infer<typeof ListRuntimeEventsQuery>;

/** Runtime events, newest first, keyset-paginated on (occurredAt, id). */
export async function listRuntimeEvents(ctx: OrgContext, query: ListRuntimeEventsQuery) {
  requireRole(ctx, "ADMIN");
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const and: Prisma.RuntimeEventWhereInput[] = [visibleTo(ctx)];
  if (query.layer) and.push({ layer: query.layer });
  if (query.reasonCode) and.push({ reasonCode: query.reasonCode });
  if (query.entityId) and.push({ entityId: query.entityId });
  if (query.from || query.to) and.push({ occurredAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } });
  if (cursor) and.push({ OR: [{ occurredAt: { lt: cursor.at } }, { occurredAt: cursor.at, id: { lt: cursor.id } }] });
  const rows = await ctx.db.runtimeEvent.findMany({ where: { AND: and }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const events = rows.slice(0, query.limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > query.limit && last ? encodeCursor(last.occurredAt, last.id) : null };
}

export const ListRuntimeTasksQuery = z.object({
  status: z.enum(JobStatus).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListRuntimeTasksQuery = z.infer<typeof ListRuntimeTasksQuery>;

/**
 * What a task achieved. A job is COMPLETED once its handler returns, which says nothing of the run the
 * handler drove: a completed job reports its run's status and error instead (FAILED, CANCELLED, still
 * SUSPENDED, ...), and SKIPPED with the handler's reason when it returned without starting a run.
 */
export type TaskOutcomeStatus = JobStatus | RunStatus | "SKIPPED";

interface TaskRun {
  kind: RunKind;
  id: string;
  status: RunStatus;
  error: string | null;
}

/** The key under which each kind's handler returns the id of the run it drove (and campaign events carry it). */
const RUN_ID_KEYS: Record<string, RunKind> = {
  agentRunId: "agent",
  workflowRunId: "workflow",
  networkRunId: "network",
  campaignId: "campaign",
  pulseEvaluationId: "pulse",
};

type JobRow = Pick<ExecutionJob, "status" | "payload" | "result">;

/** The handler's output, then its saved steps (a failed job has no output), then the event's payload. */
function jobRecords(job: JobRow): Record<string, unknown>[] {
  const result = job.result as { output?: unknown; steps?: Record<string, unknown> } | null;
  const records = [result?.output, ...Object.values(result?.steps ?? {}), job.payload];
  return records.filter((record): record is Record<string, unknown> => typeof record === "object" && record !== null && !Array.isArray(record));
}

function runRefOf(job: JobRow): { kind: RunKind; id: string } | null {
  for (const record of jobRecords(job)) {
    for (const [key, kind] of Object.entries(RUN_ID_KEYS)) {
      const id = record[key];
      if (typeof id === "string") return { kind, id };
    }
  }
  return null;
}

/** The runs the jobs drove, by kind and id, read within the caller's organization. */
async function loadTaskRuns(ctx: OrgContext, refs: { kind: RunKind; id: string }[]): Promise<Map<string, TaskRun>> {
  const idsOf = (kind: RunKind) => [...new Set(refs.filter((ref) => ref.kind === kind).map((ref) => ref.id))];
  const where = (kind: RunKind) => ({ organizationId: ctx.organizationId, id: { in: idsOf(kind) } });
  const select = { id: true, status: true, error: true } as const;
  const [agent, workflow, network, campaign, pulse] = await Promise.all([
    ctx.db.agentRun.findMany({ where: where("agent"), select }),
    ctx.db.workflowRun.findMany({ where: where("workflow"), select }),
    ctx.db.networkRun.findMany({ where: where("network"), select }),
    ctx.db.campaign.findMany({ where: where("campaign"), select: { id: true, status: true, stopReason: true } }),
    ctx.db.pulseEvaluation.findMany({ where: where("pulse"), select }),
  ]);
  const runs = new Map<string, TaskRun>();
  const add = (kind: RunKind, rows: { id: string; status: RunStatus; error: string | null }[]) => {
    for (const row of rows) runs.set(`${kind}:${row.id}`, { kind, ...row });
  };
  add("agent", agent);
  add("workflow", workflow);
  add("network", network);
  add(
    "campaign",
    campaign.map(({ stopReason, ...row }) => ({ ...row, error: stopReason })),
  );
  add("pulse", pulse);
  return runs;
}

function taskOutcome(job: JobRow & Pick<ExecutionJob, "lastError">, run: TaskRun | null): { status: TaskOutcomeStatus; reason: string | null } {
  if (job.status !== "COMPLETED") return { status: job.status, reason: job.lastError };
  if (run) return { status: run.status, reason: run.status === "COMPLETED" ? null : run.error };
  const output = (job.result as { output?: { error?: unknown } } | null)?.output;
  if (typeof output?.error === "string") return { status: "SKIPPED", reason: output.error };
  return { status: "COMPLETED", reason: null };
}

/**
 * Recent execution jobs, newest first, each with its outcome, the run it drove and its latest runtime
 * event (linked by `taskId`).
 */
export async function listRuntimeTasks(ctx: OrgContext, query: ListRuntimeTasksQuery) {
  requireRole(ctx, "ADMIN");
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const and: Prisma.ExecutionJobWhereInput[] = [visibleTo(ctx)];
  if (query.status) and.push({ status: query.status });
  if (cursor) and.push({ OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] });
  const rows = await ctx.db.executionJob.findMany({ where: { AND: and }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const jobs = rows.slice(0, query.limit);
  const runRefs = new Map(jobs.map((job) => [job.id, runRefOf(job)]));
  const [latestEvents, runs] = await Promise.all([
    jobs.length
      ? ctx.db.runtimeEvent.findMany({
          where: { AND: [visibleTo(ctx), { taskId: { in: jobs.map((job) => job.id) } }] },
          orderBy: [{ taskId: "asc" }, { occurredAt: "desc" }, { id: "desc" }],
          distinct: ["taskId"],
        })
      : [],
    loadTaskRuns(
      ctx,
      [...runRefs.values()].filter((ref) => ref !== null),
    ),
  ]);
  const latestByTask = new Map(latestEvents.map((event) => [event.taskId, event]));
  const last = jobs.at(-1);
  return {
    tasks: jobs.map((job) => {
      const event = latestByTask.get(job.id);
      const ref = runRefs.get(job.id);
      const run = ref ? (runs.get(`${ref.kind}:${ref.id}`) ?? null) : null;
      return {
        id: job.id,
        eventName: job.eventName,
        eventId: job.eventId,
        organizationId: job.organizationId,
        status: job.status,
        outcome: taskOutcome(job, run),
        run,
        attempts: job.attempts,
        maxAttempts: job.maxAttempts,
        error: job.lastError,
        leaseOwner: job.leaseOwner,
        leaseExpiresAt: job.leaseExpiresAt,
        runAt: job.runAt,
        createdAt: job.createdAt,
        updatedAt: job.updatedAt,
        completedAt: job.completedAt,
        latestEvent: event
          ? {
              id: event.id,
              layer: event.layer,
              operation: event.operation,
              reasonCode: event.reasonCode,
              entityId: event.entityId,
              occurredAt: event.occurredAt,
            }
          : null,
      };
    }),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

const Count = z.number().int();
/** What `getRuntimeAdminStatus` returns. */
export const RuntimeAdminStatus = z.object({
  generatedAt: z.date(),
  healthy: z.boolean(),
  degraded: z.array(z.string()),
  breakerOpen: z.boolean(),
  workers: z.array(
    z.object({
      workerId: z.string(),
      agentType: z.string(),
      status: z.string(),
      circuitOpen: z.boolean(),
      circuitReason: z.string().nullable(),
      lastHeartbeat: z.date(),
      currentTaskId: z.string().nullable(),
      isStale: z.boolean(),
    }),
  ),
  breakers: z.array(
    z.object({
      name: z.string(),
      state: z.string(),
      consecutiveFailures: Count,
      openedAt: z.date().nullable(),
      lastFailureAt: z.date().nullable(),
      lastReason: z.string().nullable(),
    }),
  ),
  modelRoute: z.object({
    mode: z.enum(["live", "simulated"]),
    configuredProviders: z.array(z.string()),
    routes: z.array(z.object({ requestedProvider: z.string(), model: z.string(), effectiveProvider: z.string(), agents: Count })),
  }),
  queue: z.object({ PENDING: Count, RUNNING: Count, COMPLETED: Count, FAILED: Count, expiredLeases: Count }),
  lastEventAt: z.date().nullable(),
});

/** A runtime event row. */
export const RuntimeEventView = z.object({
  id: z.string(),
  organizationId: z.string().nullable(),
  layer: z.string(),
  operation: z.string(),
  reasonCode: z.string(),
  entityId: z.string(),
  taskId: z.string().nullable(),
  workerId: z.string().nullable(),
  metadata: z.unknown(),
  occurredAt: z.date(),
  createdAt: z.date(),
});
/** What `listRuntimeEvents` returns. */
export const ListRuntimeEventsResponse = z.object({ events: z.array(RuntimeEventView), nextCursor: z.string().nullable() });

/** A task as `listRuntimeTasks` returns it. */
export const RuntimeTaskView = z.object({
  id: z.string(),
  eventName: z.string(),
  eventId: z.string().nullable(),
  organizationId: z.string().nullable(),
  status: z.enum(JobStatus),
  outcome: z.object({ status: z.string(), reason: z.string().nullable() }),
  run: z.object({ kind: z.string(), id: z.string(), status: z.string(), error: z.string().nullable() }).nullable(),
  attempts: Count,
  maxAttempts: Count,
  error: z.string().nullable(),
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: z.date().nullable(),
  runAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
  completedAt: z.date().nullable(),
  latestEvent: z
    .object({ id: z.string(), layer: z.string(), operation: z.string(), reasonCode: z.string(), entityId: z.string(), occurredAt: z.date() })
    .nullable(),
});
/** What `listRuntimeTasks` returns. */
export const ListRuntimeTasksResponse = z.object({ tasks: z.array(RuntimeTaskView), nextCursor: z.string().nullable() });
