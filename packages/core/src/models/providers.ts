// An organization's model providers: the servers its agents call. Admins configure them; the API
// key and the default headers are encrypted at rest and never leave the server (answers say only
// `hasApiKey` and `headerNames`). Loopback and private base URLs are allowed on purpose: local model
// servers are the main use, and only admins can point one anywhere.
import type { Prisma } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { encryptSecret } from "../secrets.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { isUniqueViolation } from "../unique.ts";
import { PROVIDER_KINDS } from "./kinds.ts";
import { listModelIds, modelTargetOf, testConnection, type ModelTarget } from "./target.ts";

type Db = OrgContext["db"];

const Name = z.string().trim().min(1, "Enter a name").max(80);
const BaseUrl = z
  .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL, e.g. http://127.0.0.1:11434/v1" })
  .max(2000)
  .transform((url) => url.replace(/\/+$/, ""));
const ApiKey = z.string().trim().min(1, "Enter the key, or leave it out").max(4000);
/** Header names as HTTP defines a token; the framing headers are the client's to set. */
const HeaderName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Not a valid header name")
  .refine((name) => !["host", "content-length", "content-type", "transfer-encoding", "connection"].includes(name.toLowerCase()), "Set by the client itself");
const HeaderMap = z
  .record(HeaderName, z.string().max(4000))
  .refine((headers) => Object.keys(headers).length <= 20, "At most 20 headers")
  .refine((headers) => new Set(Object.keys(headers).map((name) => name.toLowerCase())).size === Object.keys(headers).length, "Name each header once");
const ModelId = z.string().trim().min(1).max(200);
const Models = z
  .array(ModelId)
  .max(1000)
  .transform((models) => [...new Set(models)]);

const FIELDS = {
  name: Name,
  kind: z.enum(PROVIDER_KINDS),
  /** Empty for OpenAI and Anthropic means their public API; required for an OpenAI-compatible server. */
  baseUrl: BaseUrl.nullable(),
  /** Write-only. In an update: a string replaces it, null removes it, absent keeps it. */
  apiKey: ApiKey.nullable(),
  /** Write-only default headers (gateways often want their own credential headers); replaced whole. */
  headers: HeaderMap.nullable(),
  /** Typed model ids; "Fetch models" replaces them with the server's list. */
  models: Models,
};

const needsBaseUrl = (provider: { kind?: string; baseUrl?: string | null }) => provider.kind !== "openai-compatible" || Boolean(provider.baseUrl);
const BASE_URL_REQUIRED = { message: "An OpenAI-compatible server needs its base URL, e.g. http://127.0.0.1:11434/v1", path: ["baseUrl"] };

export const CreateModelProviderBody = z
  .strictObject({
    ...FIELDS,
    baseUrl: FIELDS.baseUrl.optional(),
    apiKey: FIELDS.apiKey.optional(),
    headers: FIELDS.headers.optional(),
    models: FIELDS.models.default([]),
  })
  .refine(needsBaseUrl, BASE_URL_REQUIRED);
export type CreateModelProviderBody = z.output<typeof CreateModelProviderBody>;

/** Any of the fields; absent ones are kept. */
export const UpdateModelProviderBody = z
  .strictObject(FIELDS)
  .partial()
  .refine((body) => Object.keys(body).length > 0, "Send at least one field to change");
export type UpdateModelProviderBody = z.output<typeof UpdateModelProviderBody>;

export const TestModelProviderBody = z.strictObject({ model: ModelId.optional() });
export type TestModelProviderBody = z.output<typeof TestModelProviderBody>;

const PROVIDER_FIELDS = {
  id: true,
  name: true,
  kind: true,
  baseUrl: true,
  encryptedApiKey: true,
  headerNames: true,
  models: true,
  modelsFetchedAt: true,
  lastTestedAt: true,
  lastTestOk: true,
  lastTestLatencyMs: true,
  lastTestModel: true,
  lastTestError: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { agents: { where: { archivedAt: null } } } },
} as const satisfies Prisma.ModelProviderSelect;
type ProviderRow = Prisma.ModelProviderGetPayload<{ select: typeof PROVIDER_FIELDS }>;

/** A provider as the API answers: never its key or header values. */
export const ModelProviderView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: z.string().nullable(),
  hasApiKey: z.boolean(),
  headerNames: z.array(z.string()),
  models: z.array(z.string()),
  modelsFetchedAt: z.date().nullable(),
  lastTest: z
    .object({ at: z.date(), ok: z.boolean(), latencyMs: z.number().int().nullable(), model: z.string().nullable(), error: z.string().nullable() })
    .nullable(),
  /** Agents (not archived) that use it. */
  agentCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ModelProviderView = z.infer<typeof ModelProviderView>;

