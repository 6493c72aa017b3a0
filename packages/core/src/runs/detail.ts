import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { parseWorkflowDefinition } from "../workflows/definition.ts";
import { definitionGraph, type RunGraph } from "../workflows/plan-graph.ts";
import { workflowCallOf } from "../workflows/steps.ts";
import { getUnifiedRun, RUN_KINDS, UnifiedRunSchema, type RunKind, type UnifiedRun } from "./unified.ts";

export { buildRunGraph, type RunGraph, type RunGraphEdge, type RunGraphNode } from "../workflows/plan-graph.ts";

export const RunParams = z.object({
  kind: z.enum(RUN_KINDS),
  id: z.string().min(1).max(64),
});
export type RunParams = z.infer<typeof RunParams>;

export interface TimelineEntry {
  state: "queued" | "started" | "suspended" | "cancel_requested" | "completed" | "failed" | "cancelled";
  at: string;
}

interface Lifecycle {
  status: string;
  createdAt: Date;
  startedAt: Date;
  claimedAt: Date | null;
  completedAt: Date | null;
  cancelRequestedAt: Date | null;
  heartbeatAt: Date | null;
  suspendedAt?: Date | null;
  /** When the first step began, for kinds with steps: a resumed run's claim is later than its start. */
  firstStepAt?: Date | null;
}

/** What started a run, named: a trigger or a schedule of the run's primitive. */
export interface RunTriggerRef {
  id: string;
  name: string;
  type: "trigger" | "schedule";
}

export interface RunDetail {
  run: UnifiedRun & {
    retryOfId: string | null;
    error: string | null;
    heartbeatAt: string | null;
    cancelRequestedAt: string | null;
    trigger: RunTriggerRef | null;
    /** The OpenTelemetry trace of the run (null when it ran untraced), and its page in the trace viewer when SWITCHYARD_TRACE_URL is set. */
    traceId: string | null;
    traceUrl: string | null;
  };
  timeline: TimelineEntry[];
  detail: Record<string, unknown>;
}

/** A run's triggerId names a trigger or a schedule: campaign runs have their own tables, the rest share the agent ones. */
async function findTrigger(ctx: OrgContext, kind: RunKind, triggerId: string | null): Promise<RunTriggerRef | null> {
  if (!triggerId || kind === "pulse") return null;
  const where = { id: triggerId, organizationId: ctx.organizationId };
  const select = { id: true, name: true } as const;
  const [trigger, schedule] =
    kind === "campaign"
      ? await Promise.all([ctx.db.campaignTrigger.findFirst({ where, select }), ctx.db.campaignSchedule.findFirst({ where, select })])
      : await Promise.all([ctx.db.agentTrigger.findFirst({ where, select }), ctx.db.agentSchedule.findFirst({ where, select })]);
  if (trigger) return { ...trigger, type: "trigger" };
  if (schedule) return { ...schedule, type: "schedule" };
  return null;
}

const RUN_SUMMARY = { id: true, status: true, durationMs: true, totalTokens: true, costUsd: true, startedAt: true, completedAt: true } as const;
/** An agent sub-run also names the agent version it ran. */
const SUB_RUN_SUMMARY = { ...RUN_SUMMARY, agentVersion: true } as const;
const ENTITY_REF = { id: true, slug: true, name: true } as const;

/**
 * One run of any kind: its unified fields, a lifecycle timeline and the kind's own parts (steps,
 * sub-runs, tool calls, artifacts, evaluation, feedback, approvals...). Another organization's id is a 404.
 */
export async function getRunDetail(ctx: OrgContext, kind: RunKind, id: string): Promise<RunDetail> {
  const unified = await getUnifiedRun(ctx, kind, id);
  const [{ lifecycle, retryOfId, traceId, error, detail }, trigger] = await Promise.all([loadKind(ctx, kind, id), findTrigger(ctx, kind, unified.triggerId)]);
  return {
    run: {
      ...unified,
      retryOfId,
      error,
      heartbeatAt: lifecycle.heartbeatAt?.toISOString() ?? null,
      cancelRequestedAt: lifecycle.cancelRequestedAt?.toISOString() ?? null,
      trigger,
      traceId,
      traceUrl: traceId ? traceUrlOf(traceId, process.env.SWITCHYARD_TRACE_URL) : null,
    },
    timeline: buildTimeline(lifecycle),
    detail,
  };
}

