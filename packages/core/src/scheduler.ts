import type { AgentSchedule, EntityType, PrismaClient } from "@switchyard/database";
import { computeNextRunAt } from "./cron.ts";
import { dispatchFire } from "./dispatch.ts";
import { entityColumn } from "./entities.ts";
import { runCampaignScheduleTick } from "./campaigns/automations.ts";
import type { ExecutionEngine } from "./execution/events.ts";
import { runPulseTick } from "./pulses/tick.ts";

export interface FiredSchedule {
  scheduleId: string;
  organizationId: string;
  entityType: EntityType;
  entityId: string;
  /** The slot that fired (the schedule's nextRunAt when it was claimed). */
  scheduledFor: Date;
  dedupeKey: string;
}

/** Bounds one tick's work; anything left over is still due on the next tick. */
const MAX_DUE_PER_TICK = 500;

/**
 * One pass of the scheduler across every organization: fires each due schedule once. A schedule is
 * claimed by a compare-and-set on the nextRunAt it was read with, so overlapping ticks (two
 * processes, a slow tick and the next one) cannot fire the same slot twice.
 */
export async function runSchedulerTick(db: PrismaClient, engine: ExecutionEngine, now: Date = new Date()): Promise<FiredSchedule[]> {
  await initializeNextRunAt(db, now);

  const due = await db.agentSchedule.findMany({
    where: { isActive: true, isArchived: false, nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
    take: MAX_DUE_PER_TICK,
  });
  const fired: FiredSchedule[] = [];
  for (const schedule of due) {
    try {
      const result = await fireSchedule(db, engine, schedule, now);
      if (result) fired.push(result);
    } catch (error) {
      console.error(`[scheduler] schedule ${schedule.id} was not fired: ${(error as Error).message}`);
    }
  }
  return fired;
}

/** New (or re-activated) schedules get their first slot strictly after now. */
async function initializeNextRunAt(db: PrismaClient, now: Date): Promise<void> {
  const fresh = await db.agentSchedule.findMany({
    where: { isActive: true, isArchived: false, nextRunAt: null },
    select: { id: true, cronExpr: true, timezone: true },
  });
  for (const schedule of fresh) {
    try {
      const nextRunAt = computeNextRunAt(schedule.cronExpr, schedule.timezone, now);
      await db.agentSchedule.updateMany({ where: { id: schedule.id, nextRunAt: null }, data: { nextRunAt } });
    } catch (error) {
      console.error(`[scheduler] schedule ${schedule.id} has no next run: ${(error as Error).message}`);
    }
  }
}

async function fireSchedule(db: PrismaClient, engine: ExecutionEngine, schedule: AgentSchedule, now: Date): Promise<FiredSchedule | null> {
  const scheduledFor = schedule.nextRunAt!;
  const entityId = schedule[entityColumn(schedule.entityType)];
  if (!entityId) throw new Error(`no ${schedule.entityType} to fire`);

  // A missed slot (the app was down) fires once, and the schedule resumes from now.
  const nextRunAt = computeNextRunAt(schedule.cronExpr, schedule.timezone, now);
  const { count } = await db.agentSchedule.updateMany({
    where: { id: schedule.id, nextRunAt: scheduledFor },
    data: { nextRunAt, lastRunAt: now, runCount: { increment: 1 } },
  });
  if (count !== 1) return null;

  const dedupeKey = `schedule:${schedule.id}:${scheduledFor.toISOString()}`;
  try {
    await dispatchFire(engine, schedule.entityType, {
      organizationId: schedule.organizationId,
      entityId,
      source: "schedule",
      triggerId: schedule.id,
      input: schedule.input ?? {},
      dedupeKey,
    });
  } catch (error) {
    // Give the slot back so the next tick retries it; the dedupe key keeps a retry from running twice.
    await db.agentSchedule.updateMany({
      where: { id: schedule.id, nextRunAt },
      data: { nextRunAt: scheduledFor, lastRunAt: schedule.lastRunAt, runCount: { decrement: 1 } },
    });
    throw error;
  }
  return { scheduleId: schedule.id, organizationId: schedule.organizationId, entityType: schedule.entityType, entityId, scheduledFor, dedupeKey };
}

/**
 * One scheduler tick over every kind of schedule: agent/workflow/network schedules, campaign
 * schedules and pulse evaluation cycles. Each part fires its due slots exactly once.
 */
export async function tickAllSchedules(db: PrismaClient, engine: ExecutionEngine, now: Date = new Date()) {
  const schedules = await runSchedulerTick(db, engine, now);
  const campaignSchedules = await runCampaignScheduleTick(db, engine, now);
  const pulses = await runPulseTick(db, engine, now);
  return { schedules, campaignSchedules, pulses, fired: schedules.length + campaignSchedules.length + pulses.length };
}
