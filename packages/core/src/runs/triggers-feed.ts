import { Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { decodeCursor, encodeCursor } from "./unified.ts";

export const TRIGGER_EVENT_STATUSES = ["RECEIVED", "DISPATCHED", "FIRED", "FILTERED", "FAILED"] as const;

export const ListTriggerEventsQuery = z.object({
  triggerId: z.string().min(1).max(64).optional(),
  status: z.enum(TRIGGER_EVENT_STATUSES).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTriggerEventsQuery = z.input<typeof ListTriggerEventsQuery>;

interface Ref {
  id: string;
  slug: string;
  name: string;
}
interface RunRef {
  id: string;
  status: string;
  durationMs: number | null;
  costUsd: number;
}

export interface TriggerEventItem {
  id: string;
  status: string;
  source: string;
  entityType: string | null;
  eventName: string | null;
  error: string | null;
  receivedAt: string;
  processedAt: string | null;
  /** `webhookPath` is where a webhook trigger listens (the signing secret, not the path, guards it). */
  trigger: { id: string; name: string; type: string; entityType: string; webhookPath: string | null } | null;
  campaignTrigger: { id: string; name: string; eventName: string } | null;
  agent: Ref | null;
  agentRun: RunRef | null;
  workflow: Ref | null;
  workflowRun: RunRef | null;
  network: Ref | null;
  networkRun: RunRef | null;
  campaign: { id: string; name: string; status: string } | null;
}

export interface TriggerEventListResponse {
  events: TriggerEventItem[];
  nextCursor: string | null;
}

type Row = Record<string, unknown> & { id: string; receivedAt: Date };

/**
 * Trigger events newest first with what they started, read with LEFT JOINs (each join also scoped to
 * the organization) so a linked workflow or network run shows its real status.
 */
export async function listTriggerEvents(ctx: OrgContext, rawQuery: ListTriggerEventsQuery): Promise<TriggerEventListResponse> {
  const query = ListTriggerEventsQuery.parse(rawQuery);
  const org = ctx.organizationId;
  const filters: Prisma.Sql[] = [Prisma.sql`te."organizationId" = ${org}`];
  if (query.triggerId) filters.push(Prisma.sql`(te."triggerId" = ${query.triggerId} OR te."campaignTriggerId" = ${query.triggerId})`);
  if (query.status) filters.push(Prisma.sql`te.status::text = ${query.status}`);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    filters.push(Prisma.sql`(te."receivedAt", te.id) < (CAST(${cursor.startedAt} AS timestamp(3)), ${cursor.id})`);
  }
  const rows = await ctx.db.$queryRaw<Row[]>`
    SELECT te.id, te.status::text AS status, te.source::text AS source, te."entityType"::text AS "entityType", te."eventName",
           te.error, te."receivedAt", te."processedAt",
           t.id AS "t_id", t.name AS "t_name", t.type::text AS "t_type", t."entityType"::text AS "t_entityType", t."webhookPath" AS "t_webhookPath",
           ct.id AS "ct_id", ct.name AS "ct_name", ct."eventName" AS "ct_eventName",
           a.id AS "a_id", a.slug AS "a_slug", a.name AS "a_name",
           ar.id AS "ar_id", ar.status::text AS "ar_status", ar."durationMs" AS "ar_durationMs", ar."costUsd" AS "ar_costUsd",
           w.id AS "w_id", w.slug AS "w_slug", w.name AS "w_name",
           wr.id AS "wr_id", wr.status::text AS "wr_status", wr."durationMs" AS "wr_durationMs", wr."costUsd" AS "wr_costUsd",
           n.id AS "n_id", n.slug AS "n_slug", n.name AS "n_name",
           nr.id AS "nr_id", nr.status::text AS "nr_status", nr."durationMs" AS "nr_durationMs", nr."costUsd" AS "nr_costUsd",
           c.id AS "c_id", c.name AS "c_name", c.status::text AS "c_status"
      FROM "TriggerEvent" te
      LEFT JOIN "AgentTrigger" t ON t.id = te."triggerId" AND t."organizationId" = ${org}
      LEFT JOIN "CampaignTrigger" ct ON ct.id = te."campaignTriggerId" AND ct."organizationId" = ${org}
      LEFT JOIN "AgentRun" ar ON ar.id = te."agentRunId" AND ar."organizationId" = ${org}
      LEFT JOIN "Agent" a ON a.id = COALESCE(te."agentId", ar."agentId") AND a."organizationId" = ${org}
      LEFT JOIN "WorkflowRun" wr ON wr.id = te."workflowRunId" AND wr."organizationId" = ${org}
      LEFT JOIN "Workflow" w ON w.id = COALESCE(te."workflowId", wr."workflowId") AND w."organizationId" = ${org}
      LEFT JOIN "NetworkRun" nr ON nr.id = te."networkRunId" AND nr."organizationId" = ${org}
      LEFT JOIN "Network" n ON n.id = COALESCE(te."networkId", nr."networkId") AND n."organizationId" = ${org}
      LEFT JOIN "Campaign" c ON c.id = te."campaignId" AND c."organizationId" = ${org}
     WHERE ${Prisma.join(filters, " AND ")}
     ORDER BY te."receivedAt" DESC, te.id DESC
     LIMIT ${query.limit + 1}`;

  const hasMore = rows.length > query.limit;
  const events = rows.slice(0, query.limit).map(toItem);
  const last = events.at(-1);
  return { events, nextCursor: hasMore && last ? encodeCursor(last.receivedAt, last.id) : null };
}

function toItem(row: Row): TriggerEventItem {
  const str = (key: string) => (row[key] as string | null) ?? null;
  const date = (key: string) => (row[key] instanceof Date ? (row[key] as Date).toISOString() : null);
  const ref = (prefix: string): Ref | null =>
    row[`${prefix}_id`] ? { id: str(`${prefix}_id`)!, slug: str(`${prefix}_slug`)!, name: str(`${prefix}_name`)! } : null;
  const run = (prefix: string): RunRef | null =>
    row[`${prefix}_id`]
      ? {
          id: str(`${prefix}_id`)!,
          status: str(`${prefix}_status`)!,
          durationMs: row[`${prefix}_durationMs`] === null ? null : Number(row[`${prefix}_durationMs`]),
          costUsd: Number(row[`${prefix}_costUsd`] ?? 0),
        }
      : null;
  return {
    id: row.id,
    status: str("status")!,
    source: str("source")!,
    entityType: str("entityType"),
    eventName: str("eventName"),
    error: str("error"),
    receivedAt: row.receivedAt.toISOString(),
    processedAt: date("processedAt"),
    trigger: row.t_id
      ? { id: str("t_id")!, name: str("t_name")!, type: str("t_type")!, entityType: str("t_entityType")!, webhookPath: str("t_webhookPath") }
      : null,
    campaignTrigger: row.ct_id ? { id: str("ct_id")!, name: str("ct_name")!, eventName: str("ct_eventName")! } : null,
    agent: ref("a"),
    agentRun: run("ar"),
    workflow: ref("w"),
    workflowRun: run("wr"),
    network: ref("n"),
    networkRun: run("nr"),
    campaign: row.c_id ? { id: str("c_id")!, name: str("c_name")!, status: str("c_status")! } : null,
  };
}

const RefSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });
const RunRefSchema = z.object({ id: z.string(), status: z.string(), durationMs: z.number().nullable(), costUsd: z.number() });
/** `TriggerEventItem` as a schema. */
export const TriggerEventItemSchema = z.object({
  id: z.string(),
  status: z.string(),
  source: z.string(),
  entityType: z.string().nullable(),
  eventName: z.string().nullable(),
  error: z.string().nullable(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
  trigger: z.object({ id: z.string(), name: z.string(), type: z.string(), entityType: z.string(), webhookPath: z.string().nullable() }).nullable(),
  campaignTrigger: z.object({ id: z.string(), name: z.string(), eventName: z.string() }).nullable(),
  agent: RefSchema.nullable(),
  agentRun: RunRefSchema.nullable(),
  workflow: RefSchema.nullable(),
  workflowRun: RunRefSchema.nullable(),
  network: RefSchema.nullable(),
  networkRun: RunRefSchema.nullable(),
  campaign: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
});
/** `TriggerEventListResponse` as a schema. */
export const TriggerEventListResponseSchema = z.object({ events: z.array(TriggerEventItemSchema), nextCursor: z.string().nullable() });
