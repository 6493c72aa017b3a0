import { Prisma } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { cancelRun, retryRun } from "./actions.ts";
import { isFinished } from "./lifecycle.ts";
import { RUN_KINDS, type RunKind, type UnifiedRunStatus } from "./run-values.ts";
import { IsoDateParam, KIND_SOURCES, kindSourceFor, kindWhere, ListRunsQuery, type RunFilters } from "./unified.ts";

/** One request acts on at most this many runs; a larger filter is reported as truncated, to be sent again. */
export const BULK_RUN_LIMIT = 500;

const RunRef = z.object({ kind: z.enum(RUN_KINDS), id: z.string().min(1).max(64) });

/** The runs list's filters, without paging: "all runs matching this filter". */
const BulkFilter = z.object({
  kind: ListRunsQuery.shape.kind,
  status: ListRunsQuery.shape.status,
  source: ListRunsQuery.shape.source,
  triggerId: ListRunsQuery.shape.triggerId,
  from: IsoDateParam.optional(),
  to: IsoDateParam.optional(),
  search: ListRunsQuery.shape.search,
  entity: ListRunsQuery.shape.entity,
});

export const BulkRunActionBody = z
  .object({
    action: z.enum(["cancel", "retry"]),
    runs: z.array(RunRef).min(1).max(BULK_RUN_LIMIT).optional(),
    filter: BulkFilter.optional(),
  })
  .refine((body) => (body.runs === undefined) !== (body.filter === undefined), { message: "Send either runs or filter, not both", path: ["runs"] });
export type BulkRunActionBody = z.input<typeof BulkRunActionBody>;

