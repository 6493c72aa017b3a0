// "Start run": one API (`POST /api/runs`) behind every page's Start run button. The run row is created
// first under a fresh dedupe key that the fire event carries, so the caller can open the new run at
// once and the worker picks up exactly that row.
import { randomUUID } from "node:crypto";
import Ajv from "ajv";
import type { EntityType, Prisma } from "@switchyard/database";
import { z } from "zod";
import { holdForApproval } from "../agents/risk-gate.ts";
import { resolveParameters } from "../campaigns/planner.ts";
import { createCampaignFromTemplate } from "../campaigns/service.ts";
import { requireRole, type OrgContext } from "../context.ts";
import { dispatchFire } from "../dispatch.ts";
import { AppError, notFound } from "../errors.ts";
import type { ExecutionEngine, TriggerFirePayload } from "../execution/events.ts";
import { createNetworkRun } from "../networks/runtime.ts";
import { startWorkflowRun } from "../workflows/runtime.ts";
import { isRecord } from "../workflows/definition.ts";
import { recordRunQueued } from "./recorder.ts";

/** The kinds a person starts by hand; a pulse is evaluated on its cron. */
export const STARTABLE_KINDS = ["agent", "workflow", "network", "campaign"] as const;
export type StartableKind = (typeof STARTABLE_KINDS)[number];

const EntitySlug = z.string().trim().min(1).max(120);

export const StartFormQuery = z.strictObject({ kind: z.enum(STARTABLE_KINDS), slug: EntitySlug });

export const StartRunBody = z.strictObject({
  kind: z.enum(STARTABLE_KINDS),
  slug: EntitySlug,
  /** The run's input; for a campaign, the template's parameters. */
  input: z.record(z.string(), z.unknown()).default({}),
});
export type StartRunBody = z.input<typeof StartRunBody>;

export const StartForm = z.object({
  kind: z.enum(STARTABLE_KINDS),
  slug: z.string(),
  name: z.string(),
  /** JSON Schema of the input, when the entity declares one: the form is generated from it. */
  inputSchema: z.record(z.string(), z.unknown()).nullable(),
  /** A starting value for the form or the JSON editor. */
  initialInput: z.record(z.string(), z.unknown()),
});
export type StartForm = z.infer<typeof StartForm>;

export const StartedRun = z.object({ kind: z.enum(STARTABLE_KINDS), runId: z.string() });

interface StartableEntity {
  id: string;
  slug: string;
  name: string;
  inputSchema: Record<string, unknown> | null;
  initialInput: Record<string, unknown>;
}

const LABEL: Record<StartableKind, string> = { agent: "Agent", workflow: "Workflow", network: "Network", campaign: "Campaign template" };

/** What the Start run dialog needs to know about an entity: its name and the shape of its input. */
export async function getStartForm(ctx: OrgContext, kind: StartableKind, slug: string): Promise<StartForm> {
  const { slug: found, name, inputSchema, initialInput } = await findStartable(ctx, kind, slug);
  return { kind, slug: found, name, inputSchema, initialInput };
}

/**
 * Starts a run of an agent, workflow or network (through the dispatch table) or a campaign from a
 * template. The input is checked against the entity's input schema first (400 naming each bad
 * field); archived or inactive entities are a 409.
 */
export async function startRun(ctx: OrgContext, engine: ExecutionEngine, body: z.output<typeof StartRunBody>): Promise<{ kind: StartableKind; runId: string }> {
  requireRole(ctx, "OPERATOR");
  const entity = await findStartable(ctx, body.kind, body.slug);
  if (entity.inputSchema) assertMatchesSchema(entity.inputSchema, body.input);
  const source: TriggerFirePayload["source"] = ctx.actor.type === "user" ? "manual" : "api";
  const dedupeKey = `start:${body.kind}:${randomUUID()}`;
  if (body.kind === "campaign") {
    const { campaign } = await createCampaignFromTemplate(ctx.db, engine, {
      organizationId: ctx.organizationId,
      templateId: entity.id,
      parameters: body.input,
      source,
      dedupeKey,
    });
    return { kind: "campaign", runId: campaign.id };
  }
  const runId = await queueEntityRun(ctx.db, engine, body.kind, {
    organizationId: ctx.organizationId,
    entityId: entity.id,
    source,
    input: body.input,
    dedupeKey,
  });
  return { kind: body.kind, runId };
}

export interface QueuedRunRequest {
  organizationId: string;
  entityId: string;
  source: TriggerFirePayload["source"];
  input: unknown;
  dedupeKey: string;
  retryOfId?: string;
}

/**
 * Creates the queued run row of an agent, workflow or network, then sends its fire event; returns the
 * run id. An APPROVAL_REQUIRED agent's run is created SUSPENDED with its review instead, and waits.
 */