/** The trace's page in the operator's trace viewer: SWITCHYARD_TRACE_URL with `{traceId}` in it (http or https only). */
export function traceUrlOf(traceId: string, template: string | undefined): string | null {
  if (!template || !/^https?:\/\//i.test(template) || !template.includes("{traceId}")) return null;
  return template.replaceAll("{traceId}", encodeURIComponent(traceId));
}

/**
 * queued → started → (suspended) → finished, from the run's own timestamps; unknown moments are left
 * out. `claimedAt` is the latest claim (a run resumed after an approval is claimed again), so a first
 * step that began earlier marks the start instead.
 */
export function buildTimeline(run: Lifecycle): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ state: "queued", at: run.createdAt.toISOString() }];
  const claimed = run.claimedAt && run.firstStepAt && run.firstStepAt < run.claimedAt ? run.firstStepAt : run.claimedAt;
  // Never claimed and queued, held for approval or cancelled: it has not started.
  const isUnstarted = run.status === "QUEUED" || (!run.claimedAt && (run.status === "CANCELLED" || run.status === "SUSPENDED"));
  const started = claimed ?? (isUnstarted ? null : run.startedAt);
  if (started) entries.push({ state: "started", at: started.toISOString() });
  if (run.suspendedAt) entries.push({ state: "suspended", at: run.suspendedAt.toISOString() });
  if (run.cancelRequestedAt) entries.push({ state: "cancel_requested", at: run.cancelRequestedAt.toISOString() });
  if (run.completedAt && ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status)) {
    entries.push({ state: run.status.toLowerCase() as TimelineEntry["state"], at: run.completedAt.toISOString() });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

const APPROVAL_SUMMARY = {
  id: true,
  sourceType: true,
  status: true,
  title: true,
  workflowStepId: true,
  requestedAt: true,
  decidedAt: true,
  decidedByLabel: true,
  decisionNotes: true,
} as const;

async function loadKind(ctx: OrgContext, kind: RunKind, id: string) {
  const where = { id, organizationId: ctx.organizationId };
  const scoped = { organizationId: ctx.organizationId };
  switch (kind) {
    case "agent": {
      const run = await ctx.db.agentRun.findFirst({
        where,
        include: {
          toolCalls: { where: scoped, orderBy: { startedAt: "asc" } },
          artifacts: { where: scoped, orderBy: { createdAt: "asc" } },
          events: { where: scoped, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
        },
      });
      if (!run) throw notFound("Run");
      const [workflowRun, networkRun, approvals] = await Promise.all([
        run.workflowRunId
          ? ctx.db.workflowRun.findFirst({ where: { id: run.workflowRunId, ...scoped }, select: { ...RUN_SUMMARY, workflow: { select: ENTITY_REF } } })
          : null,
        run.networkRunId
          ? ctx.db.networkRun.findFirst({ where: { id: run.networkRunId, ...scoped }, select: { ...RUN_SUMMARY, network: { select: ENTITY_REF } } })
          : null,
        // A direct fire of an APPROVAL_REQUIRED agent waited for this review (agents/risk-gate.ts).
        ctx.db.approvalRequest.findMany({ where: { agentRunId: run.id, ...scoped }, orderBy: { requestedAt: "asc" }, select: APPROVAL_SUMMARY }),
      ]);
      return {
        // A runner's run is claimed again after a lapsed lease: it started at its first claim (startedAt).
        lifecycle: { ...(run.leaseExpiresAt ? { ...run, firstStepAt: run.startedAt } : run), suspendedAt: approvals[0]?.requestedAt ?? null },
        retryOfId: run.retryOfId,
        traceId: run.traceId,
        error: run.error,
        detail: {
          input: run.input,
          output: run.output,
          model: { provider: run.modelProvider, name: run.modelName },
          agentVersion: run.agentVersion,
          promptTokens: run.promptTokens,
          completionTokens: run.completionTokens,
          toolCalls: run.toolCalls,
          artifacts: run.artifacts,
          // What an external runner reported (stages, logs, scores), and who holds or held the run.
          events: run.events,
          runner: run.leaseExpiresAt
            ? { claimedBy: run.claimedBy, attempt: run.attempt, leaseExpiresAt: run.leaseExpiresAt, leaseLapses: run.leaseLapses }
            : null,
          parent: { workflowRun, networkRun },
          approvals,
        },
      };
    }
    case "workflow": {
      const run = await ctx.db.workflowRun.findFirst({
        where,
        include: {
          steps: {
            where: scoped,
            orderBy: [{ startedAt: "asc" }, { stepId: "asc" }],
            include: { agentRun: { select: { ...SUB_RUN_SUMMARY, agentId: true } } },
          },
          events: { where: scoped, orderBy: { createdAt: "asc" } },
          artifacts: { where: scoped, orderBy: { createdAt: "asc" } },
          evaluation: true,
          feedback: { where: scoped, orderBy: { createdAt: "desc" } },
          approvals: { where: scoped, orderBy: { requestedAt: "asc" }, select: APPROVAL_SUMMARY },
        },
      });
      if (!run) throw notFound("Run");
      const [graph, subRuns, toolCalls] = await Promise.all([
        loadWorkflowGraph(
          ctx,
          run.workflowId,
          run.workflowVersion,
          run.steps.map((step) => step.stepId),
        ),
        workflowSubRuns(ctx, run.id),
        subRunToolCalls(ctx, { workflowRunId: run.id }),
      ]);
      return {
        lifecycle: { ...run, firstStepAt: earliest(run.steps.map((step) => step.startedAt)) },
        retryOfId: run.retryOfId,
        traceId: run.traceId,
        error: run.error,
        detail: {
          input: run.input,
          output: run.output,
          workflowVersion: run.workflowVersion,
          suspendedStepId: run.suspendedStepId,
          graph,
          steps: run.steps,
          subRuns,
          events: run.events,
          toolCalls,
          artifacts: run.artifacts,
          evaluation: run.evaluation?.organizationId === ctx.organizationId ? run.evaluation : null,
          feedback: run.feedback,
          approvals: run.approvals,
        },
      };
    }
    case "network": {
      const run = await ctx.db.networkRun.findFirst({
        where,
        include: {
          steps: { where: scoped, orderBy: { stepNumber: "asc" }, include: { agentRun: { select: { ...SUB_RUN_SUMMARY, agent: { select: ENTITY_REF } } } } },
          artifacts: { where: scoped, orderBy: { createdAt: "asc" } },
          evaluation: true,
          feedback: { where: scoped, orderBy: { createdAt: "desc" } },
        },
      });
      if (!run) throw notFound("Run");
      const toolCalls = await subRunToolCalls(ctx, { networkRunId: run.id });
      return {
        lifecycle: { ...run, firstStepAt: earliest(run.steps.map((step) => step.startedAt)) },
        retryOfId: run.retryOfId,
        traceId: run.traceId,
        error: run.error,
        detail: {
          input: run.input,
          output: run.output,
          stepsCount: run.stepsCount,
          steps: run.steps,
          toolCalls,
          artifacts: run.artifacts,
          evaluation: run.evaluation?.organizationId === ctx.organizationId ? run.evaluation : null,
          feedback: run.feedback,
        },
      };
    }
    case "campaign": {
      const run = await ctx.db.campaign.findFirst({
        where,
        include: {
          template: { select: ENTITY_REF },
          missions: {
            where: scoped,
            orderBy: [{ sequence: "asc" }, { name: "asc" }],
            include: {
              tasks: {
                where: scoped,
                orderBy: { name: "asc" },
                include: { agent: { select: ENTITY_REF }, agentRun: { select: SUB_RUN_SUMMARY } },
              },
            },
          },
          approvals: {
            where: scoped,
            orderBy: { requestedAt: "asc" },
            select: {
              id: true,
              sourceType: true,
              status: true,
              missionId: true,
              title: true,
              requestedAt: true,
              decidedAt: true,
              decidedByLabel: true,
              decisionNotes: true,
            },
          },
        },
      });
      if (!run) throw notFound("Run");
      const missions = run.missions.map((mission) => ({
        ...mission,
        tasks: mission.tasks.map((task) => ({ ...task, agentRunIds: task.agentRunId ? [task.agentRunId] : [] })),
      }));
      return {
        // Approvals between missions resume the campaign with a new claim; its tasks tell when it really began.
        lifecycle: { ...run, firstStepAt: earliest(run.missions.flatMap((mission) => mission.tasks.map((task) => task.startedAt))) },
        retryOfId: run.retryOfId,
        traceId: run.traceId,
        error: run.stopReason,
        detail: {
          template: run.template,
          intent: run.intent,
          parameters: run.parameters,
          phase: run.phase,
          plan: run.plan,
          maxCostUsd: run.maxCostUsd,
          missionsTotal: run.missionsTotal,
          missionsCompleted: run.missionsCompleted,
          missions,
          approvals: run.approvals,
          afterActionReview: run.afterActionReview,
        },
      };
    }
    case "pulse": {
      const run = await ctx.db.pulseEvaluation.findFirst({ where, include: { pulse: { select: { ...ENTITY_REF, goal: true, evalWindowHours: true } } } });
      if (!run) throw notFound("Run");
      return {
        lifecycle: run,
        retryOfId: run.retryOfId,
        traceId: run.traceId,
        error: run.error,
        detail: {
          pulse: run.pulse,
          windowStart: run.windowStart,
          windowEnd: run.windowEnd,
          rankings: run.rankings,
          actions: run.actions,
          report: run.report,
        },
      };
    }
  }
}

function earliest(dates: (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((first, date) => (date && (!first || date < first) ? date : first), null);
}

/**
 * Every agent call of a workflow run, each with the step, attempt and loop role it ran for: a loop
 * step makes several calls per attempt, so its step row's one sub-run link does not list them all.
 */
async function workflowSubRuns(ctx: OrgContext, workflowRunId: string) {
  const runs = await ctx.db.agentRun.findMany({
    where: { organizationId: ctx.organizationId, workflowRunId },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { ...SUB_RUN_SUMMARY, metadata: true, agent: { select: ENTITY_REF } },
  });
  return runs.map(({ metadata, ...run }) => {
    const call = workflowCallOf(metadata);
    return { ...run, stepId: call.stepId ?? null, attempt: call.attempt ?? null, role: call.role ?? null };
  });
}

/** The tool calls of a workflow's or network's sub-runs, each with the agent that made it. */
function subRunToolCalls(ctx: OrgContext, parent: { workflowRunId: string } | { networkRunId: string }) {
  return ctx.db.agentToolCall.findMany({
    where: { organizationId: ctx.organizationId, agentRun: { organizationId: ctx.organizationId, ...parent } },
    orderBy: { startedAt: "asc" },
    include: { agentRun: { select: { id: true, agent: { select: ENTITY_REF } } } },
  });
}

/** The graph of the definition version the run started with; null when that definition is unreadable. */
async function loadWorkflowGraph(ctx: OrgContext, workflowId: string, version: number, stepIds: string[]): Promise<RunGraph | null> {
  const workflow = await ctx.db.workflow.findFirst({
    where: { id: workflowId, organizationId: ctx.organizationId },
    select: { definition: true, versions: { where: { version }, select: { definition: true } } },
  });
  if (!workflow) return null;
  const { definition } = parseWorkflowDefinition(workflow.versions[0]?.definition ?? workflow.definition);
  return definition ? definitionGraph(ctx, definition, stepIds) : null;
}

/** `RunDetail` as a schema. */
export const RunDetailSchema = z.object({
  run: UnifiedRunSchema.extend({
    retryOfId: z.string().nullable(),
    error: z.string().nullable(),
    heartbeatAt: z.string().nullable(),
    cancelRequestedAt: z.string().nullable(),
    trigger: z.object({ id: z.string(), name: z.string(), type: z.enum(["trigger", "schedule"]) }).nullable(),
    traceId: z.string().nullable(),
    traceUrl: z.string().nullable(),
  }),
  timeline: z.array(z.object({ state: z.enum(["queued", "started", "suspended", "cancel_requested", "completed", "failed", "cancelled"]), at: z.string() })),
  detail: z.record(z.string(), z.unknown()),
});
