import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { getUnifiedRun, RUN_KINDS, type RunKind, type UnifiedRun } from "./unified.ts";

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
}

export interface RunDetail {
  run: UnifiedRun & { retryOfId: string | null; error: string | null; heartbeatAt: string | null; cancelRequestedAt: string | null };
  timeline: TimelineEntry[];
  detail: Record<string, unknown>;
}

const RUN_SUMMARY = { id: true, status: true, durationMs: true, totalTokens: true, costUsd: true, startedAt: true, completedAt: true } as const;
const ENTITY_REF = { id: true, slug: true, name: true } as const;

/**
 * One run of any kind: its unified fields, a lifecycle timeline and the kind's own parts (steps,
 * sub-runs, tool calls, artifacts, evaluation, feedback, approvals...). Another organization's id is a 404.
 */
export async function getRunDetail(ctx: OrgContext, kind: RunKind, id: string): Promise<RunDetail> {
  const unified = await getUnifiedRun(ctx, kind, id);
  const { lifecycle, retryOfId, error, detail } = await loadKind(ctx, kind, id);
  return {
    run: {
      ...unified,
      retryOfId,
      error,
      heartbeatAt: lifecycle.heartbeatAt?.toISOString() ?? null,
      cancelRequestedAt: lifecycle.cancelRequestedAt?.toISOString() ?? null,
    },
    timeline: buildTimeline(lifecycle),
    detail,
  };
}

/** queued → started → (suspended) → finished, from the run's own timestamps; unknown moments are left out. */
export function buildTimeline(run: Lifecycle): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ state: "queued", at: run.createdAt.toISOString() }];
  const started = run.claimedAt ?? (run.status === "QUEUED" || (run.status === "CANCELLED" && !run.claimedAt) ? null : run.startedAt);
  if (started) entries.push({ state: "started", at: started.toISOString() });
  if (run.suspendedAt) entries.push({ state: "suspended", at: run.suspendedAt.toISOString() });
  if (run.cancelRequestedAt) entries.push({ state: "cancel_requested", at: run.cancelRequestedAt.toISOString() });
  if (run.completedAt && ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status)) {
    entries.push({ state: run.status.toLowerCase() as TimelineEntry["state"], at: run.completedAt.toISOString() });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

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
        },
      });
      if (!run) throw notFound("Run");
      const [workflowRun, networkRun] = await Promise.all([
        run.workflowRunId
          ? ctx.db.workflowRun.findFirst({ where: { id: run.workflowRunId, ...scoped }, select: { ...RUN_SUMMARY, workflow: { select: ENTITY_REF } } })
          : null,
        run.networkRunId
          ? ctx.db.networkRun.findFirst({ where: { id: run.networkRunId, ...scoped }, select: { ...RUN_SUMMARY, network: { select: ENTITY_REF } } })
          : null,
      ]);
      return {
        lifecycle: run,
        retryOfId: run.retryOfId,
        error: run.error,
        detail: {
          input: run.input,
          output: run.output,
          model: { provider: run.modelProvider, name: run.modelName },
          promptTokens: run.promptTokens,
          completionTokens: run.completionTokens,
          toolCalls: run.toolCalls,
          artifacts: run.artifacts,
          parent: { workflowRun, networkRun },
        },
      };
    }
    case "workflow": {
      const run = await ctx.db.workflowRun.findFirst({
        where,
        include: {
          steps: { where: scoped, orderBy: [{ startedAt: "asc" }, { stepId: "asc" }], include: { agentRun: { select: { ...RUN_SUMMARY, agentId: true } } } },
          events: { where: scoped, orderBy: { createdAt: "asc" } },
          artifacts: { where: scoped, orderBy: { createdAt: "asc" } },
          evaluation: true,
          feedback: { where: scoped, orderBy: { createdAt: "desc" } },
          approvals: { where: scoped, orderBy: { requestedAt: "asc" }, select: { id: true, sourceType: true, status: true, title: true, workflowStepId: true, requestedAt: true, decidedAt: true, decidedByLabel: true, decisionNotes: true } },
        },
      });
      if (!run) throw notFound("Run");
      return {
        lifecycle: run,
        retryOfId: run.retryOfId,
        error: run.error,
        detail: {
          input: run.input,
          output: run.output,
          workflowVersion: run.workflowVersion,
          suspendedStepId: run.suspendedStepId,
          steps: run.steps,
          events: run.events,
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
          steps: { where: scoped, orderBy: { stepNumber: "asc" }, include: { agentRun: { select: { ...RUN_SUMMARY, agent: { select: ENTITY_REF } } } } },
          artifacts: { where: scoped, orderBy: { createdAt: "asc" } },
          evaluation: true,
          feedback: { where: scoped, orderBy: { createdAt: "desc" } },
        },
      });
      if (!run) throw notFound("Run");
      return {
        lifecycle: run,
        retryOfId: run.retryOfId,
        error: run.error,
        detail: {
          input: run.input,
          output: run.output,
          stepsCount: run.stepsCount,
          steps: run.steps,
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
                include: { agent: { select: ENTITY_REF }, agentRun: { select: RUN_SUMMARY } },
              },
            },
          },
          approvals: { where: scoped, orderBy: { requestedAt: "asc" }, select: { id: true, sourceType: true, status: true, missionId: true, title: true, requestedAt: true, decidedAt: true, decidedByLabel: true, decisionNotes: true } },
        },
      });
      if (!run) throw notFound("Run");
      const missions = run.missions.map((mission) => ({
        ...mission,
        tasks: mission.tasks.map((task) => ({ ...task, agentRunIds: task.agentRunId ? [task.agentRunId] : [] })),
      }));
      return {
        lifecycle: run,
        retryOfId: run.retryOfId,
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
