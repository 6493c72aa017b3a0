import { ActivityEventType, Prisma, type ActivityEvent } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { summarizeGroup, type ActivityGroupType } from "./group-stats.ts";

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

export const ListActivityQuery = z.object({
  /** One type or a comma-separated list. */
  type: z
    .string()
    .max(1000)
    .transform((value) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ActivityEventType)).max(30))
    .optional(),
  /** An entity's id (run, workflow run, network run, campaign, mission, pulse, trigger, agent) or an agent slug. */
  entity: z.string().min(1).max(120).optional(),
  status: z.string().min(1).max(40).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  search: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  grouped: booleanFlag.default(false),
});
export type ListActivityQuery = z.infer<typeof ListActivityQuery>;

/** Children returned per group; the group's status and stats always read every event in it. */
export const MAX_GROUP_CHILDREN = 200;

function activityWhere(ctx: OrgContext, query: ListActivityQuery): Prisma.ActivityEventWhereInput {
  const and: Prisma.ActivityEventWhereInput[] = [{ organizationId: ctx.organizationId }];
  if (query.type?.length) and.push({ type: { in: query.type } });
  if (query.entity) {
    const e = query.entity;
    and.push({
      OR: [
        { agentSlug: e },
        { agentId: e },
        { runId: e },
        { workflowRunId: e },
        { networkRunId: e },
        { campaignId: e },
        { missionId: e },
        { pulseId: e },
        { triggerId: e },
        { approvalId: e },
      ],
    });
  }
  if (query.status) and.push({ status: { equals: query.status, mode: "insensitive" } });
  if (query.from || query.to) and.push({ createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } });
  if (query.search) {
    and.push({ OR: [{ title: { contains: query.search, mode: "insensitive" } }, { description: { contains: query.search, mode: "insensitive" } }] });
  }
  return { AND: and };
}

/** The activity feed, newest first, keyset-paginated on (createdAt, id); or grouped into execution trees. */
export async function listActivity(ctx: OrgContext, query: ListActivityQuery) {
  if (query.grouped) return listGroupedActivity(ctx, query);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const where = activityWhere(ctx, query);
  const rows = await ctx.db.activityEvent.findMany({
    where: cursor ? { AND: [where, { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] }] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const events = rows.slice(0, query.limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

export { classifyActivityStatus, type ActivityGroupType } from "./group-stats.ts";

/** The group an event belongs to: its campaign first, then its network run, then its workflow run. */
export function groupKeyOf(event: Pick<ActivityEvent, "campaignId" | "networkRunId" | "workflowRunId">): { type: ActivityGroupType; key: string } | null {
  if (event.campaignId) return { type: "campaign", key: event.campaignId };
  if (event.networkRunId) return { type: "network", key: event.networkRunId };
  if (event.workflowRunId) return { type: "workflow", key: event.workflowRunId };
  return null;
}

interface UnitRow {
  type: ActivityGroupType | "event";
  key: string;
  latestAt: Date;
}

/**
 * Grouping happens in SQL: every event belongs to one unit (its campaign, network run or workflow
 * run, or itself when it has none), units are ordered by their latest event and paginated on
 * (latest, key). Then the page's events that match the filters are loaded; each group's status and
 * run stats are read from all of them (`summarizeGroup`), and at most MAX_GROUP_CHILDREN children are sent.
 */
async function listGroupedActivity(ctx: OrgContext, query: ListActivityQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const filter = sqlFilter(ctx, query);
  const unitType = Prisma.sql`CASE WHEN "campaignId" IS NOT NULL THEN 'campaign' WHEN "networkRunId" IS NOT NULL THEN 'network' WHEN "workflowRunId" IS NOT NULL THEN 'workflow' ELSE 'event' END`;
  const unitKey = Prisma.sql`COALESCE("campaignId", "networkRunId", "workflowRunId", id)`;
  const page = cursor ? Prisma.sql`WHERE ("latestAt", key) < (CAST(${cursor.at.toISOString()} AS timestamp(3)), ${cursor.id})` : Prisma.empty;
  const units = await ctx.db.$queryRaw<UnitRow[]>(Prisma.sql`
    SELECT * FROM (
      SELECT ${unitType} AS type, ${unitKey} AS key, max("createdAt") AS "latestAt"
      FROM "ActivityEvent"
      WHERE ${filter}
      GROUP BY 1, 2
    ) units
    ${page}
    ORDER BY "latestAt" DESC, key DESC
    LIMIT ${query.limit + 1}
  `);
  const pageUnits = units.slice(0, query.limit);
  const groupUnits = pageUnits.filter((unit) => unit.type !== "event");
  const keysOf = (type: ActivityGroupType) => groupUnits.filter((unit) => unit.type === type).map((unit) => unit.key);
  const singleIds = pageUnits.filter((unit) => unit.type === "event").map((unit) => unit.key);
  const or: Prisma.ActivityEventWhereInput[] = [];
  if (keysOf("campaign").length) or.push({ campaignId: { in: keysOf("campaign") } });
  if (keysOf("network").length) or.push({ campaignId: null, networkRunId: { in: keysOf("network") } });
  if (keysOf("workflow").length) or.push({ campaignId: null, networkRunId: null, workflowRunId: { in: keysOf("workflow") } });
  if (singleIds.length) or.push({ id: { in: singleIds } });
  const events = or.length
    ? await ctx.db.activityEvent.findMany({ where: { AND: [activityWhere(ctx, query), { OR: or }] }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })
    : [];

  const byUnit = new Map<string, ActivityEvent[]>();
  for (const event of events) {
    const group = groupKeyOf(event);
    const unitId = group ? `${group.type}:${group.key}` : `event:${event.id}`;
    byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), event]);
  }
  const groups = groupUnits.map((unit) => {
    const type = unit.type as ActivityGroupType;
    const all = byUnit.get(`${type}:${unit.key}`) ?? [];
    const [rootEvent = null, ...rest] = all;
    // The newest children when a group is larger than the cap; the root is always its first event.
    const children = rest.slice(-MAX_GROUP_CHILDREN);
    const oldestShown = children[0];
    return {
      key: unit.key,
      type,
      latestAt: unit.latestAt,
      rootEvent,
      children,
      childrenTruncated: rest.length > children.length,
      // Where `?entity=<key>` paging continues with the events older than the children sent.
      olderCursor: rest.length > children.length && oldestShown ? encodeCursor(oldestShown.createdAt, oldestShown.id) : null,
      ...summarizeGroup(type, unit.key, all),
    };
  });
  const ungrouped = pageUnits
    .filter((unit) => unit.type === "event")
    .map((unit) => byUnit.get(`event:${unit.key}`)?.[0])
    .filter((event): event is ActivityEvent => Boolean(event));
  const last = pageUnits.at(-1);
  return { groups, ungrouped, nextCursor: units.length > query.limit && last ? encodeCursor(new Date(last.latestAt), last.key) : null };
}

/** The same filters as `activityWhere`, as SQL for the grouping query. */
function sqlFilter(ctx: OrgContext, query: ListActivityQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`"organizationId" = ${ctx.organizationId}`];
  if (query.type?.length) parts.push(Prisma.sql`type::text IN (${Prisma.join(query.type)})`);
  if (query.entity) {
    const e = query.entity;
    parts.push(
      Prisma.sql`(${e} IN ("agentSlug", "agentId", "runId", "workflowRunId", "networkRunId", "campaignId", "missionId", "pulseId", "triggerId", "approvalId"))`,
    );
  }
  if (query.status) parts.push(Prisma.sql`lower(status) = lower(${query.status})`);
  if (query.from) parts.push(Prisma.sql`"createdAt" >= CAST(${query.from.toISOString()} AS timestamp(3))`);
  if (query.to) parts.push(Prisma.sql`"createdAt" <= CAST(${query.to.toISOString()} AS timestamp(3))`);
  if (query.search) {
    const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(Prisma.sql`(title ILIKE ${pattern} OR description ILIKE ${pattern})`);
  }
  return Prisma.join(parts, " AND ");
}

