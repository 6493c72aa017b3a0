// Two clients: `ctx.db`, scoped to the caller's organization by the extension below, serves every
// request; the unscoped PrismaClient is the system client, held only by the system modules listed in
// system-client.test.ts (engine handlers, scheduler, recovery, the job table, telemetry, auth).
import { Prisma, type PrismaClient } from "@switchyard/database";
import type { OrgContext } from "../context.ts";

// Rows with a null organizationId are the shared runtime's (scheduler ticks, worker heartbeats), so
// these two are read with an explicit "mine or the system's" filter instead (admin/runtime.ts).
const SHARED_MODELS = new Set(["RuntimeEvent", "ExecutionJob"]);

/** Every model whose rows each belong to one organization: those with an `organizationId` column. */
export const TENANT_MODELS: ReadonlySet<string> = new Set(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return fields?.organizationId !== undefined && !SHARED_MODELS.has(model);
  }),
);

const FILTERED = new Set(["findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy", "updateMany", "updateManyAndReturn", "deleteMany"]);
const UNIQUE = new Set(["findUnique", "findUniqueOrThrow", "update", "delete", "upsert"]);
const CREATES = new Set(["create", "createMany", "createManyAndReturn", "upsert"]);

type Args = { where?: object; data?: unknown; create?: unknown };

function withOrganization(data: unknown, organizationId: string, model: string): unknown {
  if (Array.isArray(data)) return data.map((row) => withOrganization(row, organizationId, model));
  const row = data as Record<string, unknown>;
  // A row bound through the relation (`organization: { connect }`) says so itself.
  if ("organization" in row) return row;
  if (row.organizationId !== undefined && row.organizationId !== organizationId) {
    throw new Error(`Refused to write a ${model} row of another organization through a scoped client`);
  }
  return { ...row, organizationId };
}

/**
 * Scopes every query on a tenant-owned model to the organization: reads and bulk writes get
 * `organizationId` in their `where` (a query that forgets it finds nothing of another tenant's),
 * single-row writes and upserts match it too, and creates are stamped with it. Raw SQL and nested
 * relation reads are not rewritten: raw queries name the organization themselves.
 */
function createScopedClient(db: PrismaClient, organizationId: string): PrismaClient {
  return db.$extends({
    name: "organization-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          const scoped = { ...(args as Args) } as Args;
          if (FILTERED.has(operation)) scoped.where = { AND: [scoped.where ?? {}, { organizationId }] };
          if (UNIQUE.has(operation)) scoped.where = { ...scoped.where, organizationId };
          if (CREATES.has(operation)) {
            if (operation === "upsert") scoped.create = withOrganization(scoped.create, organizationId, model);
            else scoped.data = withOrganization(scoped.data, organizationId, model);
          }
          return query(scoped as typeof args);
        },
      },
    },
  }) as unknown as PrismaClient;
}

// One scoped client per organization and base client: extending is cheap, but not free per request.
const cache = new WeakMap<PrismaClient, Map<string, PrismaClient>>();

export function scopedClient(db: PrismaClient, organizationId: string): PrismaClient {
  const byOrganization = cache.get(db) ?? new Map<string, PrismaClient>();
  cache.set(db, byOrganization);
  const client = byOrganization.get(organizationId) ?? createScopedClient(db, organizationId);
  byOrganization.set(organizationId, client);
  return client;
}

/** A context for background work (engine handlers, scheduler): acts as the system inside one organization. */
export function systemContext(db: PrismaClient, organizationId: string): OrgContext {
  return { db: scopedClient(db, organizationId), organizationId, actor: { type: "apiKey", id: "system", label: "system", role: "OWNER" } };
}
