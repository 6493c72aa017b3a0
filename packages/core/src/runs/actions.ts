import { randomUUID } from "node:crypto";
import type { EntityType, Prisma } from "@switchyard/database";
import { z } from "zod";
import { createCampaignFromTemplate } from "../campaigns/service.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { dispatchRun } from "../dispatch.ts";
import { AppError, notFound } from "../errors.ts";
import type { ExecutionEngine, PulseEvaluatePayload } from "../execution/events.ts";
import { createRunOnce, requestRunCancel } from "./lifecycle.ts";
import { queueEntityRun } from "./start.ts";
import { getUnifiedRun, RUN_KINDS, type RunKind, type UnifiedRun } from "./unified.ts";

/**
 * Asks a run of any kind to stop (see `requestRunCancel`): its worker stops at its next checkpoint, an
 * agent run before its model call and before recording the outcome; a workflow, network or campaign
 * between steps, with its agent sub-runs in flight. A queued run, or a workflow or campaign waiting for
 * a human decision, is cancelled at once (its pending reviews expire). A finished run is a 409.
 */
export async function cancelRun(ctx: OrgContext, kind: RunKind, id: string): Promise<UnifiedRun> {
  await requestRunCancel(ctx, kind, id);
  return getUnifiedRun(ctx, kind, id);
}

export interface RetryResult {
  kind: RunKind;
  runId: string;
  eventId: string;
}

/**
 * A new run with the original's inputs, source `retry` and `retryOfId` pointing back. The run row is
 * created first under a fresh dedupe key that the fire event carries, so the worker picks up exactly
 * that row; agents, workflows and networks go through the dispatch table.
 */
export async function retryRun(ctx: OrgContext, engine: ExecutionEngine, kind: RunKind, id: string): Promise<RetryResult> {
  requireRole(ctx, "OPERATOR");
  const where = { id, organizationId: ctx.organizationId };
  const organizationId = ctx.organizationId;
  const dedupeKey = `retry:${kind}:${id}:${randomUUID()}`;
  switch (kind) {
    case "agent":
    case "workflow":
    case "network": {
      const original = await findRetryOriginal(ctx, kind, id);
      const runId = await queueEntityRun(ctx.db, engine, kind, { organizationId, ...original, source: "retry", dedupeKey, retryOfId: id });
      return { kind, runId, eventId: dedupeKey };
    }
    case "campaign":
      return retryCampaign(ctx, engine, id, dedupeKey);
    case "pulse": {
      const original = await ctx.db.pulseEvaluation.findFirst({ where, select: { pulseId: true, windowStart: true, windowEnd: true } });
      if (!original) throw notFound("Run");
      // Re-evaluates the same window. evaluatePulse continues an existing RUNNING evaluation of its
      // dedupe key, so creating it here is what links the retry back to the original.
      const now = new Date();
      const { run } = await createRunOnce(ctx.db, "pulse", { organizationId, dedupeKey }, () =>
        ctx.db.pulseEvaluation.create({
          data: {
            organizationId,
            pulseId: original.pulseId,
            status: "RUNNING",
            source: "retry",
            retryOfId: id,
            dedupeKey,
            windowStart: original.windowStart,
            windowEnd: original.windowEnd ?? now,
            startedAt: now,
            heartbeatAt: now,
            createdAt: now,
          },
        }),
      );
      const data: PulseEvaluatePayload = {
        organizationId,
        pulseId: original.pulseId,
        source: "retry",
        dedupeKey,
        at: (original.windowEnd ?? now).toISOString(),
      };
      await dispatchRun(engine, "pulse", dedupeKey, data);
      return { kind, runId: run.id, eventId: dedupeKey };
    }
  }
}

/** The entity and input of the agent, workflow or network run being retried. */
async function findRetryOriginal(ctx: OrgContext, kind: EntityType, id: string): Promise<{ entityId: string; input: unknown }> {
  const where = { id, organizationId: ctx.organizationId };
  const original =
    kind === "agent"
      ? await ctx.db.agentRun.findFirst({ where, select: { agentId: true, input: true } }).then((run) => run && { entityId: run.agentId, input: run.input })
      : kind === "workflow"
        ? await ctx.db.workflowRun
            .findFirst({ where, select: { workflowId: true, input: true } })
            .then((run) => run && { entityId: run.workflowId, input: run.input })
        : await ctx.db.networkRun
            .findFirst({ where, select: { networkId: true, input: true } })
            .then((run) => run && { entityId: run.networkId, input: run.input });
  if (!original) throw notFound("Run");
  return original;
}

async function retryCampaign(ctx: OrgContext, engine: ExecutionEngine, id: string, dedupeKey: string): Promise<RetryResult> {
  const organizationId = ctx.organizationId;
  const original = await ctx.db.campaign.findFirst({ where: { id, organizationId } });
  if (!original) throw notFound("Run");
  const parameters = (original.parameters ?? {}) as Record<string, unknown>;
  if (original.templateId) {
    const { campaign } = await createCampaignFromTemplate(ctx.db, engine, {
      organizationId,
      templateId: original.templateId,
      parameters,
      source: "retry",
      dedupeKey,
    });
    await ctx.db.campaign.updateMany({ where: { id: campaign.id, organizationId }, data: { retryOfId: id } });
    return { kind: "campaign", runId: campaign.id, eventId: `campaign-plan:${campaign.id}` };
  }
  // A campaign made without a template is retried from its own resolved intent.
  const { run: campaign } = await createRunOnce(ctx.db, "campaign", { organizationId, dedupeKey }, () =>
    ctx.db.campaign.create({
      data: {
        organizationId,
        name: original.name,
        intent: original.intent,
        parameters: original.parameters as Prisma.InputJsonValue,
        source: "retry",
        retryOfId: id,
        dedupeKey,
        requireApproval: original.requireApproval,
        maxCostUsd: original.maxCostUsd,
      },
    }),
  );
  const eventId = `campaign-plan:${campaign.id}`;
  await dispatchRun(engine, "campaign", eventId, { organizationId, campaignId: campaign.id });
  return { kind: "campaign", runId: campaign.id, eventId };
}

export const RunFeedbackBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(5000).optional(),
});
export type RunFeedbackBody = z.infer<typeof RunFeedbackBody>;

/** Feedback on a workflow or network run; other kinds have no feedback table (400). */
export async function submitRunFeedback(ctx: OrgContext, kind: RunKind, id: string, body: RunFeedbackBody) {
  const where = { id, organizationId: ctx.organizationId };
  const userId = ctx.actor.type === "user" ? ctx.actor.id : null;
  const data = { organizationId: ctx.organizationId, userId, rating: body.rating, comment: body.comment ?? null };
  if (kind === "workflow") {
    const run = await ctx.db.workflowRun.findFirst({ where, select: { id: true } });
    if (!run) throw notFound("Run");
    return ctx.db.workflowRunFeedback.create({ data: { ...data, workflowRunId: run.id } });
  }
  if (kind === "network") {
    const run = await ctx.db.networkRun.findFirst({ where, select: { id: true } });
    if (!run) throw notFound("Run");
    return ctx.db.networkRunFeedback.create({ data: { ...data, networkRunId: run.id } });
  }
  throw new AppError("bad_request", `Feedback is taken on workflow and network runs, not ${kind} runs`);
}

/** `RetryResult` as a schema. */
export const RetryResultSchema = z.object({ kind: z.enum(RUN_KINDS), runId: z.string(), eventId: z.string() });
/** Feedback as `submitRunFeedback` stores it. */
export const RunFeedbackView = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  createdAt: z.date(),
});
