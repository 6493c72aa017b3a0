import type { Prisma, Workflow } from "@switchyard/database";
import { requireRole, type OrgContext } from "../context.ts";
import { authorId, pauseSchedulesForArchive, Slug, withUniqueSlug } from "../definitions/common.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { isRecord, parseWorkflowDefinition, readWorkflowYaml, slugify, type ImportedWorkflow, type Problem, type WorkflowDefinition } from "./definition.ts";
import { sameJson, syncDefinitionAutomations, type AutomationChange } from "./definition-automations.ts";
import { definitionGraph } from "./plan-graph.ts";
import { validateWorkflowDefinition } from "./validate.ts";
import { z } from "zod";

/** Where a definition comes from: exactly one of `definition` (JSON) and `yaml` (ours, or seed 003's shape). */
export interface DefinitionSource {
  definition?: unknown;
  yaml?: string;
}

export interface CreateWorkflowInput extends DefinitionSource {
  slug?: string;
  name?: string;
  description?: string;
}

export interface UpdateWorkflowInput extends DefinitionSource {
  name?: string;
  description?: string | null;
  /** The version the editor started from: a save on top of a newer one is a 409, not a silent overwrite. */
  baseVersion?: number;
}

function stepCount(definition: unknown): number {
  return isRecord(definition) && Array.isArray(definition.nodes) ? definition.nodes.length : 0;
}

type WorkflowRow = Pick<Workflow, "id" | "slug" | "name" | "description" | "version" | "isActive" | "archivedAt" | "definition" | "createdAt" | "updatedAt">;

function toWorkflowSummary(workflow: WorkflowRow) {
  return {
    id: workflow.id,
    slug: workflow.slug,
    name: workflow.name,
    description: workflow.description,
    version: workflow.version,
    isActive: workflow.isActive,
    archivedAt: workflow.archivedAt,
    stepCount: stepCount(workflow.definition),
    createdAt: workflow.createdAt,
    updatedAt: workflow.updatedAt,
  };
}

/** Path segments beside `[slug]` (the editor's page and the validation endpoint): no workflow may take them. */
const RESERVED_SLUGS = new Set(["new", "validate"]);

const toWorkflowDetail = (workflow: WorkflowRow) => ({ ...toWorkflowSummary(workflow), definition: workflow.definition });

type CheckedSource = { ok: true; imported: ImportedWorkflow; definition: WorkflowDefinition } | { ok: false; message: string; problems: Problem[] };

/**
 * Reads and validates a definition from JSON or YAML: the one check behind create, save and the
 * editor's live validation, so all three report the same problems at the same paths.
 */
async function checkDefinitionSource(ctx: OrgContext, source: DefinitionSource): Promise<CheckedSource> {
  if ((source.definition === undefined) === (source.yaml === undefined)) {
    throw new AppError("validation_failed", "Send exactly one of definition or yaml", [
      { path: "definition", message: "Send exactly one of definition or yaml" },
    ]);
  }
  const imported = source.yaml !== undefined ? readWorkflowYaml(source.yaml) : { definition: source.definition as Record<string, unknown> };
  if ("problems" in imported) return { ok: false, ...imported };
  const result = await validateWorkflowDefinition(ctx, imported.definition);
  if (!result.ok) return { ok: false, message: `The workflow definition has ${result.problems.length} problem(s)`, problems: result.problems };
  return { ok: true, imported, definition: result.definition };
}

/** A valid definition, or the 400 whose `details` list every problem with its path. */
async function requireValidDefinition(ctx: OrgContext, source: DefinitionSource) {
  const checked = await checkDefinitionSource(ctx, source);
  if (!checked.ok) throw new AppError("validation_failed", checked.message, checked.problems);
  return checked;
}

const asJson = (definition: WorkflowDefinition) => definition as unknown as Prisma.InputJsonValue;

/**
 * Checks a draft without saving it, for the editor: its problems, and when it is valid the
 * normalised definition and the graph it would run as (approval gates included).
 */
export async function validateWorkflowDraft(ctx: OrgContext, source: DefinitionSource) {
  const checked = await checkDefinitionSource(ctx, source);
  if (!checked.ok) return { ok: false as const, problems: checked.problems, definition: null, graph: null };
  return { ok: true as const, problems: [], definition: checked.definition, graph: await definitionGraph(ctx, checked.definition) };
}

