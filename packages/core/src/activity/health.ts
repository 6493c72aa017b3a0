import { Prisma } from "@switchyard/database";
import { getSuccessRate } from "@switchyard/ui/severity";
import type { OrgContext } from "../context.ts";
import { z } from "zod";

export const HEALTH_WINDOW_HOURS = 24;
const HOUR_MS = 3_600_000;

/** The run tables the health figure counts: every kind of execution that finishes with a status. */
const RUN_TABLES = ["AgentRun", "WorkflowRun", "NetworkRun", "Campaign"] as const;

export interface HealthHour {
  /** Start of the hour (UTC). */
  at: Date;
  succeeded: number;
  failed: number;
}

export interface SystemHealth {
  from: Date;
  to: Date;
  succeeded: number;
  failed: number;
  /** `getSuccessRate` of the window: 0 to 100 with one decimal; null when nothing finished in it. */
  successRate: number | null;
  /** One entry per clock hour the window touches, oldest first (the first and last are partial); they add up to the totals. */
  hours: HealthHour[];
}

/**
 * Runs of the organization that finished in the last 24 hours, COMPLETED against FAILED, in total and
 * per hour: exact counts in one aggregate query over agent runs, workflow runs, network runs and
 * campaigns (their `completedAt`). Cancelled runs are neither a success nor a failure.
 */
export async function getSystemHealth(ctx: OrgContext, now: Date = new Date()): Promise<SystemHealth> {
  const from = new Date(now.getTime() - HEALTH_WINDOW_HOURS * HOUR_MS);
  const firstHour = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  const hourCount = Math.floor(now.getTime() / HOUR_MS) - firstHour / HOUR_MS + 1;
  const at = (date: Date) => Prisma.sql`CAST(${date.toISOString()} AS timestamp(3))`;
  const branches = RUN_TABLES.map(
    (table) => Prisma.sql`SELECT status::text AS status, "completedAt" FROM ${Prisma.raw(`"${table}"`)}
      WHERE "organizationId" = ${ctx.organizationId} AND status IN ('COMPLETED', 'FAILED') AND "completedAt" > ${at(from)} AND "completedAt" <= ${at(now)}`,
  );
  const rows = await ctx.db.$queryRaw<{ hour: Date; succeeded: number; failed: number }[]>(Prisma.sql`
    SELECT date_trunc('hour', "completedAt") AS hour,
      count(*) FILTER (WHERE status = 'COMPLETED')::int AS succeeded,
      count(*) FILTER (WHERE status = 'FAILED')::int AS failed
    FROM (${Prisma.join(branches, " UNION ALL ")}) finished
    GROUP BY 1
  `);
  const byHour = new Map(rows.map((row) => [new Date(row.hour).getTime(), row]));
  const hours = Array.from({ length: hourCount }, (_, index) => {
    const hourAt = new Date(firstHour + index * HOUR_MS);
    const row = byHour.get(hourAt.getTime());
    return { at: hourAt, succeeded: row?.succeeded ?? 0, failed: row?.failed ?? 0 };
  });
  const succeeded = hours.reduce((sum, hour) => sum + hour.succeeded, 0);
  const failed = hours.reduce((sum, hour) => sum + hour.failed, 0);
  return { from, to: now, succeeded, failed, successRate: getSuccessRate(succeeded, failed), hours };
}

/** `SystemHealth` as a schema, for the API's declared response. */
export const SystemHealthSchema = z.object({
  from: z.date(),
  to: z.date(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  successRate: z.number().nullable(),
  hours: z.array(z.object({ at: z.date(), succeeded: z.number().int(), failed: z.number().int() })),
});
