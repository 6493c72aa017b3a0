import type { CircuitBreaker, PrismaClient } from "@switchyard/database";
import { recordRuntimeEvent } from "./events.ts";
import { REASON_CODES, type ReasonCode } from "./reason-codes.ts";
import { syncWorkerCircuitState } from "./worker-status.ts";

export type BreakerState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (default 5). */
  failureThreshold?: number;
  /** How long an open breaker fails calls fast before letting one trial call through (default 60 s). */
  coolDownMs?: number;
  clock?: () => Date;
  /** Recorded on the BREAKER events. */
  workerId?: string | null;
}

export type BreakerGate = { allowed: true; isTrial: boolean } | { allowed: false; reason: string };

const DEFAULT_FAILURE_THRESHOLD = 5;
const DEFAULT_COOL_DOWN_MS = 60_000;

/*
 * One persisted breaker per model provider (CircuitBreaker.name), shared by every worker.
 * closed --N consecutive failures--> open --cool-down--> half_open --success--> closed
 *                                      ^-------------- failure ------------------'
 * `openedAt` is when the breaker opened, or when the current trial call began while half-open, so
 * a trial whose worker died is replaced by another after one more cool-down.
 * The breaker guards availability, not correctness: if its own table cannot be read, calls go through.
 */

/** Asks whether a call to `name` may go out now. While half-open exactly one caller gets the trial. */
export async function enterCircuit(db: PrismaClient, name: string, options: CircuitBreakerOptions = {}): Promise<BreakerGate> {
  try {
    const breaker = await db.circuitBreaker.findUnique({ where: { name } });
    if (!breaker || breaker.state === "closed") return { allowed: true, isTrial: false };

    const now = clockOf(options)();
    const coolDownEndsAt = new Date((breaker.openedAt ?? now).getTime() + (options.coolDownMs ?? DEFAULT_COOL_DOWN_MS));
    if (now < coolDownEndsAt) {
      const why = breaker.state === "half_open" ? "a trial call is in progress" : `${breaker.consecutiveFailures} consecutive failures`;
      return { allowed: false, reason: `${why}; calls resume after ${coolDownEndsAt.toISOString()}` };
    }
    const { count } = await db.circuitBreaker.updateMany({
      where: { name, state: breaker.state, openedAt: breaker.openedAt },
      data: { state: "half_open", openedAt: now },
    });
    if (count !== 1) return { allowed: false, reason: "another caller is making the trial call" };
    if (breaker.state === "open") await announceTransition(db, breaker, "half_open", REASON_CODES.BREAKER_HALF_OPEN, options, now);
    return { allowed: true, isTrial: true };
  } catch (error) {
    console.warn(`[breaker] ${name} state unavailable, letting the call through: ${(error as Error).message}`);
    return { allowed: true, isTrial: false };
  }
}

/** A call succeeded: a half-open (or open) breaker closes and the failure count resets. */
export async function recordCircuitSuccess(db: PrismaClient, name: string, options: CircuitBreakerOptions = {}): Promise<void> {
  try {
    const breaker = await db.circuitBreaker.findUnique({ where: { name } });
    if (!breaker || (breaker.state === "closed" && breaker.consecutiveFailures === 0)) return;
    const { count } = await db.circuitBreaker.updateMany({
      where: { name, state: breaker.state },
      data: { state: "closed", consecutiveFailures: 0, openedAt: null },
    });
    if (count === 1 && breaker.state !== "closed") await announceTransition(db, breaker, "closed", REASON_CODES.BREAKER_CLOSED, options);
  } catch (error) {
    console.warn(`[breaker] ${name} success not recorded: ${(error as Error).message}`);
  }
}

/** A call failed: counts it, opens the breaker at the threshold, and re-opens it after a failed trial. */
export async function recordCircuitFailure(db: PrismaClient, name: string, reason: string, options: CircuitBreakerOptions = {}): Promise<void> {
  try {
    const now = clockOf(options)();
    const lastReason = reason.slice(0, 500);
    const breaker = await db.circuitBreaker.upsert({
      where: { name },
      create: { name, consecutiveFailures: 1, lastFailureAt: now, lastReason },
      update: { consecutiveFailures: { increment: 1 }, lastFailureAt: now, lastReason },
    });
    const threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    const shouldOpen = breaker.state === "half_open" || (breaker.state === "closed" && breaker.consecutiveFailures >= threshold);
    if (!shouldOpen) return;
    const { count } = await db.circuitBreaker.updateMany({ where: { name, state: breaker.state }, data: { state: "open", openedAt: now } });
    if (count !== 1) return;
    const code = breaker.state === "half_open" ? REASON_CODES.BREAKER_REOPENED : REASON_CODES.BREAKER_OPENED;
    await announceTransition(db, breaker, "open", code, options, now);
  } catch (error) {
    console.warn(`[breaker] ${name} failure not recorded: ${(error as Error).message}`);
  }
}

/** Every transition is a BREAKER runtime event and shows on the workers' status rows. */
async function announceTransition(
  db: PrismaClient,
  before: CircuitBreaker,
  to: BreakerState,
  reasonCode: ReasonCode,
  options: CircuitBreakerOptions,
  at?: Date,
) {
  recordRuntimeEvent(db, {
    layer: "provider_runtime",
    operation: "BREAKER",
    reasonCode,
    entityId: before.name,
    workerId: options.workerId,
    metadata: { from: before.state, to, consecutiveFailures: before.consecutiveFailures, lastReason: before.lastReason },
    occurredAt: at ?? clockOf(options)(),
  });
  await syncWorkerCircuitState(db);
}

function clockOf(options: CircuitBreakerOptions): () => Date {
  return options.clock ?? (() => new Date());
}
