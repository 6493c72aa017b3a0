// Campaign templates' definition lifecycle: create, edit and archive, each audited in its transaction.
import { Prisma, type CampaignTemplate, type RunStatus } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { type ArchiveQuery, pauseSchedulesForArchive, Slug, withUniqueSlug } from "../definitions/common.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { MissionPlan, missionPlanAgents, missionPlanTexts } from "./mission-plan.ts";
import { PARAMETER_NAME, placeholdersIn } from "./placeholders.ts";

const ParameterName = z.string().max(100).regex(PARAMETER_NAME, "letters, digits, _ . and - only");

/** A parameter declared as a definition; a bare value declares it with that default. */
const ParameterDefinition = z.strictObject({
  type: z.enum(["string", "number", "integer", "boolean"]).optional(),
  description: z.string().max(1000).optional(),
  default: z.json().optional(),
});

/** name → default value, or name → definition, as `resolveParameters` (planner.ts) reads them. */
export const TemplateParameters = z
  .record(ParameterName, z.union([ParameterDefinition, z.string(), z.number(), z.boolean(), z.null(), z.array(z.json())]))
  .refine((parameters) => Object.keys(parameters).length <= 50, "At most 50 parameters");
export type TemplateParameters = z.infer<typeof TemplateParameters>;

const Name = z.string().trim().min(1).max(120);
const Description = z.string().trim().max(2000).nullish();
const Intent = z.string().trim().min(1).max(10_000);
/** The campaign budget: a campaign stops before a task would take its spend past it. */
const MaxCostUsd = z.number().positive().max(100_000).nullish();

export const CreateTemplateBody = z.strictObject({
  name: Name,
  slug: Slug,
  description: Description,
  /** What the campaign is for; `{{ param }}` placeholders are filled from the campaign's parameters. */
  intent: Intent,
  parameters: TemplateParameters.default({}),
  /** A fixed plan used instead of the planner; null or absent lets the planner plan. */
  missionPlan: MissionPlan.nullish(),
  /** A human approves each campaign's plan before it executes. */
  requireApproval: z.boolean().default(false),
  maxCostUsd: MaxCostUsd,
  /** The slug of the agent whose call plans the campaign (without a mission plan). */
  plannerAgent: Slug.nullish(),
});
export type CreateTemplateBody = z.infer<typeof CreateTemplateBody>;

// The slug is the template's address (pages, schedules, the campaigns API), so it is not edited.
export const UpdateTemplateBody = z
  .strictObject({
    name: Name,
    description: Description,
    intent: Intent,
    parameters: TemplateParameters,
    missionPlan: MissionPlan.nullable(),
    requireApproval: z.boolean(),
    maxCostUsd: MaxCostUsd,
    plannerAgent: Slug.nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: "Nothing to update" });
export type UpdateTemplateBody = z.infer<typeof UpdateTemplateBody>;

export const ListTemplatesQuery = z.strictObject({
  includeArchived: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});

const AgentRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });

/** How a template's campaigns have gone: counts by status and the latest one's. */
export const TemplateCampaignSummary = z.object({
  total: z.number().int(),
  /** Queued, running or suspended (awaiting an approval). */
  active: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  lastStatus: z.string().nullable(),
  lastStartedAt: z.date().nullable(),
});
type TemplateCampaignSummary = z.infer<typeof TemplateCampaignSummary>;

/** A campaign template as the API shows it. */
export const TemplateView = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  intent: z.string(),
  parameters: z.unknown(),
  missionPlan: MissionPlan.nullable(),
  requireApproval: z.boolean(),
  maxCostUsd: z.number().nullable(),
  plannerAgent: AgentRef.nullable(),
  isActive: z.boolean(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  campaigns: TemplateCampaignSummary,
});
export type TemplateView = z.infer<typeof TemplateView>;
export const TemplateResponse = z.object({ template: TemplateView });
export const TemplateListResponse = z.object({ templates: z.array(TemplateView) });
export const ArchiveTemplateResponse = TemplateResponse.extend({
  pausedScheduleIds: z.array(z.string()),
  pausedTriggerIds: z.array(z.string()),
});

const ACTIVE_STATUSES: RunStatus[] = ["QUEUED", "RUNNING", "SUSPENDED"];

export async function listTemplates(ctx: OrgContext, query: z.output<typeof ListTemplatesQuery>): Promise<TemplateView[]> {
  const templates = await ctx.db.campaignTemplate.findMany({
    where: { organizationId: ctx.organizationId, ...(query.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { name: "asc" },
  });
  return toViews(ctx, templates);
}

export async function getTemplate(ctx: OrgContext, slug: string): Promise<TemplateView> {
  const [view] = await toViews(ctx, [await findTemplate(ctx, slug)]);
  return view;
}

/** A template of the caller's organization by slug, archived ones included (404 otherwise). */
export async function findTemplate(ctx: OrgContext, slug: string): Promise<CampaignTemplate> {
  const template = await ctx.db.campaignTemplate.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } } });
  if (!template) throw notFound(`Campaign template "${slug}"`);
  return template;
}

