import { Prisma } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import type { RunKind, UnifiedRunStatus } from "./run-values.ts";

const sql = Prisma.sql;

/**
 * How each kind maps onto the unified columns. Every kind contributes one SELECT with the same
 * columns, so a list is a single UNION ALL ordered by (startedAt, id): exact across kinds, no merging
 * of pages in memory. Filters go into each branch so every branch can use its
 * (organizationId, startedAt, id) index.
 */
interface KindSource {
  from: Prisma.Sql;
  /** The run table alone, for counts that need no entity column. */
  table: Prisma.Sql;
  /** The enum columns themselves: comparing them uncast lets the planner use their statistics and indexes. */
  statusColumn: Prisma.Sql;
  sourceColumn: Prisma.Sql;
  id: Prisma.Sql;
  name: Prisma.Sql;
  status: Prisma.Sql;
  source: Prisma.Sql;
  startedAt: Prisma.Sql;
  completedAt: Prisma.Sql;
  durationMs: Prisma.Sql;
  tokens: Prisma.Sql;
  costUsd: Prisma.Sql;
  triggerId: Prisma.Sql;
  organizationId: Prisma.Sql;
  entityId: Prisma.Sql;
  entitySlug: Prisma.Sql;
  entityName: Prisma.Sql;
}

function runColumns(
  table: string,
): Pick<
  KindSource,
  "table" | "statusColumn" | "sourceColumn" | "id" | "status" | "source" | "startedAt" | "completedAt" | "durationMs" | "tokens" | "costUsd" | "organizationId"
> {
  const col = (name: string) => Prisma.raw(`r."${name}"`);
  return {
    table: Prisma.raw(`"${table}" r`),
    statusColumn: col("status"),
    sourceColumn: col("source"),
    id: col("id"),
    status: sql`${col("status")}::text`,
    source: sql`${col("source")}::text`,
    startedAt: col("startedAt"),
    completedAt: col("completedAt"),
    durationMs: col("durationMs"),
    tokens: col("totalTokens"),
    costUsd: col("costUsd"),
    organizationId: col("organizationId"),
  };
}

export const KIND_SOURCES: Record<RunKind, KindSource> = {
  agent: {
    ...runColumns("AgentRun"),
    from: sql`"AgentRun" r JOIN "Agent" e ON e.id = r."agentId"`,
    // The column cannot hold null; the run's metadata says when its cost is unknown rather than $0.
    costUsd: sql`CASE WHEN r.metadata->>'costUnknown' = 'true' THEN NULL ELSE r."costUsd" END`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
  workflow: {
    ...runColumns("WorkflowRun"),
    from: sql`"WorkflowRun" r JOIN "Workflow" e ON e.id = r."workflowId"`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
  network: {
    ...runColumns("NetworkRun"),
    from: sql`"NetworkRun" r JOIN "Network" e ON e.id = r."networkId"`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
  // A campaign is its own run; its entity is the template it came from, or itself without one.
  // Like an agent run's triggerId (trigger or schedule), it names the CampaignTrigger or CampaignSchedule.
  campaign: {
    ...runColumns("Campaign"),
    from: sql`"Campaign" r LEFT JOIN "CampaignTemplate" e ON e.id = r."templateId"`,
    name: sql`r.name`,
    triggerId: sql`COALESCE(r."triggerId", r."scheduleId")`,
    entityId: sql`COALESCE(e.id, r.id)`,
    entitySlug: sql`COALESCE(e.slug, r.id)`,
    entityName: sql`COALESCE(e.name, r.name)`,
  },
  pulse: {
    ...runColumns("PulseEvaluation"),
    from: sql`"PulseEvaluation" r JOIN "Pulse" e ON e.id = r."pulseId"`,
    name: sql`e.name`,
    triggerId: sql`r."triggerId"`,
    entityId: sql`e.id`,
    entitySlug: sql`e.slug`,
    entityName: sql`e.name`,
  },
};

export interface RunFilters {
  status?: UnifiedRunStatus;
  source?: string;
  triggerId?: string;
  from?: Date;
  to?: Date;
  search?: string;
  entity?: string;
  id?: string;
}

/** The run table alone unless a filter needs the entity (search and entity match its name and slug): the join costs a pass over every run. */
export function kindSourceFor(kind: RunKind, filters: RunFilters): Prisma.Sql {
  const s = KIND_SOURCES[kind];
  return filters.search || filters.entity ? s.from : s.table;
}

/** The WHERE of one kind's branch: organization first, always. */
export function kindWhere(ctx: OrgContext, kind: RunKind, filters: RunFilters): Prisma.Sql {
  const s = KIND_SOURCES[kind];
  const parts: Prisma.Sql[] = [sql`${s.organizationId} = ${ctx.organizationId}`];
  if (filters.id) parts.push(sql`${s.id} = ${filters.id}`);
  // Values are validated against the enums by the query schema before they get here.
  if (filters.status) parts.push(sql`${s.statusColumn} = CAST(${filters.status} AS "RunStatus")`);
  if (filters.source) parts.push(sql`${s.sourceColumn} = CAST(${filters.source} AS "RunSource")`);
  if (filters.triggerId) parts.push(sql`${s.triggerId} = ${filters.triggerId}`);
  if (filters.from) parts.push(sql`${s.startedAt} >= CAST(${toDbTimestamp(filters.from)} AS timestamp(3))`);
  if (filters.to) parts.push(sql`${s.startedAt} <= CAST(${toDbTimestamp(filters.to)} AS timestamp(3))`);
  if (filters.entity) parts.push(sql`${s.entitySlug} = ${filters.entity}`);
  if (filters.search) {
    const pattern = `%${filters.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(${s.name} ILIKE ${pattern} OR ${s.entitySlug} ILIKE ${pattern} OR ${s.entityName} ILIKE ${pattern} OR ${s.id} = ${filters.search})`);
  }
  return Prisma.join(parts, " AND ");
}

/** Stored timestamps are UTC without zone; compare as such, independent of the server's TimeZone. */
export function toDbTimestamp(at: Date): string {
  return at.toISOString().replace("Z", "");
}