export const BulkRunResult = z.object({
  kind: z.enum(RUN_KINDS),
  id: z.string(),
  ok: z.boolean(),
  /** cancel: the run's status after the request; retry: the new run's id. */
  status: z.string().optional(),
  retryRunId: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export const BulkRunActionResponse = z.object({
  action: z.enum(["cancel", "retry"]),
  /** Runs the request selected (for a filter: up to the limit). */
  matched: z.number().int(),
  /** True when the filter matched more runs than one request takes: send it again for the rest. */
  truncated: z.boolean(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  results: z.array(BulkRunResult),
});
export type BulkRunActionResponse = z.infer<typeof BulkRunActionResponse>;

/** What each action can apply to: only an unfinished run can be cancelled, only a finished one retried. */
const ACTIONABLE: Record<"cancel" | "retry", UnifiedRunStatus[]> = {
  cancel: ["QUEUED", "RUNNING", "SUSPENDED"],
  retry: ["COMPLETED", "FAILED", "CANCELLED"],
};

/**
 * Cancels or retries many runs in one request and reports each one's outcome: one run's refusal (a 409
 * for a run that finished meanwhile, a 404) never stops the rest. A filter selects the newest runs it
 * matches that the action applies to, up to BULK_RUN_LIMIT.
 */
export async function bulkRunAction(ctx: OrgContext, engine: ExecutionEngine, rawBody: BulkRunActionBody): Promise<BulkRunActionResponse> {
  requireRole(ctx, "OPERATOR");
  const body = BulkRunActionBody.parse(rawBody);
  const selection = body.runs ? { runs: body.runs, truncated: false } : await runsMatching(ctx, body.filter!, ACTIONABLE[body.action]);
  const results: z.infer<typeof BulkRunResult>[] = [];
  for (const run of selection.runs) {
    try {
      if (body.action === "cancel") {
        const cancelled = await cancelRun(ctx, run.kind, run.id);
        results.push({ ...run, ok: true, status: cancelled.status });
      } else {
        const retried = await retryRun(ctx, engine, run.kind, run.id);
        results.push({ ...run, ok: true, retryRunId: retried.runId });
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ ...run, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { action: body.action, matched: selection.runs.length, truncated: selection.truncated, succeeded, failed: results.length - succeeded, results };
}

/** The newest runs matching the filter whose status the action applies to, newest first. */
async function runsMatching(ctx: OrgContext, filter: z.infer<typeof BulkFilter>, statuses: UnifiedRunStatus[]) {
  const kinds = filter.kind === "all" ? RUN_KINDS : [filter.kind];
  const wanted = filter.status ? statuses.filter((status) => status === filter.status) : statuses;
  if (wanted.length === 0) return { runs: [], truncated: false };
  const filters: RunFilters = {
    source: filter.source,
    triggerId: filter.triggerId,
    from: filter.from ? new Date(filter.from) : undefined,
    to: filter.to ? new Date(filter.to) : undefined,
    search: filter.search,
    entity: filter.entity,
  };
  const take = BULK_RUN_LIMIT + 1;
  const branches = kinds.map((kind) => {
    const s = KIND_SOURCES[kind];
    const statusIn = Prisma.join(wanted.map((status) => Prisma.sql`CAST(${status} AS "RunStatus")`));
    return Prisma.sql`(SELECT ${kind}::text AS kind, ${s.id} AS id, ${s.startedAt} AS "startedAt"
      FROM ${kindSourceFor(kind, filters)} WHERE ${kindWhere(ctx, kind, filters)} AND ${s.statusColumn} IN (${statusIn})
      ORDER BY ${s.startedAt} DESC, ${s.id} DESC LIMIT ${take})`;
  });
  const rows = await ctx.db.$queryRaw<{ kind: RunKind; id: string }[]>`
    SELECT kind, id FROM (${Prisma.join(branches, " UNION ALL ")}) u ORDER BY u."startedAt" DESC, u.id DESC LIMIT ${take}`;
  return { runs: rows.slice(0, BULK_RUN_LIMIT).map(({ kind, id }) => ({ kind, id })), truncated: rows.length > BULK_RUN_LIMIT };
}

export const DeleteRunResponse = z.object({ kind: z.enum(RUN_KINDS), id: z.string(), deletedSubRuns: z.number().int() });

/**
 * Deletes a finished run with its records: steps, events, artifacts, tool calls, evaluations, reviews
 * and feedback go with it (foreign keys cascade), its agent sub-runs and the activity that names it are
 * deleted here. Unfinished runs are refused: cancel first, so no worker writes into a deleted run.
 */
export async function deleteRun(ctx: OrgContext, kind: RunKind, id: string): Promise<z.infer<typeof DeleteRunResponse>> {
  requireRole(ctx, "ADMIN");
  const organizationId = ctx.organizationId;
  const where = { id, organizationId };
  const run = await findRunStatus(ctx, kind, id);
  if (!isFinished(run.status)) throw new AppError("conflict", `Run is ${run.status.toLowerCase()}: cancel it before deleting it`);
  return ctx.db.$transaction(async (tx) => {
    const subRuns =
      kind === "workflow"
        ? { workflowRunId: id }
        : kind === "network"
          ? { networkRunId: id }
          : kind === "campaign"
            ? { metadata: { path: ["campaignId"], equals: id } }
            : null;
    const { count: deletedSubRuns } = subRuns ? await tx.agentRun.deleteMany({ where: { organizationId, ...subRuns } }) : { count: 0 };
    const activityLink = {
      agent: { runId: id },
      workflow: { workflowRunId: id },
      network: { networkRunId: id },
      campaign: { campaignId: id },
      pulse: { runId: id },
    }[kind];
    await tx.activityEvent.deleteMany({ where: { organizationId, ...activityLink } });
    const deleted = await RUN_DELETERS[kind](tx, where);
    if (deleted === 0) throw notFound("Run");
    await recordAudit(tx, organizationId, ctx.actor, {
      action: "run.deleted",
      target: { type: "run", id, label: `${kind} run` },
      before: { kind, status: run.status, startedAt: run.startedAt.toISOString(), deletedSubRuns },
    });
    return { kind, id, deletedSubRuns };
  });
}

type Tx = Parameters<Parameters<OrgContext["db"]["$transaction"]>[0]>[0];
type RunWhere = { id: string; organizationId: string };

const RUN_DELETERS: Record<RunKind, (tx: Tx, where: RunWhere) => Promise<number>> = {
  agent: async (tx, where) => (await tx.agentRun.deleteMany({ where })).count,
  workflow: async (tx, where) => (await tx.workflowRun.deleteMany({ where })).count,
  network: async (tx, where) => (await tx.networkRun.deleteMany({ where })).count,
  campaign: async (tx, where) => (await tx.campaign.deleteMany({ where })).count,
  pulse: async (tx, where) => (await tx.pulseEvaluation.deleteMany({ where })).count,
};

async function findRunStatus(ctx: OrgContext, kind: RunKind, id: string) {
  const where = { id, organizationId: ctx.organizationId };
  const select = { status: true, startedAt: true } as const;
  const run = await {
    agent: () => ctx.db.agentRun.findFirst({ where, select }),
    workflow: () => ctx.db.workflowRun.findFirst({ where, select }),
    network: () => ctx.db.networkRun.findFirst({ where, select }),
    campaign: () => ctx.db.campaign.findFirst({ where, select }),
    pulse: () => ctx.db.pulseEvaluation.findFirst({ where, select }),
  }[kind]();
  if (!run) throw notFound("Run");
  return run;
}