/** Archived templates are kept for their campaigns' history, but nothing new is made from them. */
export function assertNotArchived(template: CampaignTemplate): void {
  if (template.archivedAt) throw new AppError("inactive", `Campaign template "${template.slug}" is archived`);
}

export async function createTemplate(ctx: OrgContext, body: CreateTemplateBody): Promise<TemplateView> {
  requireRole(ctx, "ADMIN");
  const definition = { intent: body.intent, parameters: body.parameters, missionPlan: body.missionPlan ?? null };
  const plannerAgentId = await checkDefinition(ctx, definition, { missionPlan: definition.missionPlan, plannerAgent: body.plannerAgent ?? null });
  const template = await withUniqueSlug("campaign template", body.slug, () =>
    ctx.db.$transaction(async (tx) => {
      const created = await tx.campaignTemplate.create({
        data: {
          organizationId: ctx.organizationId,
          slug: body.slug,
          name: body.name,
          description: body.description ?? null,
          intent: body.intent,
          parameters: body.parameters as Prisma.InputJsonValue,
          missionPlan: body.missionPlan ?? undefined,
          requireApproval: body.requireApproval,
          maxCostUsd: body.maxCostUsd ?? null,
          plannerAgentId: plannerAgentId ?? null,
        },
      });
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "campaign_template.created",
        target: { type: "campaign_template", id: created.id, label: created.name },
        after: auditedFields(created, body.plannerAgent ?? null),
      });
      return created;
    }),
  );
  return getTemplate(ctx, template.slug);
}

export async function updateTemplate(ctx: OrgContext, slug: string, body: UpdateTemplateBody): Promise<TemplateView> {
  requireRole(ctx, "ADMIN");
  const template = await findTemplate(ctx, slug);
  assertNotArchived(template);
  // Placeholders are checked whenever a text or the parameters change; agents only when the fields
  // naming them do, so a budget edit is not refused over an agent archived since.
  const touchesTexts = body.intent !== undefined || body.parameters !== undefined || body.missionPlan !== undefined;
  const merged = {
    intent: body.intent ?? template.intent,
    parameters: (body.parameters ?? template.parameters) as TemplateParameters,
    missionPlan: body.missionPlan !== undefined ? body.missionPlan : (template.missionPlan as MissionPlan | null),
  };
  const plannerAgentId = await checkDefinition(ctx, touchesTexts ? merged : null, {
    missionPlan: body.missionPlan ?? null,
    plannerAgent: body.plannerAgent ?? null,
  });
  const data: Prisma.CampaignTemplateUpdateInput = {
    name: body.name,
    description: body.description,
    intent: body.intent,
    parameters: body.parameters as Prisma.InputJsonValue | undefined,
    missionPlan: body.missionPlan === null ? Prisma.DbNull : body.missionPlan,
    requireApproval: body.requireApproval,
    maxCostUsd: body.maxCostUsd,
    plannerAgentId: body.plannerAgent === undefined ? undefined : plannerAgentId,
  };
  const plannerBefore = template.plannerAgentId ? await agentSlug(ctx, template.plannerAgentId) : null;
  await ctx.db.$transaction(async (tx) => {
    const updated = await tx.campaignTemplate.update({ where: { id: template.id }, data });
    const before = auditedFields(template, plannerBefore);
    const after = auditedFields(updated, body.plannerAgent !== undefined ? body.plannerAgent : plannerBefore);
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "campaign_template.updated",
      target: { type: "campaign_template", id: template.id, label: updated.name },
      before: Object.fromEntries(changed.map((key) => [key, before[key]])),
      after: Object.fromEntries(changed.map((key) => [key, after[key]])),
    });
  });
  return getTemplate(ctx, slug);
}

/**
 * Archives a template: it stays readable with its campaigns, but starts no more. Active schedules
 * make it a 409 unless `cascade` is "pause"; its event triggers, which could only fail from now on,
 * are paused with it.
 */
export async function archiveTemplate(ctx: OrgContext, slug: string, query: z.output<typeof ArchiveQuery>) {
  requireRole(ctx, "ADMIN");
  const template = await findTemplate(ctx, slug);
  assertNotArchived(template);
  const { pausedScheduleIds, pausedTriggerIds } = await ctx.db.$transaction(async (tx) => {
    const pausedScheduleIds = await pauseSchedulesForArchive(tx, ctx, { entityType: "campaign", id: template.id }, query.cascade);
    const triggers = await tx.campaignTrigger.findMany({
      where: { organizationId: ctx.organizationId, templateId: template.id, isActive: true, isArchived: false },
      select: { id: true },
    });
    const pausedTriggerIds = triggers.map((trigger) => trigger.id);
    await tx.campaignTrigger.updateMany({ where: { id: { in: pausedTriggerIds } }, data: { isActive: false } });
    const archivedAt = new Date();
    await tx.campaignTemplate.update({ where: { id: template.id }, data: { isActive: false, archivedAt } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "campaign_template.archived",
      target: { type: "campaign_template", id: template.id, label: template.name },
      before: { isActive: true },
      after: { isActive: false, archivedAt: archivedAt.toISOString(), pausedScheduleIds, pausedTriggerIds },
    });
    return { pausedScheduleIds, pausedTriggerIds };
  });
  return { template: await getTemplate(ctx, slug), pausedScheduleIds, pausedTriggerIds };
}