/**
 * Creates a workflow (ADMIN+) from a JSON definition or YAML at version 1, with the trigger or
 * schedule its `trigger:` block asks for, audited in the same transaction.
 */
export async function createWorkflow(ctx: OrgContext, input: CreateWorkflowInput) {
  requireRole(ctx, "ADMIN");
  const { imported, definition } = await requireValidDefinition(ctx, input);
  const name = input.name ?? imported.name ?? input.slug;
  const slug = input.slug ?? imported.slug ?? (name ? slugify(name) : undefined);
  if (!name || !slug) throw new AppError("validation_failed", "A workflow needs a name or a slug", [{ path: "name", message: "required" }]);
  const slugCheck = Slug.safeParse(slug);
  if (!slugCheck.success) throw new AppError("validation_failed", "Invalid workflow slug", [{ path: "slug", message: slugCheck.error.issues[0].message }]);
  if (RESERVED_SLUGS.has(slug)) throw new AppError("validation_failed", "Invalid workflow slug", [{ path: "slug", message: `"${slug}" is reserved` }]);

  return withUniqueSlug("workflow", slug, () =>
    ctx.db.$transaction(async (tx) => {
      const workflow = await tx.workflow.create({
        data: {
          organizationId: ctx.organizationId,
          slug,
          name,
          description: input.description ?? imported.description ?? null,
          version: 1,
          definition: asJson(definition),
          versions: { create: { version: 1, definition: asJson(definition), createdById: authorId(ctx) } },
        },
      });
      const automations = await syncDefinitionAutomations(tx, ctx, workflow, definition.trigger);
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "workflow.created",
        target: { type: "workflow", id: workflow.id, label: workflow.slug },
        after: { name, version: 1, stepCount: definition.nodes.length, automations: automationsJson(automations) },
      });
      return toWorkflowDetail(workflow);
    }),
  );
}

/**
 * Saves a new version of a workflow (ADMIN+), validated exactly as on create. A save whose
 * definition equals the current one makes no version (name and description may still change).
 * Runs keep the version they started with; the `trigger:` block's trigger or schedule follows the
 * new version.
 */
export async function updateWorkflow(ctx: OrgContext, slug: string, input: UpdateWorkflowInput) {
  requireRole(ctx, "ADMIN");
  const current = await findWorkflow(ctx, slug);
  if (current.archivedAt) throw new AppError("conflict", `Workflow "${slug}" is archived; archived workflows cannot be edited`);
  const { imported, definition } = await requireValidDefinition(ctx, input);
  if (imported.slug !== undefined && imported.slug !== slug) {
    throw new AppError("validation_failed", "A workflow's slug cannot change", [{ path: "slug", message: `the slug stays "${slug}"` }]);
  }
  if (input.baseVersion !== undefined && input.baseVersion !== current.version) {
    throw new AppError("conflict", `Version ${current.version} was saved after version ${input.baseVersion}, which you edited; reload to see it`, {
      currentVersion: current.version,
    });
  }
  const name = input.name ?? imported.name ?? current.name;
  // An empty description clears it; a document without one leaves it as it is.
  const description = (input.description !== undefined ? input.description : (imported.description ?? current.description)) || null;
  const isSameDefinition = sameJson(definition, current.definition);
  if (isSameDefinition && name === current.name && description === current.description) return { workflow: toWorkflowDetail(current), versionCreated: false };

  return ctx.db.$transaction(async (tx) => {
    const version = isSameDefinition ? current.version : current.version + 1;
    // Compare-and-set on the version read above: of two concurrent saves, the second is a 409.
    const { count } = await tx.workflow.updateMany({
      where: { id: current.id, organizationId: ctx.organizationId, version: current.version },
      data: { name, description, version, definition: asJson(definition) },
    });
    if (count === 0) throw new AppError("conflict", `Workflow "${slug}" was saved by someone else meanwhile; reload to see the new version`);
    if (!isSameDefinition)
      await tx.workflowVersion.create({ data: { workflowId: current.id, version, definition: asJson(definition), createdById: authorId(ctx) } });
    const automations = isSameDefinition && name === current.name ? [] : await syncDefinitionAutomations(tx, ctx, { id: current.id, name }, definition.trigger);
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "workflow.updated",
      target: { type: "workflow", id: current.id, label: slug },
      before: { name: current.name, description: current.description, version: current.version },
      after: { name, description, version, automations: automationsJson(automations) },
    });
    const saved = await tx.workflow.findUniqueOrThrow({ where: { id: current.id } });
    return { workflow: toWorkflowDetail(saved), versionCreated: !isSameDefinition };
  });
}