function asView(row: ProviderRow): ModelProviderView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ModelProviderView["kind"],
    baseUrl: row.baseUrl,
    hasApiKey: row.encryptedApiKey !== null,
    headerNames: row.headerNames,
    models: row.models,
    modelsFetchedAt: row.modelsFetchedAt,
    lastTest: row.lastTestedAt
      ? { at: row.lastTestedAt, ok: row.lastTestOk ?? false, latencyMs: row.lastTestLatencyMs, model: row.lastTestModel, error: row.lastTestError }
      : null,
    agentCount: row._count.agents,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit log keeps of a provider: no secrets, only whether there are some. */
function auditShape(view: Pick<ModelProviderView, "name" | "kind" | "baseUrl" | "hasApiKey" | "headerNames" | "models">): Prisma.InputJsonObject {
  return { name: view.name, kind: view.kind, baseUrl: view.baseUrl, hasApiKey: view.hasApiKey, headerNames: view.headerNames, models: view.models.length };
}

/** The organization's providers by name (operators and up: the agent form lists them). */
export async function listModelProviders(ctx: OrgContext): Promise<ModelProviderView[]> {
  requireRole(ctx, "OPERATOR");
  const rows = await ctx.db.modelProvider.findMany({ where: { organizationId: ctx.organizationId }, select: PROVIDER_FIELDS, orderBy: { name: "asc" } });
  return rows.map(asView);
}

export async function getModelProvider(ctx: OrgContext, id: string): Promise<ModelProviderView> {
  requireRole(ctx, "OPERATOR");
  return asView(await findProvider(ctx.db, ctx, id));
}

/** Adds a provider (ADMIN+); a name already in use is a 409. */
export async function createModelProvider(ctx: OrgContext, body: CreateModelProviderBody): Promise<ModelProviderView> {
  requireRole(ctx, "ADMIN");
  return withUniqueName(body.name, () =>
    ctx.db.$transaction(async (tx) => {
      const row = await tx.modelProvider.create({
        data: {
          organizationId: ctx.organizationId,
          name: body.name,
          kind: body.kind,
          baseUrl: body.baseUrl ?? null,
          models: body.models,
          ...secretColumns(body),
        },
        select: PROVIDER_FIELDS,
      });
      const view = asView(row);
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "model_provider.created",
        target: { type: "model_provider", id: row.id, label: row.name },
        after: auditShape(view),
      });
      return view;
    }),
  );
}

/** Edits a provider (ADMIN+): the fields sent replace the stored ones; the key and headers only when sent. */
export async function updateModelProvider(ctx: OrgContext, id: string, body: UpdateModelProviderBody): Promise<ModelProviderView> {
  requireRole(ctx, "ADMIN");
  return withUniqueName(body.name ?? "", () =>
    ctx.db.$transaction(async (tx) => {
      const before = asView(await findProvider(tx, ctx, id));
      const next = { kind: body.kind ?? before.kind, baseUrl: body.baseUrl === undefined ? before.baseUrl : body.baseUrl };
      if (!needsBaseUrl(next)) throw new AppError("validation_failed", "Invalid model provider", [{ path: "baseUrl", message: BASE_URL_REQUIRED.message }]);
      const row = await tx.modelProvider.update({
        where: { id: before.id, organizationId: ctx.organizationId },
        data: { name: body.name, kind: body.kind, baseUrl: body.baseUrl, models: body.models, ...secretColumns(body) },
        select: PROVIDER_FIELDS,
      });
      const after = asView(row);
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "model_provider.updated",
        target: { type: "model_provider", id: row.id, label: row.name },
        before: auditShape(before),
        after: { ...auditShape(after), ...(body.apiKey !== undefined ? { apiKeyChanged: true } : {}) },
      });
      return after;
    }),
  );
}

/** Removes a provider (ADMIN+). Agents still using it make it a 409 that names them: they would silently go simulated. */
export async function deleteModelProvider(ctx: OrgContext, id: string): Promise<void> {
  requireRole(ctx, "ADMIN");
  await ctx.db.$transaction(async (tx) => {
    const provider = asView(await findProvider(tx, ctx, id));
    const agents = await tx.agent.findMany({
      where: { organizationId: ctx.organizationId, providerId: provider.id, archivedAt: null },
      select: { slug: true },
      orderBy: { slug: "asc" },
    });
    if (agents.length > 0) {
      const slugs = agents.map((agent) => agent.slug);
      throw new AppError("conflict", `Model provider "${provider.name}" is used by ${slugs.join(", ")}: choose another provider for them first`, {
        agents: slugs,
      });
    }
    await tx.modelProvider.delete({ where: { id: provider.id, organizationId: ctx.organizationId } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "model_provider.deleted",
      target: { type: "model_provider", id: provider.id, label: provider.name },
      before: auditShape(provider),
    });
  });
}

