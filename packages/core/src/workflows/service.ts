import type { Prisma, Workflow } from "@switchyard/database";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { importWorkflowYaml, isRecord, slugify } from "./definition.ts";
import { validateWorkflowDefinition } from "./validate.ts";
import { isUniqueViolation } from "../unique.ts";
import { z } from "zod";

export interface CreateWorkflowInput {
  slug?: string;
  name?: string;
  description?: string;
  /** Exactly one of `definition` (JSON) and `yaml`. */
  definition?: unknown;
  yaml?: string;
}

function stepCount(definition: unknown): number {
  return isRecord(definition) && Array.isArray(definition.nodes) ? definition.nodes.length : 0;
}

function toWorkflowSummary(
  workflow: Pick<Workflow, "id" | "slug" | "name" | "description" | "version" | "isActive" | "definition" | "createdAt" | "updatedAt">,
) {
  return {
    id: workflow.id,
    slug: workflow.slug,
    name: workflow.name,
    description: workflow.description,
    version: workflow.version,
    isActive: workflow.isActive,
    stepCount: stepCount(workflow.definition),
    createdAt: workflow.createdAt,
    updatedAt: workflow.updatedAt,
  };
}

/**
 * Creates a workflow from a JSON definition or YAML (ours, or seed 003's shape). An invalid
 * definition is a 400 whose `details` list every problem with its path; version 1 is stored too.
 */
export async function createWorkflow(ctx: OrgContext, input: CreateWorkflowInput) {
  requireRole(ctx, "OPERATOR");
  if ((input.definition === undefined) === (input.yaml === undefined)) {
    throw new AppError("validation_failed", "Send exactly one of definition or yaml");
  }
  const imported = input.yaml !== undefined ? importWorkflowYaml(input.yaml) : { definition: input.definition };
  const name = input.name ?? ("name" in imported ? imported.name : undefined) ?? input.slug;
  const slug = input.slug ?? ("slug" in imported ? imported.slug : undefined) ?? (name ? slugify(name) : undefined);
  if (!name || !slug) throw new AppError("validation_failed", "A workflow needs a name or a slug", [{ path: "name", message: "required" }]);
  if (!/^[a-z0-9][a-z0-9-]{0,119}$/.test(slug)) {
    throw new AppError("validation_failed", "Invalid workflow slug", [
      { path: "slug", message: "lowercase letters, digits and -, starting with a letter or digit" },
    ]);
  }

  const result = await validateWorkflowDefinition(ctx, imported.definition);
  if (!result.ok) {
    throw new AppError("validation_failed", `The workflow definition has ${result.problems.length} problem(s)`, result.problems);
  }
  const definition = result.definition as unknown as Prisma.InputJsonValue;
  try {
    const workflow = await ctx.db.workflow.create({
      data: {
        organizationId: ctx.organizationId,
        slug,
        name,
        description: input.description ?? ("description" in imported ? imported.description : undefined) ?? null,
        version: 1,
        definition,
        versions: { create: { version: 1, definition } },
      },
    });
    return { ...toWorkflowSummary(workflow), definition: workflow.definition };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A workflow with slug "${slug}" already exists`);
    throw error;
  }
}

export async function listWorkflows(ctx: OrgContext) {
  const workflows = await ctx.db.workflow.findMany({ where: { organizationId: ctx.organizationId }, orderBy: { name: "asc" } });
  return workflows.map(toWorkflowSummary);
}

export async function getWorkflow(ctx: OrgContext, slug: string) {
  const workflow = await ctx.db.workflow.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } } });
  if (!workflow) throw notFound(`Workflow "${slug}"`);
  return { ...toWorkflowSummary(workflow), definition: workflow.definition };
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
  stepCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
/** A workflow with its current definition, as `getWorkflow` and `createWorkflow` return it. */
export const WorkflowDetail = WorkflowSummary.extend({ definition: z.unknown() });