function automationsJson(changes: AutomationChange[]): Prisma.InputJsonArray {
  return changes.map((change) => ({ ...change }));
}

export const ListWorkflowsQuery = z.object({ includeArchived: z.enum(["true", "false"]).optional() });
export type ListWorkflowsQuery = z.infer<typeof ListWorkflowsQuery>;

/** The organization's workflows by name; archived ones only when asked for. */
export async function listWorkflows(ctx: OrgContext, query: ListWorkflowsQuery = {}) {
  const workflows = await ctx.db.workflow.findMany({
    where: { organizationId: ctx.organizationId, ...(query.includeArchived === "true" ? {} : { archivedAt: null }) },
    orderBy: { name: "asc" },
  });
  return workflows.map(toWorkflowSummary);
}

async function findWorkflow(ctx: OrgContext, slug: string) {
  const workflow = await ctx.db.workflow.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } } });
  if (!workflow) throw notFound(`Workflow "${slug}"`);
  return workflow;
}

/** A workflow (archived ones too) with its current definition and the graph it runs as. */
export async function getWorkflow(ctx: OrgContext, slug: string) {
  const workflow = await findWorkflow(ctx, slug);
  return { ...toWorkflowDetail(workflow), graph: await graphOf(ctx, workflow.definition) };
}

async function graphOf(ctx: OrgContext, stored: unknown) {
  const { definition } = parseWorkflowDefinition(stored);
  return definition ? definitionGraph(ctx, definition) : null;
}

/** Every version of a workflow, newest first, with who saved it (null for seeded versions and API keys). */
export async function listWorkflowVersions(ctx: OrgContext, slug: string) {
  const workflow = await findWorkflow(ctx, slug);
  const versions = await ctx.db.workflowVersion.findMany({
    where: { workflowId: workflow.id },
    orderBy: { version: "desc" },
    select: { version: true, createdAt: true, createdById: true, definition: true },
  });
  const authors = await authorsOf(ctx, versions);
  return versions.map((version) => ({
    version: version.version,
    createdAt: version.createdAt,
    author: version.createdById ? (authors.get(version.createdById) ?? null) : null,
    isCurrent: version.version === workflow.version,
    stepCount: stepCount(version.definition),
  }));
}

/** One version's definition, with the graph it runs as today. */
export async function getWorkflowVersion(ctx: OrgContext, slug: string, version: number) {
  const workflow = await findWorkflow(ctx, slug);
  const row = await ctx.db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: workflow.id, version } } });
  if (!row) throw notFound(`Version ${version} of workflow "${slug}"`);
  const authors = await authorsOf(ctx, [row]);
  return {
    version: row.version,
    createdAt: row.createdAt,
    author: row.createdById ? (authors.get(row.createdById) ?? null) : null,
    isCurrent: row.version === workflow.version,
    stepCount: stepCount(row.definition),
    definition: row.definition,
    graph: await graphOf(ctx, row.definition),
  };
}

/** Authors are users (global rows); only ids this organization's own versions name are read. */
async function authorsOf(ctx: OrgContext, versions: { createdById: string | null }[]) {
  const ids = [...new Set(versions.map((version) => version.createdById).filter((id): id is string => Boolean(id)))];
  const users = ids.length ? await ctx.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  return new Map(users.map((user) => [user.id, user]));
}

/**
 * Deletes a workflow that never ran, or archives one that did (its runs keep their history): either
 * way its active schedules must be paused first, or with `cascade: "pause"` in the same
 * transaction (the 409 names them otherwise).
 */
