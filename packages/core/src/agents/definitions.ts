// An agent's definition lifecycle: create (version 1), edit (a new version when what the model sees
// changes), archive. Every change is audited in the transaction that makes it.
import { isDeepStrictEqual } from "node:util";
import { Prisma, type RiskLevel } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { authorId, JsonSchemaField, pauseSchedulesForArchive, Slug, withUniqueSlug } from "../definitions/common.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { isUniqueViolation } from "../unique.ts";
import { BUILT_IN_TOOLS, type Problem } from "../workflows/definition.ts";
import {
  AGENT_MAX_STEPS,
  AGENT_RUNTIMES,
  AGENT_TIMEOUT_SECONDS,
  MODEL_PROVIDERS,
  RISK_LEVELS,
  UNSTORED_VERSIONED_FIELDS,
  VERSIONED_FIELDS,
  type AgentRuntime,
  type VersionedField,
} from "./agent-values.ts";
import { AGENT_DETAIL, asDetail, asObject, toolsOf, type AgentDetail } from "./catalog.ts";
import type { SimulationProfile } from "./simulated-model.ts";

const ToolName = z.string().trim().min(1).max(100);
const JsonObject = z.record(z.string(), z.unknown());

/** The simulated model's failure profile, exactly the fields `simulateCompletion` reads. */
export const SimulationProfileSchema = z.strictObject({
  failureRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(300_000).optional(),
  outputTokens: z.number().int().min(1).max(200_000).optional(),
  tools: z.array(ToolName).max(50).optional(),
}) satisfies z.ZodType<SimulationProfile>;

const AGENT_FIELDS = {
  name: z.string().trim().min(1, "Enter a name").max(120),
  description: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .transform((description) => description || null),
  modelProvider: z.enum(MODEL_PROVIDERS),
  /** One of the organization's model providers (then `modelProvider` is its kind), or null for the simulated / env-key path. */
  providerId: z.string().trim().min(1).max(100).nullable(),
  modelName: z.string().trim().min(1, "Enter a model name").max(200),
  /** A run that takes longer is cut and fails with reason TIMEOUT. */
  timeoutSeconds: z.number().int().min(AGENT_TIMEOUT_SECONDS.min).max(AGENT_TIMEOUT_SECONDS.max, `At most ${AGENT_TIMEOUT_SECONDS.max} seconds (30 minutes)`),
  /** Model calls per run: the tool loop stops after this many. */
  maxSteps: z.number().int().min(AGENT_MAX_STEPS.min).max(AGENT_MAX_STEPS.max),
  runtime: z.enum(AGENT_RUNTIMES),
  instructions: z.string().trim().min(1, "Write the agent's instructions").max(100_000),
  temperature: z.number().min(0).max(2).nullable(),
  maxTokens: z.number().int().min(1).max(1_000_000).nullable(),
  tools: z
    .array(ToolName)
    .max(50)
    .refine((tools) => new Set(tools).size === tools.length, "Name each tool once"),
  riskLevel: z.enum(RISK_LEVELS),
  inputSchema: JsonSchemaField.nullable(),
  outputSchema: JsonSchemaField.nullable(),
  simulation: SimulationProfileSchema.nullable(),
};

export const CreateAgentBody = z.strictObject({
  slug: Slug,
  ...AGENT_FIELDS,
  description: AGENT_FIELDS.description.optional(),
  modelProvider: AGENT_FIELDS.modelProvider.default("simulated"),
  providerId: AGENT_FIELDS.providerId.optional(),
  timeoutSeconds: AGENT_FIELDS.timeoutSeconds.default(AGENT_TIMEOUT_SECONDS.default),
  maxSteps: AGENT_FIELDS.maxSteps.default(AGENT_MAX_STEPS.default),
  runtime: AGENT_FIELDS.runtime.default("model"),
  temperature: AGENT_FIELDS.temperature.optional(),
  maxTokens: AGENT_FIELDS.maxTokens.optional(),
  tools: AGENT_FIELDS.tools.default([]),
  riskLevel: AGENT_FIELDS.riskLevel.default("AUTO"),
  inputSchema: AGENT_FIELDS.inputSchema.optional(),
  outputSchema: AGENT_FIELDS.outputSchema.optional(),
  simulation: AGENT_FIELDS.simulation.optional(),
});
export type CreateAgentBody = z.output<typeof CreateAgentBody>;

