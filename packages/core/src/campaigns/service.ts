import { randomUUID } from "node:crypto";
import type { Campaign, Prisma, PrismaClient, RunSource } from "@switchyard/database";
import { z } from "zod";
import { recordActivity } from "../activity.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { dispatchRun } from "../dispatch.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { missionPlanTexts, readMissionPlan } from "./mission-plan.ts";
import { resolveIntent, resolveParameters } from "./planner.ts";
import { createRunOnce } from "../runs/lifecycle.ts";

export interface CampaignFromTemplate {
  organizationId: string;
  templateId: string;
  parameters: Record<string, unknown>;
  source: RunSource;
  scheduleId?: string | null;
  /** The CampaignTrigger that created it. */
  triggerId?: string | null;
  triggerEventId?: string | null;
  /** A campaign is created at most once per key: a repeat returns the first and creates nothing. */
  dedupeKey: string;
  /** Defaults to now; the demo passes a simulated clock. */
  at?: Date;
}

/**
 * Creates a campaign from its template (intent resolved from the parameters; a missing parameter is
 * a validation error, never a guess) once per dedupe key, then dispatches `campaign/plan`.
 */
export async function createCampaignFromTemplate(
  db: PrismaClient,
  engine: ExecutionEngine,
  request: CampaignFromTemplate,
): Promise<{ campaign: Campaign; created: boolean }> {
  const { run: campaign, created } = await createRunOnce(db, "campaign", request, async () => {
    const template = await db.campaignTemplate.findFirst({ where: { id: request.templateId, organizationId: request.organizationId } });
    if (!template) throw notFound("Campaign template");
    // The one gate for every way a campaign starts (schedule, trigger, manual, API).
    if (!template.isActive || template.archivedAt) throw new AppError("inactive", `Campaign template "${template.slug}" is archived`);
    const parameters = resolveParameters(template.parameters, request.parameters);
    const { intent, missing: missingInIntent } = resolveIntent(template.intent, parameters);
    const missionPlan = readMissionPlan(template.missionPlan);
    const planTexts = missionPlan ? missionPlanTexts(missionPlan) : [];
    const missing = [...new Set([...missingInIntent, ...planTexts.flatMap(({ text }) => resolveIntent(text, parameters).missing)])];
    if (missing.length > 0) {
      throw new AppError("validation_failed", `Missing template parameters: ${missing.join(", ")}`, { missing });
    }
    const at = request.at ?? new Date();
    return db.campaign.create({
      data: {
        organizationId: request.organizationId,
        templateId: template.id,
        scheduleId: request.scheduleId ?? null,
        triggerId: request.triggerId ?? null,
        triggerEventId: request.triggerEventId ?? null,
        dedupeKey: request.dedupeKey,
        name: template.name,
        intent,
        parameters: parameters as Prisma.InputJsonValue,
        source: request.source,
        requireApproval: template.requireApproval,
        maxCostUsd: template.maxCostUsd,
        startedAt: at,
        createdAt: at,
      },
    });
  });
  if (!created) {
    // The first attempt may have stopped before dispatching; the event id makes a resend harmless.
    if (campaign.phase === "planning") await dispatchPlan(engine, campaign);
    return { campaign, created };
  }
  await recordActivity(db, {
    organizationId: campaign.organizationId,
    type: "CAMPAIGN_CREATED",
    title: `Campaign "${campaign.name}" created`,
    description: campaign.intent,
    status: campaign.status,
    campaignId: campaign.id,
    metadata: { templateId: campaign.templateId, source: campaign.source, scheduleId: campaign.scheduleId, campaignTriggerId: campaign.triggerId },
    at: campaign.createdAt,
  });
  await dispatchPlan(engine, campaign);
  return { campaign, created: true };
}

function dispatchPlan(engine: ExecutionEngine, campaign: Campaign) {
  return dispatchRun(engine, "campaign", `campaign-plan:${campaign.id}`, { organizationId: campaign.organizationId, campaignId: campaign.id });
}