export async function deleteWorkflow(ctx: OrgContext, slug: string, cascade?: "pause") {
  requireRole(ctx, "ADMIN");
  return ctx.db.$transaction(async (tx) => {
    const workflow = await tx.workflow.findFirst({ where: { organizationId: ctx.organizationId, slug } });
    if (!workflow) throw notFound(`Workflow "${slug}"`);
    const pausedScheduleIds = await pauseSchedulesForArchive(tx, ctx, { entityType: "workflow", id: workflow.id }, cascade);
    const runCount = await tx.workflowRun.count({ where: { organizationId: ctx.organizationId, workflowId: workflow.id } });
    const outcome = runCount === 0 ? ("deleted" as const) : ("archived" as const);
    const archived =
      outcome === "deleted"
        ? await tx.workflow.delete({ where: { id: workflow.id } })
        : await tx.workflow.update({ where: { id: workflow.id }, data: { isActive: false, archivedAt: workflow.archivedAt ?? new Date() } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "workflow.archived",
      target: { type: "workflow", id: workflow.id, label: workflow.slug },
      before: { isActive: workflow.isActive, archivedAt: workflow.archivedAt?.toISOString() ?? null },
      after: { outcome, runCount, pausedScheduleIds },
    });
    return { outcome, workflow: toWorkflowSummary(outcome === "deleted" ? workflow : archived), pausedScheduleIds };
  });
}

/** A run with everything it produced: steps (with their agent sub-runs), artifacts, events, evaluation and approvals. */
export async function getWorkflowRun(ctx: OrgContext, runId: string) {
  const run = await ctx.db.workflowRun.findFirst({
    where: { id: runId, organizationId: ctx.organizationId },
    include: {
      workflow: { select: { id: true, slug: true, name: true } },
      steps: { orderBy: [{ startedAt: { sort: "asc", nulls: "last" } }, { stepId: "asc" }] },
      artifacts: { orderBy: [{ stepId: "asc" }, { attempt: "asc" }, { artifactType: "desc" }] },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      evaluation: true,
      approvals: {
        select: { id: true, status: true, title: true, workflowStepId: true, requestedAt: true, decidedAt: true, decidedByLabel: true, decisionNotes: true },
        orderBy: { requestedAt: "asc" },
      },
    },
  });
  if (!run) throw notFound("Workflow run");
  const subRuns = await ctx.db.agentRun.findMany({
    where: { organizationId: ctx.organizationId, workflowRunId: run.id },
    select: { id: true, agentId: true, status: true, totalTokens: true, costUsd: true, durationMs: true, metadata: true },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
  });
  return { ...run, subRunIds: subRuns.map((subRun) => subRun.id), subRuns };
}

/** A workflow as `listWorkflows` returns it. */
export const WorkflowSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  version: z.number().int(),
  isActive: z.boolean(),
  archivedAt: z.date().nullable(),
  stepCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
/** A workflow with its current definition, as `createWorkflow` and `updateWorkflow` return it. */
export const WorkflowDetail = WorkflowSummary.extend({ definition: z.unknown() });

const GraphSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), type: z.string(), name: z.string(), gateFor: z.string().nullable() })),
  edges: z.array(z.object({ source: z.string(), target: z.string(), branch: z.enum(["then", "else"]).nullable() })),
});
/** `getWorkflow`: the detail and the graph the current definition runs as (null when it is unreadable). */
export const WorkflowView = WorkflowDetail.extend({ graph: GraphSchema.nullable() });

const Author = z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable();
/** One entry of `listWorkflowVersions`. */
export const WorkflowVersionSummary = z.object({
  version: z.number().int(),
  createdAt: z.date(),
  author: Author,
  isCurrent: z.boolean(),
  stepCount: z.number().int(),
});
/** `getWorkflowVersion`: one version's definition and graph. */
export const WorkflowVersionView = WorkflowVersionSummary.extend({ definition: z.unknown(), graph: GraphSchema.nullable() });

const ProblemSchema = z.object({ path: z.string(), message: z.string() });
/** `validateWorkflowDraft`'s answer. */
export const WorkflowDraftCheck = z.object({ ok: z.boolean(), problems: z.array(ProblemSchema), definition: z.unknown(), graph: GraphSchema.nullable() });