/** Any of the fields, each replacing the stored value (`null` clears an optional one); the slug is fixed. */
export const UpdateAgentBody = z
  .strictObject(AGENT_FIELDS)
  .partial()
  .refine((body) => Object.keys(body).length > 0, "Send at least one field to change");
export type UpdateAgentBody = z.output<typeof UpdateAgentBody>;

type Db = Pick<Prisma.TransactionClient, "agent" | "modelProvider">;
type AgentRow = Prisma.AgentGetPayload<{ select: typeof AGENT_DETAIL }>;
type EditableField = keyof typeof AGENT_FIELDS;

/** A new agent as the one creation path takes it, from the API, the demo seed or a test fixture. */
export interface NewAgent {
  id?: string;
  organizationId: string;
  slug: string;
  name: string;
  description?: string | null;
  instructions: string;
  modelProvider?: string;
  providerId?: string | null;
  modelName: string;
  timeoutSeconds?: number;
  maxSteps?: number;
  runtime?: AgentRuntime;
  temperature?: number | null;
  maxTokens?: number | null;
  tools?: string[];
  riskLevel?: RiskLevel;
  inputSchema?: Record<string, unknown> | null;
  outputSchema?: Record<string, unknown> | null;
  simulation?: SimulationProfile | null;
  createdAt?: Date;
}

/**
 * Creates an agent together with its AgentVersion 1, so every agent has the version its runs record.
 * The API, the demo seed and the test fixtures all create agents through here.
 */
export async function insertAgent(db: Db, agent: NewAgent, createdById: string | null = null) {
  const row = {
    instructions: agent.instructions,
    modelProvider: agent.modelProvider ?? "simulated",
    modelName: agent.modelName,
    temperature: agent.temperature ?? null,
    maxTokens: agent.maxTokens ?? null,
    tools: agent.tools ?? [],
    inputSchema: agent.inputSchema ?? null,
    outputSchema: agent.outputSchema ?? null,
  };
  const snapshot = versionData(row);
  return db.agent.create({
    data: {
      id: agent.id,
      organizationId: agent.organizationId,
      slug: agent.slug,
      name: agent.name,
      description: agent.description ?? null,
      riskLevel: agent.riskLevel ?? "AUTO",
      providerId: agent.providerId ?? null,
      timeoutSeconds: agent.timeoutSeconds,
      maxSteps: agent.maxSteps,
      runtime: agent.runtime,
      simulation: jsonOrNull(agent.simulation),
      createdAt: agent.createdAt,
      ...snapshot,
      version: 1,
      versions: { create: { version: 1, ...snapshot, createdById, createdAt: agent.createdAt } },
    },
  });
}

/** Creates an agent from the API (ADMIN+): version 1 is authored by the caller; a taken slug is a 409. */
export async function createAgent(ctx: OrgContext, body: CreateAgentBody): Promise<AgentDetail> {
  requireRole(ctx, "ADMIN");
  assertNoProblems(toolProblems(body, new Set(BUILT_IN_TOOLS)));
  return withUniqueSlug("agent", body.slug, () =>
    ctx.db.$transaction(async (tx) => {
      const modelProvider = body.providerId ? await providerKind(tx, ctx, body.providerId) : body.modelProvider;
      const agent = await insertAgent(tx, { ...body, modelProvider, organizationId: ctx.organizationId }, authorId(ctx));
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "agent.created",
        target: { type: "agent", id: agent.id, label: agent.name },
        after: {
          slug: agent.slug,
          modelProvider: agent.modelProvider,
          providerId: agent.providerId,
          modelName: agent.modelName,
          riskLevel: agent.riskLevel,
          runtime: agent.runtime,
          version: 1,
        },
      });
      return asDetail(await findAgent(tx, ctx, agent.slug));
    }),
  );
}

/**
 * Edits an agent (ADMIN+). A change of what the model sees (instructions, model, tools, sampling,
 * schemas) saves AgentVersion n+1 and moves `Agent.version` to it in the same transaction; a change
 * of name, description, risk level or simulation alone does not. Of two concurrent edits that both
 * make a version, the second is a 409: the version bump is a compare-and-set on the version it read.
 */