export const CreateCampaignBody = z.object({
  template: z.string().trim().min(1).max(120),
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type CreateCampaignBody = z.infer<typeof CreateCampaignBody>;

/** Manual (session) or API (key) creation from a template slug; an Idempotency-Key makes a retry create nothing. */
export async function createCampaign(ctx: OrgContext, engine: ExecutionEngine, body: CreateCampaignBody, idempotencyKey: string | null) {
  requireRole(ctx, "OPERATOR");
  const template = await ctx.db.campaignTemplate.findUnique({
    where: { organizationId_slug: { organizationId: ctx.organizationId, slug: body.template } },
    select: { id: true },
  });
  if (!template) throw notFound(`Campaign template "${body.template}"`);
  const { campaign, created } = await createCampaignFromTemplate(ctx.db, engine, {
    organizationId: ctx.organizationId,
    templateId: template.id,
    parameters: body.parameters,
    source: ctx.actor.type === "user" ? "manual" : "api",
    dedupeKey: `api:${idempotencyKey ?? randomUUID()}`,
  });
  return { campaign, created };
}

/** A campaign with its missions (in sequence order) and their tasks, each with its AgentRun id. */
export async function getCampaign(ctx: OrgContext, campaignId: string) {
  const campaign = await ctx.db.campaign.findFirst({
    where: { id: campaignId, organizationId: ctx.organizationId },
    include: {
      template: { select: { id: true, slug: true, name: true } },
      missions: {
        orderBy: [{ sequence: "asc" }, { name: "asc" }],
        include: {
          tasks: {
            orderBy: { name: "asc" },
            include: { agent: { select: { id: true, slug: true, name: true } } },
          },
        },
      },
      approvals: {
        select: { id: true, sourceType: true, status: true, missionId: true, title: true, requestedAt: true, decidedAt: true },
        orderBy: { requestedAt: "asc" },
      },
    },
  });
  if (!campaign) throw notFound("Campaign");
  return campaign;
}

const Ref = { id: z.string(), slug: z.string(), name: z.string() };
/** A campaign row as the API sends it. */
export const CampaignView = z.object({
  id: z.string(),
  templateId: z.string().nullable(),
  name: z.string(),
  intent: z.string(),
  parameters: z.unknown(),
  status: z.string(),
  source: z.string(),
  phase: z.string(),
  requireApproval: z.boolean(),
  maxCostUsd: z.number().nullable(),
  plan: z.unknown(),
  afterActionReview: z.unknown(),
  stopReason: z.string().nullable(),
  missionsTotal: z.number().int(),
  missionsCompleted: z.number().int(),
  totalTokens: z.number().int(),
  costUsd: z.number(),
  startedAt: z.date(),
  completedAt: z.date().nullable(),
  durationMs: z.number().int().nullable(),
  createdAt: z.date(),
});
/** What `createCampaign` returns. */
export const CreateCampaignResponse = z.object({ campaign: CampaignView, created: z.boolean() });
/** A campaign with its missions, tasks and approvals, as `getCampaign` returns it. */
export const CampaignDetail = CampaignView.extend({
  template: z.object(Ref).nullable(),
  missions: z.array(
    z.object({
      id: z.string(),
      sequence: z.number().int(),
      name: z.string(),
      objective: z.string(),
      status: z.string(),
      requiresApproval: z.boolean(),
      totalTokens: z.number().int(),
      costUsd: z.number(),
      startedAt: z.date().nullable(),
      completedAt: z.date().nullable(),
      tasks: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          instructions: z.string(),
          agentId: z.string().nullable(),
          status: z.string(),
          agentRunId: z.string().nullable(),
          output: z.unknown(),
          error: z.string().nullable(),
          totalTokens: z.number().int(),
          costUsd: z.number(),
          startedAt: z.date().nullable(),
          completedAt: z.date().nullable(),
          agent: z.object(Ref).nullable(),
        }),
      ),
    }),
  ),
  approvals: z.array(
    z.object({
      id: z.string(),
      sourceType: z.string(),
      status: z.string(),
      missionId: z.string().nullable(),
      title: z.string(),
      requestedAt: z.date(),
      decidedAt: z.date().nullable(),
    }),
  ),
});
