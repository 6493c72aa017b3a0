import { Prisma, type AgentRun } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import { finishOnce } from "../runs/lifecycle.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import type { ClaimedRun } from "./schemas.ts";

type Db = OrgContext["db"];

/** A run whose lease lapsed this many times is not offered again: it fails (or ends cancelled) with the reason. */
export const MAX_LEASE_LAPSES = 3;

export interface ClaimOptions {
  /** Agent slugs the runner serves; any external agent of the organization when absent. */
  agents?: string[];
  leaseSeconds: number;
  runnerId: string;
  /** Defaults to now; tests move it past a lease. */
  at?: Date;
}

/** A timestamp parameter for the `timestamp(3)` columns (UTC, as Prisma stores them), the same on PGlite and PostgreSQL. */
const timestamp = (date: Date) => Prisma.sql`CAST(${date.toISOString()} AS timestamp(3))`;

/**
 * Claims ONE run of an external agent of the organization for `runnerId`, oldest first: a queued run,
 * or a running one whose lease lapsed (its runner stopped heartbeating), which starts its next
 * attempt. One conditional UPDATE over a `FOR UPDATE SKIP LOCKED` pick, so two runners never get the
 * same run, and a lapsed lease can be taken by exactly one of them. Runs whose lease lapsed too
 * often are settled first (failed, or cancelled when that was asked), never offered again.
 * Returns null when nothing is waiting.
 */
export async function claimRunnerRun(db: Db, organizationId: string, options: ClaimOptions): Promise<ClaimedRun | null> {
  const at = options.at ?? new Date();
  await settleLapsedLeases(db, { organizationId }, at);
  const leaseExpiresAt = new Date(at.getTime() + options.leaseSeconds * 1000);
  const agentFilter = options.agents?.length ? Prisma.sql`AND a.slug IN (${Prisma.join(options.agents)})` : Prisma.empty;
  // Only the run row is locked (OF r): locking the agent row too would make a second runner skip every run of that agent.
  const picked = await db.$queryRaw<{ id: string; attempt: number; previousStatus: string; previousRunner: string | null }[]>(Prisma.sql`
    WITH pick AS (
      SELECT r.id, r.status::text AS "previousStatus", r."claimedBy" AS "previousRunner"
      FROM "AgentRun" AS r
      JOIN "Agent" AS a ON a.id = r."agentId"
      WHERE r."organizationId" = ${organizationId}
        AND a."organizationId" = ${organizationId}
        AND a.runtime = 'external'
        ${agentFilter}
        AND r."cancelRequestedAt" IS NULL
        AND (r.status = 'QUEUED' OR (r.status = 'RUNNING' AND r."leaseExpiresAt" < ${timestamp(at)} AND r."leaseLapses" < ${MAX_LEASE_LAPSES - 1}))
      ORDER BY r."createdAt", r.id
      LIMIT 1
      FOR UPDATE OF r SKIP LOCKED
    )
    UPDATE "AgentRun" AS r
    SET status = 'RUNNING',
        attempt = CASE WHEN pick."previousStatus" = 'RUNNING' THEN r.attempt + 1 ELSE r.attempt END,
        "leaseLapses" = CASE WHEN pick."previousStatus" = 'RUNNING' THEN r."leaseLapses" + 1 ELSE r."leaseLapses" END,
        "startedAt" = CASE WHEN pick."previousStatus" = 'QUEUED' THEN ${timestamp(at)} ELSE r."startedAt" END,
        "claimedAt" = ${timestamp(at)},
        "claimedBy" = ${options.runnerId},
        "heartbeatAt" = ${timestamp(at)},
        "leaseExpiresAt" = ${timestamp(leaseExpiresAt)},
        "modelProvider" = 'external',
        "agentVersion" = a.version
    FROM pick, "Agent" AS a
    WHERE r.id = pick.id AND a.id = r."agentId"
    RETURNING r.id, r.attempt, pick."previousStatus", pick."previousRunner"`);
  const row = picked[0];
  if (!row) return null;

  const run = await db.agentRun.findFirstOrThrow({ where: { id: row.id, organizationId }, include: { agent: true } });
  const lapsed = row.previousStatus === "RUNNING";
  recordRuntimeEvent(db, {
    layer: "execution",
    operation: lapsed ? "RETRY" : "TASK",
    reasonCode: lapsed ? REASON_CODES.RUNNER_LEASE_LAPSED : REASON_CODES.RUNNER_CLAIMED,
    entityId: run.id,
    organizationId,
    workerId: options.runnerId,
    metadata: { agentSlug: run.agent.slug, attempt: run.attempt, leaseSeconds: options.leaseSeconds, previousRunner: lapsed ? row.previousRunner : undefined },
    occurredAt: at,
  });
  const { agent } = run;
  return {
    id: run.id,
    attempt: run.attempt,
    leaseExpiresAt: run.leaseExpiresAt ?? leaseExpiresAt,
    source: run.source,
    input: run.input,
    workflowRunId: run.workflowRunId,
    networkRunId: run.networkRunId,
    agent: {
      id: agent.id,
      slug: agent.slug,
      name: agent.name,
      version: agent.version,
      instructions: agent.instructions,
      modelName: agent.modelName,
      tools: agent.tools,
      inputSchema: agent.inputSchema,
      outputSchema: agent.outputSchema,
      timeoutSeconds: agent.timeoutSeconds,
    },
  };
}