interface Definition {
  intent: string;
  parameters: TemplateParameters;
  missionPlan: MissionPlan | null;
}

/**
 * The checks a schema cannot make: every placeholder is a declared parameter, and every agent named
 * (mission plan tasks, planner) is an active agent of the organization. One 400 lists every problem
 * by field path. Returns the planner agent's id.
 */
async function checkDefinition(
  ctx: OrgContext,
  definition: Definition | null,
  named: { missionPlan: MissionPlan | null; plannerAgent: string | null },
): Promise<string | null> {
  const problems: { path: string; message: string }[] = [];
  if (definition) {
    const texts = [{ path: "intent", text: definition.intent }, ...(definition.missionPlan ? missionPlanTexts(definition.missionPlan) : [])];
    for (const { path, text } of texts) {
      for (const name of placeholdersIn(text)) {
        if (!Object.hasOwn(definition.parameters, name)) problems.push({ path, message: `Placeholder {{ ${name} }} is not declared in parameters` });
      }
    }
  }
  const references = [
    ...(named.missionPlan ? missionPlanAgents(named.missionPlan) : []),
    ...(named.plannerAgent ? [{ path: "plannerAgent", slug: named.plannerAgent }] : []),
  ];
  const agents = references.length
    ? await ctx.db.agent.findMany({
        where: { organizationId: ctx.organizationId, slug: { in: references.map((ref) => ref.slug) }, isActive: true, archivedAt: null },
        select: { id: true, slug: true },
      })
    : [];
  const idBySlug = new Map(agents.map((agent) => [agent.slug, agent.id]));
  for (const { path, slug } of references) {
    if (!idBySlug.has(slug)) problems.push({ path, message: `No active agent "${slug}" in this organization` });
  }
  if (problems.length > 0) {
    throw new AppError("validation_failed", `Invalid campaign template: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, problems);
  }
  return named.plannerAgent ? (idBySlug.get(named.plannerAgent) ?? null) : null;
}

/** The definition as the audit log records it: the planner by slug, as it is written. */
function auditedFields(template: CampaignTemplate, plannerAgent: string | null) {
  return {
    name: template.name,
    description: template.description,
    intent: template.intent,
    parameters: template.parameters as Prisma.InputJsonValue,
    missionPlan: template.missionPlan as Prisma.InputJsonValue | null,
    requireApproval: template.requireApproval,
    maxCostUsd: template.maxCostUsd,
    plannerAgent,
  };
}

async function agentSlug(ctx: OrgContext, id: string): Promise<string | null> {
  const agent = await ctx.db.agent.findFirst({ where: { organizationId: ctx.organizationId, id }, select: { slug: true } });
  return agent?.slug ?? null;
}

async function toViews(ctx: OrgContext, templates: CampaignTemplate[]): Promise<TemplateView[]> {
  const ids = templates.map((template) => template.id);
  const plannerIds = templates.flatMap((template) => (template.plannerAgentId ? [template.plannerAgentId] : []));
  const [planners, groups] = await Promise.all([
    plannerIds.length
      ? ctx.db.agent.findMany({ where: { organizationId: ctx.organizationId, id: { in: plannerIds } }, select: { id: true, slug: true, name: true } })
      : [],
    ids.length
      ? ctx.db.campaign.groupBy({
          by: ["templateId", "status"],
          where: { organizationId: ctx.organizationId, templateId: { in: ids } },
          _count: { _all: true },
          _max: { startedAt: true },
        })
      : [],
  ]);
  const plannerById = new Map(planners.map((agent) => [agent.id, agent]));
  const summaries = new Map<string, TemplateCampaignSummary>();
  for (const group of groups) {
    if (!group.templateId) continue;
    const summary = summaries.get(group.templateId) ?? { total: 0, active: 0, byStatus: {}, lastStatus: null, lastStartedAt: null };
    summary.total += group._count._all;
    if (ACTIVE_STATUSES.includes(group.status)) summary.active += group._count._all;
    summary.byStatus[group.status] = group._count._all;
    const startedAt = group._max.startedAt;
    if (startedAt && (!summary.lastStartedAt || startedAt > summary.lastStartedAt)) {
      summary.lastStartedAt = startedAt;
      summary.lastStatus = group.status;
    }
    summaries.set(group.templateId, summary);
  }
  return templates.map((template) => ({
    id: template.id,
    slug: template.slug,
    name: template.name,
    description: template.description,
    intent: template.intent,
    parameters: template.parameters,
    missionPlan: template.missionPlan as MissionPlan | null,
    requireApproval: template.requireApproval,
    maxCostUsd: template.maxCostUsd,
    plannerAgent: plannerById.get(template.plannerAgentId ?? "") ?? null,
    isActive: template.isActive,
    archivedAt: template.archivedAt,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
    campaigns: summaries.get(template.id) ?? { total: 0, active: 0, byStatus: {}, lastStatus: null, lastStartedAt: null },
  }));
}