export async function queueEntityRun(db: OrgContext["db"], engine: ExecutionEngine, kind: EntityType, request: QueuedRunRequest): Promise<string> {
  const { organizationId, entityId, source, input, dedupeKey, retryOfId } = request;
  const held = kind === "agent" ? await holdForApproval(db, { organizationId, entityId, source, input, dedupeKey, retryOfId }) : null;
  if (held) return held.id;
  const common = { organizationId, source, input: input as Prisma.InputJsonValue, dedupeKey, retryOfId };
  const { run } =
    kind === "agent"
      ? await recordRunQueued(db, { ...common, agentId: entityId })
      : kind === "workflow"
        ? await startWorkflowRun(db, { ...common, workflowId: entityId })
        : await createNetworkRun(db, { ...common, networkId: entityId });
  await dispatchFire(engine, kind, { organizationId, entityId, source, input, dedupeKey });
  return run.id;
}

async function findStartable(ctx: OrgContext, kind: StartableKind, slug: string): Promise<StartableEntity> {
  const where = { organizationId_slug: { organizationId: ctx.organizationId, slug } };
  const entity = await loadStartable(ctx, kind, where);
  if (!entity) throw notFound(`${LABEL[kind]} "${slug}"`);
  if (!entity.isActive || entity.archivedAt) throw new AppError("inactive", `${LABEL[kind]} "${slug}" is ${entity.archivedAt ? "archived" : "inactive"}`);
  return entity;
}

type SlugWhere = { organizationId_slug: { organizationId: string; slug: string } };

async function loadStartable(ctx: OrgContext, kind: StartableKind, where: SlugWhere) {
  const base = { id: true, slug: true, name: true, isActive: true, archivedAt: true } as const;
  switch (kind) {
    case "agent": {
      const agent = await ctx.db.agent.findUnique({ where, select: { ...base, inputSchema: true } });
      return agent && { ...agent, inputSchema: asSchema(agent.inputSchema), initialInput: {} };
    }
    case "workflow": {
      const workflow = await ctx.db.workflow.findUnique({ where, select: { ...base, definition: true } });
      return workflow && { ...workflow, inputSchema: isRecord(workflow.definition) ? asSchema(workflow.definition.inputSchema) : null, initialInput: {} };
    }
    case "network": {
      const network = await ctx.db.network.findUnique({ where, select: { ...base, goal: true } });
      return network && { ...network, inputSchema: null, initialInput: network.goal ? { goal: network.goal } : {} };
    }
    case "campaign": {
      const template = await ctx.db.campaignTemplate.findUnique({ where, select: { ...base, parameters: true } });
      return template && { ...template, inputSchema: parametersSchema(template.parameters), initialInput: resolveParameters(template.parameters, {}) };
    }
  }
}

function asSchema(value: unknown): Record<string, unknown> | null {
  return isRecord(value) && Object.keys(value).length > 0 ? value : null;
}

/**
 * A template's declared parameters (name → default, or name → `{ type?, description?, default? }`)
 * as a JSON Schema object, so campaigns get the same generated form as agents and workflows.
 */
export function parametersSchema(declared: Prisma.JsonValue): Record<string, unknown> | null {
  if (!isRecord(declared) || Object.keys(declared).length === 0) return null;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, value] of Object.entries(declared)) {
    const definition = isRecord(value) ? value : { default: value };
    const fallback = definition.default;
    const type = typeof definition.type === "string" ? definition.type : jsonType(fallback);
    properties[name] = {
      title: name,
      ...(type && { type }),
      ...(typeof definition.description === "string" && { description: definition.description }),
      ...(fallback !== undefined && fallback !== null && { default: fallback }),
    };
    if (fallback === undefined || fallback === null) required.push(name);
  }
  return { type: "object", properties, ...(required.length > 0 && { required }) };
}

function jsonType(value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "boolean") return typeof value;
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return undefined;
}

/** Checks the input against the entity's schema: a 400 with one `{ path, message }` per failing field, under `input.`. */
function assertMatchesSchema(schema: Record<string, unknown>, input: unknown): void {
  const ajv = new Ajv({ allErrors: true, validateFormats: false });
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new AppError("unprocessable", `The input schema does not compile: ${(error as Error).message}`);
  }
  if (validate(input)) return;
  const problems = (validate.errors ?? []).map((error) => {
    const missing = error.keyword === "required" ? `/${(error.params as { missingProperty: string }).missingProperty}` : "";
    const pointer = `${error.instancePath}${missing}`.split("/").filter(Boolean);
    return { path: ["input", ...pointer].join("."), message: error.message ?? "invalid" };
  });
  throw new AppError("validation_failed", `The input does not match the input schema: ${ajv.errorsText(validate.errors, { dataVar: "input" })}`, problems);
}