export async function updateAgent(ctx: OrgContext, slug: string, body: UpdateAgentBody): Promise<AgentDetail> {
  requireRole(ctx, "ADMIN");
  try {
    return await ctx.db.$transaction(async (tx) => {
      const current = await findAgent(tx, ctx, slug);
      if (current.archivedAt) throw new AppError("conflict", `Agent "${slug}" is archived: archived agents cannot be edited`);
      // A configured provider decides the kind; the provider of another organization is not found.
      const edit: UpdateAgentBody = body.providerId ? { ...body, modelProvider: await providerKind(tx, ctx, body.providerId) } : body;
      const changed = (Object.keys(edit) as EditableField[]).filter((field) => !isSameValue(current[field], edit[field]));
      if (changed.length === 0) return asDetail(current);

      const next = { ...current, ...edit };
      if (edit.tools || edit.simulation) {
        // Tools the agent already had stay valid (older agents name tools of their own); new ones must be built in.
        assertNoProblems(toolProblems(next, new Set([...BUILT_IN_TOOLS, ...toolsOf(current.tools)])));
      }
      const data = rowData(edit, changed);
      const isNewVersion = changed.some((field) => ([...VERSIONED_FIELDS, ...UNSTORED_VERSIONED_FIELDS] as readonly string[]).includes(field));
      const version = isNewVersion ? current.version + 1 : current.version;
      if (isNewVersion) {
        const moved = await tx.agent.updateMany({
          where: { id: current.id, organizationId: ctx.organizationId, version: current.version },
          data: { ...data, version },
        });
        if (moved.count === 0) throw concurrentEdit(slug);
        await tx.agentVersion.create({ data: { agentId: current.id, version, ...versionData(next), createdById: authorId(ctx) } });
      } else {
        await tx.agent.update({ where: { id: current.id, organizationId: ctx.organizationId }, data });
      }
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "agent.updated",
        target: { type: "agent", id: current.id, label: next.name },
        before: { ...pick(current, changed), version: current.version },
        after: { ...pick(next, changed), version },
      });
      return asDetail(await findAgent(tx, ctx, slug));
    });
  } catch (error) {
    // A concurrent edit that wrote the same version number first.
    if (isUniqueViolation(error)) throw concurrentEdit(slug);
    throw error;
  }
}

/**
 * Archives an agent (ADMIN+): inactive, stamped `archivedAt`, hidden from lists, and refused when
 * fired. Its active schedules make it a 409 naming them unless `cascade` is "pause".
 */
export async function archiveAgent(ctx: OrgContext, slug: string, cascade?: "pause"): Promise<{ agent: AgentDetail; pausedScheduleIds: string[] }> {
  requireRole(ctx, "ADMIN");
  return ctx.db.$transaction(async (tx) => {
    const agent = await findAgent(tx, ctx, slug);
    if (agent.archivedAt) throw new AppError("conflict", `Agent "${slug}" is already archived`);
    const pausedScheduleIds = await pauseSchedulesForArchive(tx, ctx, { entityType: "agent", id: agent.id }, cascade);
    const archivedAt = new Date();
    await tx.agent.update({ where: { id: agent.id, organizationId: ctx.organizationId }, data: { isActive: false, archivedAt } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "agent.archived",
      target: { type: "agent", id: agent.id, label: agent.name },
      before: { isActive: agent.isActive },
      after: { isActive: false, archivedAt: archivedAt.toISOString(), pausedSchedules: pausedScheduleIds },
    });
    return { agent: asDetail(await findAgent(tx, ctx, slug)), pausedScheduleIds };
  });
}

/** Every version of an agent, newest first: what it changed from the one before, who saved it and when. */
export async function listAgentVersions(ctx: OrgContext, slug: string) {
  const agent = await findAgent(ctx.db, ctx, slug);
  // AgentVersion has no organizationId: it is reached through the agent found in the caller's organization.
  const versions = await ctx.db.agentVersion.findMany({ where: { agentId: agent.id }, orderBy: { version: "asc" } });
  const authorIds = [...new Set(versions.map((version) => version.createdById).filter((id): id is string => id !== null))];
  const authors = new Map(
    (await ctx.db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true, email: true } })).map((user) => [user.id, user]),
  );
  return versions
    .map((version, index) => ({
      version: version.version,
      changes: index === 0 ? [] : VERSIONED_FIELDS.filter((field) => !isSameValue(versions[index - 1][field], version[field])),
      author: version.createdById ? (authors.get(version.createdById) ?? null) : null,
      createdAt: version.createdAt,
      instructions: version.instructions,
      modelProvider: version.modelProvider,
      modelName: version.modelName,
      temperature: version.temperature,
      maxTokens: version.maxTokens,
      tools: toolsOf(version.tools),
      inputSchema: asObject(version.inputSchema),
      outputSchema: asObject(version.outputSchema),
    }))
    .reverse();
}