/**
 * Replaces the provider's model list with what its server lists at `/models` (ADMIN+). A server
 * that lists none, or cannot be reached, is a 502 saying why; its typed models are kept.
 */
export async function refreshProviderModels(ctx: OrgContext, id: string): Promise<ModelProviderView> {
  requireRole(ctx, "ADMIN");
  const target = await loadTarget(ctx, id);
  let models: string[];
  try {
    models = await listModelIds(target);
  } catch (error) {
    throw new AppError("upstream_failed", `Could not list the models: ${(error as Error).message}. Type the model ids instead.`);
  }
  if (models.length === 0) throw new AppError("upstream_failed", "The server listed no models. Type the model ids instead.");
  return ctx.db.$transaction(async (tx) => {
    const before = await findProvider(tx, ctx, id);
    const row = await tx.modelProvider.update({
      where: { id, organizationId: ctx.organizationId },
      data: { models, modelsFetchedAt: new Date() },
      select: PROVIDER_FIELDS,
    });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "model_provider.models_refreshed",
      target: { type: "model_provider", id, label: row.name },
      before: { models: before.models },
      after: { models },
    });
    return asView(row);
  });
}

/**
 * Tests the connection (ADMIN+): one tiny call to `model` (else the provider's first model). A
 * failed call is an answer too (`ok: false` with the error); the result is kept as the provider's last test.
 */
export async function testModelProvider(ctx: OrgContext, id: string, body: TestModelProviderBody) {
  requireRole(ctx, "ADMIN");
  const provider = await findProvider(ctx.db, ctx, id);
  const model = body.model ?? provider.models[0];
  if (!model) {
    throw new AppError("validation_failed", "Choose a model to test with: fetch or type the provider's models first", [
      { path: "model", message: "Choose a model" },
    ]);
  }
  const result = await testConnection(await loadTarget(ctx, id), model);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.modelProvider.update({
      where: { id, organizationId: ctx.organizationId },
      data: { lastTestedAt: new Date(), lastTestOk: result.ok, lastTestLatencyMs: result.latencyMs, lastTestModel: result.model, lastTestError: result.error },
      select: PROVIDER_FIELDS,
    });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "model_provider.tested",
      target: { type: "model_provider", id, label: row.name },
      after: { ok: result.ok, latencyMs: result.latencyMs, model: result.model, error: result.error },
    });
    return { result, provider: asView(row) };
  });
}

export const ConnectionTestView = z.object({
  result: z.object({ ok: z.boolean(), latencyMs: z.number().int(), model: z.string(), error: z.string().nullable(), reply: z.string().nullable() }),
  provider: ModelProviderView,
});

/** The provider's target with its secrets, for the call it is about to make; another organization's provider is not found. */
export async function loadModelTarget(db: Db, organizationId: string, id: string): Promise<ModelTarget | null> {
  const row = await db.modelProvider.findFirst({ where: { id, organizationId } });
  return row ? modelTargetOf(row) : null;
}

async function loadTarget(ctx: OrgContext, id: string): Promise<ModelTarget> {
  try {
    const target = await loadModelTarget(ctx.db, ctx.organizationId, id);
    if (!target) throw notFound("Model provider");
    return target;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("conflict", (error as Error).message);
  }
}

async function findProvider(db: Pick<Db, "modelProvider">, ctx: OrgContext, id: string): Promise<ProviderRow> {
  const row = await db.modelProvider.findFirst({ where: { id, organizationId: ctx.organizationId }, select: PROVIDER_FIELDS });
  if (!row) throw notFound("Model provider");
  return row;
}

/** The encrypted columns of what the body sends: a value is encrypted, null clears, absent leaves them. */
function secretColumns(body: { apiKey?: string | null; headers?: Record<string, string> | null }) {
  const columns: Prisma.ModelProviderUpdateInput = {};
  if (body.apiKey !== undefined) columns.encryptedApiKey = body.apiKey === null ? null : encryptSecret(body.apiKey);
  if (body.headers !== undefined) {
    const names = Object.keys(body.headers ?? {});
    columns.encryptedHeaders = names.length === 0 ? null : encryptSecret(JSON.stringify(body.headers));
    columns.headerNames = names;
  }
  return columns as { encryptedApiKey?: string | null; encryptedHeaders?: string | null; headerNames?: string[] };
}

async function withUniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A model provider named "${name}" already exists`, { field: "name" });
    throw error;
  }
}