type LapsedRun = Pick<AgentRun, "id" | "organizationId" | "attempt" | "leaseLapses" | "claimedBy" | "heartbeatAt" | "cancelRequestedAt">;

/**
 * Settles runner-held runs that cannot be offered again: a lapsed lease on a run whose cancel was
 * requested ends it CANCELLED (nobody is left to stop), and the last allowed lapse fails it with the
 * reason. Each is a compare-and-set on the heartbeat it was read with, so a runner that heartbeats at
 * the last moment keeps its run. Claims settle their organization's; the scheduler tick settles every
 * organization's (no `organizationId`), so such a run ends even when no runner asks for work again.
 */
export async function settleLapsedLeases(db: Db, where: { organizationId?: string; id?: string }, at: Date = new Date()): Promise<number> {
  const lapsed = await db.agentRun.findMany({
    where: {
      ...where,
      status: "RUNNING",
      leaseExpiresAt: { lt: at },
      OR: [{ leaseLapses: { gte: MAX_LEASE_LAPSES - 1 } }, { cancelRequestedAt: { not: null } }],
    },
    select: { id: true, organizationId: true, attempt: true, leaseLapses: true, claimedBy: true, heartbeatAt: true, cancelRequestedAt: true },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  let settled = 0;
  for (const run of lapsed) if (await settleLapsedRun(db, run, at)) settled++;
  return settled;
}

async function settleLapsedRun(db: Db, run: LapsedRun, at: Date): Promise<boolean> {
  const lapses = run.leaseLapses + 1;
  const who = run.claimedBy ? `runner ${run.claimedBy}` : "its runner";
  const end = run.cancelRequestedAt
    ? { status: "CANCELLED" as const, error: `Cancelled on request; ${who} stopped heartbeating before it stopped the run (attempt ${run.attempt})` }
    : {
        status: "FAILED" as const,
        error: `Runner lease lapsed ${lapses} times (last: ${who}, attempt ${run.attempt}); not offered again after ${MAX_LEASE_LAPSES} lapses`,
      };
  const { finished } = await finishOnce(db, "agent", run, { ...end, data: { leaseLapses: lapses } }, { from: ["RUNNING"], heartbeatAt: run.heartbeatAt, at });
  if (finished) {
    recordRuntimeEvent(db, {
      layer: "execution",
      operation: "TASK",
      reasonCode: REASON_CODES.RUNNER_LEASE_EXHAUSTED,
      entityId: run.id,
      organizationId: run.organizationId,
      workerId: run.claimedBy,
      metadata: { status: end.status, reason: end.error, attempt: run.attempt, leaseLapses: lapses },
      occurredAt: at,
    });
  }
  return finished;
}