/** Events after (createdAt, id), oldest first: what a live stream sends next. */
export async function listActivitySince(ctx: OrgContext, after: { at: Date; id: string } | null, limit = 100) {
  return ctx.db.activityEvent.findMany({
    where: {
      organizationId: ctx.organizationId,
      ...(after ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

/** Where a new stream starts: after the organization's newest event, so only new events are sent. */
export async function latestActivityPosition(ctx: OrgContext): Promise<{ at: Date; id: string } | null> {
  const latest = await ctx.db.activityEvent.findFirst({
    where: { organizationId: ctx.organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true, id: true },
  });
  return latest ? { at: latest.createdAt, id: latest.id } : null;
}

export const ActivityStreamQuery = z.object({ after: z.string().max(200).optional() });

/** An activity event as the feed sends it. */
export const ActivityEventView = z.object({
  id: z.string(),
  type: z.enum(ActivityEventType),
  title: z.string(),
  description: z.string().nullable(),
  status: z.string().nullable(),
  agentId: z.string().nullable(),
  agentSlug: z.string().nullable(),
  runId: z.string().nullable(),
  workflowRunId: z.string().nullable(),
  networkRunId: z.string().nullable(),
  campaignId: z.string().nullable(),
  missionId: z.string().nullable(),
  pulseId: z.string().nullable(),
  triggerId: z.string().nullable(),
  approvalId: z.string().nullable(),
  parentEventId: z.string().nullable(),
  costUsd: z.number().nullable(),
  durationMs: z.number().nullable(),
  totalTokens: z.number().nullable(),
  metadata: z.unknown(),
  createdAt: z.date(),
});
/** An execution group of the grouped feed. */
export const ActivityGroupView = z.object({
  key: z.string(),
  type: z.enum(["campaign", "network", "workflow"]),
  latestAt: z.date(),
  rootEvent: ActivityEventView.nullable(),
  children: z.array(ActivityEventView),
  childrenTruncated: z.boolean(),
  olderCursor: z.string().nullable(),
  status: z.string().nullable(),
  stats: z.object({
    events: z.number().int(),
    runs: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    running: z.number().int(),
    waiting: z.number().int(),
    totalCost: z.number(),
    totalDuration: z.number(),
  }),
});
/** What `listActivity` returns: a page of events, or with `grouped` a page of groups and ungrouped events. */
export const ListActivityResponse = z.union([
  z.object({ events: z.array(ActivityEventView), nextCursor: z.string().nullable() }),
  z.object({ groups: z.array(ActivityGroupView), ungrouped: z.array(ActivityEventView), nextCursor: z.string().nullable() }),
]);