/** One version as `listAgentVersions` returns it. */
export const AgentVersionView = z.object({
  version: z.number().int(),
  /** The versioned fields that differ from the version before; empty for version 1. */
  changes: z.array(z.enum(VERSIONED_FIELDS)),
  /** The user who saved it; null for seeded versions and those saved with an API key. */
  author: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.date(),
  instructions: z.string(),
  modelProvider: z.string(),
  modelName: z.string(),
  temperature: z.number().nullable(),
  maxTokens: z.number().int().nullable(),
  tools: z.array(z.string()),
  inputSchema: JsonObject.nullable(),
  outputSchema: JsonObject.nullable(),
});

async function findAgent(db: Db, ctx: OrgContext, slug: string): Promise<AgentRow> {
  const agent = await db.agent.findUnique({ where: { organizationId_slug: { organizationId: ctx.organizationId, slug } }, select: AGENT_DETAIL });
  if (!agent) throw notFound(`Agent "${slug}"`);
  return agent;
}

/** The kind of one of the organization's providers; another organization's (or none) is a 400 on `providerId`. */
async function providerKind(db: Db, ctx: OrgContext, providerId: string): Promise<CreateAgentBody["modelProvider"]> {
  const provider = await db.modelProvider.findFirst({ where: { id: providerId, organizationId: ctx.organizationId }, select: { kind: true } });
  if (!provider) throw new AppError("validation_failed", "Invalid agent", [{ path: "providerId", message: "No such model provider in this organization" }]);
  return provider.kind as CreateAgentBody["modelProvider"];
}

function concurrentEdit(slug: string): AppError {
  return new AppError("conflict", `Agent "${slug}" was changed by someone else while you saved: reload it and apply your change again`);
}

/** Unknown tools (`tools.N`) and simulated tool calls of tools the agent does not have (`simulation.tools.N`). */
function toolProblems(agent: { tools: unknown; simulation?: unknown }, allowed: ReadonlySet<string>): Problem[] {
  const tools = toolsOf(agent.tools);
  const problems = tools.flatMap((tool, index) =>
    allowed.has(tool) ? [] : [{ path: `tools.${index}`, message: `"${tool}" is not a built-in tool (${BUILT_IN_TOOLS.join(", ")})` }],
  );
  const simulated = (agent.simulation as SimulationProfile | null | undefined)?.tools ?? [];
  for (const [index, tool] of simulated.entries()) {
    if (!tools.includes(tool)) problems.push({ path: `simulation.tools.${index}`, message: `"${tool}" is not one of the agent's tools` });
  }
  return problems;
}

function assertNoProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new AppError("validation_failed", "Invalid agent", problems);
}

/** Stored and submitted values compare as JSON: null and a missing value are the same, key order is not a change. */
function isSameValue(stored: unknown, submitted: unknown): boolean {
  return isDeepStrictEqual(stored ?? null, submitted ?? null);
}

/** The columns an AgentVersion copies from its agent. */
function versionData(agent: { [Field in VersionedField]: unknown }) {
  return {
    instructions: agent.instructions as string,
    modelProvider: agent.modelProvider as string,
    modelName: agent.modelName as string,
    temperature: (agent.temperature as number | null) ?? null,
    maxTokens: (agent.maxTokens as number | null) ?? null,
    tools: toolsOf(agent.tools),
    inputSchema: jsonOrNull(agent.inputSchema),
    outputSchema: jsonOrNull(agent.outputSchema),
  };
}

/** The Agent columns of the changed fields, JSON nulls written as database NULL. */
function rowData(body: UpdateAgentBody, changed: EditableField[]): Prisma.AgentUpdateManyMutationInput {
  const data: Record<string, unknown> = {};
  for (const field of changed) {
    const value = body[field];
    data[field] = ["inputSchema", "outputSchema", "simulation", "tools"].includes(field) ? jsonOrNull(value) : value;
  }
  return data as Prisma.AgentUpdateManyMutationInput;
}

function jsonOrNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

function pick(row: Record<string, unknown>, fields: readonly string[]): Prisma.InputJsonObject {
  return Object.fromEntries(fields.map((field) => [field, (row[field] ?? null) as Prisma.InputJsonValue | null]));
}
