import type { PrismaClient, Pulse } from "@switchyard/database";
import { computeNextRunAt } from "../cron.ts";
import { EVENT_NAMES, type ExecutionEngine, type PulseEvaluatePayload } from "../execution/events.ts";

export interface FiredPulse {
  pulseId: string;
  organizationId: string;
  /** The slot that fired (the pulse's nextEvalAt when it was claimed). */
  scheduledFor: Date;
  dedupeKey: string;
}

const MAX_DUE_PER_TICK = 200;

/**
 * Fires each due evaluation cycle of every ACTIVE pulse once, on `evalCronExpr` in `evalTimezone`.
 * Like the schedule tick, a slot is claimed by a compare-and-set on the nextEvalAt it was read with,
 * so overlapping ticks cannot dispatch it twice; the dedupe key makes a re-sent event harmless too.
 */
export async function runPulseTick(db: PrismaClient, engine: ExecutionEngine, now: Date = new Date()): Promise<FiredPulse[]> {
  await initializeNextEvalAt(db, now);
  const due = await db.pulse.findMany({
    where: { status: "ACTIVE", isArchived: false, nextEvalAt: { lte: now } },
    orderBy: { nextEvalAt: "asc" },
    take: MAX_DUE_PER_TICK,
  });
  const fired: FiredPulse[] = [];
  for (const pulse of due) {
    try {
      const result = await firePulse(db, engine, pulse, now);
      if (result) fired.push(result);
    } catch (error) {
      console.error(`[scheduler] pulse ${pulse.id} was not evaluated: ${(error as Error).message}`);
    }
  }
  return fired;
}

/** New (or re-activated) pulses get their first slot strictly after now. */
async function initializeNextEvalAt(db: PrismaClient, now: Date): Promise<void> {
  const fresh = await db.pulse.findMany({
    where: { status: "ACTIVE", isArchived: false, nextEvalAt: null },
    select: { id: true, evalCronExpr: true, evalTimezone: true },
  });
  for (const pulse of fresh) {
    try {
      const nextEvalAt = computeNextRunAt(pulse.evalCronExpr, pulse.evalTimezone, now);
      await db.pulse.updateMany({ where: { id: pulse.id, nextEvalAt: null }, data: { nextEvalAt } });
    } catch (error) {
      console.error(`[scheduler] pulse ${pulse.id} has no next evaluation: ${(error as Error).message}`);
    }
  }
}

async function firePulse(db: PrismaClient, engine: ExecutionEngine, pulse: Pulse, now: Date): Promise<FiredPulse | null> {
  const scheduledFor = pulse.nextEvalAt!;
  // A missed slot (the app was down) fires once, and the cycle resumes from now.
  const nextEvalAt = computeNextRunAt(pulse.evalCronExpr, pulse.evalTimezone, now);
  const { count } = await db.pulse.updateMany({ where: { id: pulse.id, nextEvalAt: scheduledFor }, data: { nextEvalAt } });
  if (count !== 1) return null;

  const dedupeKey = `pulse:${pulse.id}:${scheduledFor.toISOString()}`;
  const data: PulseEvaluatePayload = { organizationId: pulse.organizationId, pulseId: pulse.id, source: "schedule", dedupeKey, at: scheduledFor.toISOString() };
  try {
    await engine.send({ id: dedupeKey, name: EVENT_NAMES.pulseEvaluate, data });
  } catch (error) {
    // Give the slot back so the next tick retries it.
    await db.pulse.updateMany({ where: { id: pulse.id, nextEvalAt }, data: { nextEvalAt: scheduledFor } });
    throw error;
  }
  return { pulseId: pulse.id, organizationId: pulse.organizationId, scheduledFor, dedupeKey };
}
