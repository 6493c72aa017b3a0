import { type AgentSchedule, type CampaignSchedule, type EntityType, Prisma, type PrismaClient, type Pulse } from "@switchyard/database";
import { runAlertSweep } from "./alerts/sweep.ts";
import { createCampaignFromTemplate } from "./campaigns/service.ts";
import { computeNextRunAt } from "./cron.ts";
import { dispatchEvent, fireEvent } from "./dispatch.ts";
import { entityColumn } from "./entities.ts";
import { AppError } from "./errors.ts";
import type { EngineEvent, ExecutionEngine } from "./execution/events.ts";
import { settleLapsedLeases } from "./runner/claims.ts";

export interface FiredSchedule {
  scheduleId: string;
  organizationId: string;
  entityType: EntityType;
  entityId: string;
  /** The slot that fired (the schedule's nextRunAt when it was claimed). */
  scheduledFor: Date;
  dedupeKey: string;
}

export interface FiredCampaignSchedule {
  scheduleId: string;
  organizationId: string;
  templateId: string;
  campaignId: string;
  /** The slot that fired (the schedule's nextRunAt when it was claimed). */
  scheduledFor: Date;
  dedupeKey: string;
}

export interface FiredPulse {
  pulseId: string;
  organizationId: string;
  /** The slot that fired (the pulse's nextEvalAt when it was claimed). */
  scheduledFor: Date;
  dedupeKey: string;
}

/** A claimed slot: when it was due, the key its run is created once under, and the next slot after it. */
interface Slot {
  scheduledFor: Date;
  next: Date;
  dedupeKey: string;
  now: Date;
}

/**
 * A table of automations that fire on a cron. Each names the columns of its own slot (`nextRunAt`,
 * a pulse's `nextEvalAt`) and what firing a slot does; `fireDueSlots` does the rest the same way for all.
 */
interface SlotSource<Row extends { id: string; organizationId: string }, Fired> {
  /** How log lines name one row. */
  noun: string;
  /** Due rows read at a time; a tick reads again while a batch comes back full, up to MAX_BATCHES_PER_TICK. */
  maxPerTick: number;
  /** The table and its slot columns, for the set-based first slots and claims. */
  columns: SlotColumns;
  /**
   * For a source whose fire is one engine event: its due slots are claimed by one UPDATE and their
   * events go out in one send per batch, instead of a claim and a send per row (`fire` is then unused).
   */
  dispatch?(row: Row, slot: Slot): { event: EngineEvent; fired: Fired };
  /** Active rows without a next slot yet (new or re-activated). */
  findUnslotted(db: PrismaClient): Promise<{ id: string; cronExpr: string; timezone: string }[]>;
  setFirstSlot(db: PrismaClient, id: string, next: Date): Promise<void>;
  findDue(db: PrismaClient, now: Date, take: number): Promise<Row[]>;
  cronOf(row: Row): { cronExpr: string; timezone: string; nextAt: Date };
  dedupeKey(row: Row, scheduledFor: Date): string;
  /** A compare-and-set on the slot the row was read with; false when another tick claimed it. */
  claim(db: PrismaClient, row: Row, slot: Slot): Promise<boolean>;
  /** Gives a claimed slot back, so the next tick retries it. */
  release(db: PrismaClient, row: Row, slot: Slot): Promise<void>;
  fire(db: PrismaClient, engine: ExecutionEngine, row: Row, slot: Slot): Promise<Fired>;
  /** Whether a failed fire may succeed on the next tick (default: yes). */
  isRetryable?(error: unknown): boolean;
}

interface SlotColumns {
  table: string;
  slot: string;
  cron: string;
  zone: string;
  /** Whether a claim also records lastRunAt and counts the run. */
  countsRuns: boolean;
}

/** A tick reads at most this many batches of due rows per source. */
const MAX_BATCHES_PER_TICK = 10;

interface SlotKinds {
  schedules: { row: AgentSchedule; fired: FiredSchedule };
  campaignSchedules: { row: CampaignSchedule; fired: FiredCampaignSchedule };
  pulses: { row: Pulse; fired: FiredPulse };
}
export type SlotSourceName = keyof SlotKinds;

const LIVE = { isActive: true, isArchived: false } as const;

/**
 * A schedule's slot as a compare-and-set condition: the slot and the cron it was computed from. An
 * edit of the cron or time zone (automations/schedules.ts) rewrites all three in one conditional
 * UPDATE, so a tick that read the row before the edit claims nothing, even when the edit's first slot
 * happens to equal the old one.
 */
function slotOf(schedule: { cronExpr: string; timezone: string }, nextRunAt: Date) {
  return { nextRunAt, cronExpr: schedule.cronExpr, timezone: schedule.timezone };
}

/** The slot-source table: every automation that fires on a cron, one entry per table. */
const SLOT_SOURCES: { [K in SlotSourceName]: SlotSource<SlotKinds[K]["row"], SlotKinds[K]["fired"]> } = {
  // Agent, workflow and network schedules fire through the dispatch table by their entity type.
  schedules: {
    noun: "schedule",
    maxPerTick: 1000,
    columns: { table: "AgentSchedule", slot: "nextRunAt", cron: "cronExpr", zone: "timezone", countsRuns: true },
    findUnslotted: (db) => db.agentSchedule.findMany({ where: { ...LIVE, nextRunAt: null }, select: { id: true, cronExpr: true, timezone: true } }),
    setFirstSlot: async (db, id, next) => void (await db.agentSchedule.updateMany({ where: { id, nextRunAt: null }, data: { nextRunAt: next } })),
    findDue: (db, now, take) => db.agentSchedule.findMany({ where: { ...LIVE, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" }, take }),
    cronOf: (schedule) => ({ cronExpr: schedule.cronExpr, timezone: schedule.timezone, nextAt: schedule.nextRunAt! }),
    dedupeKey: (schedule, scheduledFor) => `schedule:${schedule.id}:${scheduledFor.toISOString()}`,
    claim: async (db, schedule, slot) =>
      (
        await db.agentSchedule.updateMany({
          where: { id: schedule.id, ...slotOf(schedule, slot.scheduledFor) },
          data: { nextRunAt: slot.next, lastRunAt: slot.now, runCount: { increment: 1 } },
        })
      ).count === 1,
    release: async (db, schedule, slot) =>
      void (await db.agentSchedule.updateMany({
        where: { id: schedule.id, ...slotOf(schedule, slot.next) },
        data: { nextRunAt: slot.scheduledFor, lastRunAt: schedule.lastRunAt, runCount: { decrement: 1 } },
      })),
    async fire(_db, engine, schedule, slot) {
      const { event, fired } = SLOT_SOURCES.schedules.dispatch!(schedule, slot);
      await engine.send(event);
      return fired;
    },
    dispatch(schedule, slot) {
      const entityId = schedule[entityColumn(schedule.entityType)];
      if (!entityId) throw new Error(`no ${schedule.entityType} to fire`);
      const { organizationId, entityType } = schedule;
      const event = fireEvent(entityType, {
        organizationId,
        entityId,
        source: "schedule",
        triggerId: schedule.id,
        input: schedule.input ?? {},
        dedupeKey: slot.dedupeKey,
      });
      return { event, fired: { scheduleId: schedule.id, organizationId, entityType, entityId, scheduledFor: slot.scheduledFor, dedupeKey: slot.dedupeKey } };
    },
  },

  // A campaign from the schedule's template with its parameters; creating it dispatches its plan.
  campaignSchedules: {
    noun: "campaign schedule",
    maxPerTick: 500,
    columns: { table: "CampaignSchedule", slot: "nextRunAt", cron: "cronExpr", zone: "timezone", countsRuns: true },
    findUnslotted: (db) => db.campaignSchedule.findMany({ where: { ...LIVE, nextRunAt: null }, select: { id: true, cronExpr: true, timezone: true } }),
    setFirstSlot: async (db, id, next) => void (await db.campaignSchedule.updateMany({ where: { id, nextRunAt: null }, data: { nextRunAt: next } })),
    findDue: (db, now, take) => db.campaignSchedule.findMany({ where: { ...LIVE, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" }, take }),
    cronOf: (schedule) => ({ cronExpr: schedule.cronExpr, timezone: schedule.timezone, nextAt: schedule.nextRunAt! }),
    dedupeKey: (schedule, scheduledFor) => `campaign-schedule:${schedule.id}:${scheduledFor.toISOString()}`,
    claim: async (db, schedule, slot) =>
      (
        await db.campaignSchedule.updateMany({
          where: { id: schedule.id, ...slotOf(schedule, slot.scheduledFor) },
          data: { nextRunAt: slot.next, lastRunAt: slot.now, runCount: { increment: 1 } },
        })
      ).count === 1,
    release: async (db, schedule, slot) =>
      void (await db.campaignSchedule.updateMany({
        where: { id: schedule.id, ...slotOf(schedule, slot.next) },
        data: { nextRunAt: slot.scheduledFor, lastRunAt: schedule.lastRunAt, runCount: { decrement: 1 } },
      })),
    async fire(db, engine, schedule, slot) {
      const { campaign } = await createCampaignFromTemplate(db, engine, {
        organizationId: schedule.organizationId,
        templateId: schedule.templateId,
        parameters: asObject(schedule.parameters),
        source: "schedule",
        scheduleId: schedule.id,
        dedupeKey: slot.dedupeKey,
        at: slot.now,
      });
      return {
        scheduleId: schedule.id,
        organizationId: schedule.organizationId,
        templateId: schedule.templateId,
        campaignId: campaign.id,
        scheduledFor: slot.scheduledFor,
        dedupeKey: slot.dedupeKey,
      };
    },
    // A bad template or a missing parameter would only fail again (the dedupe key keeps a retry from creating two campaigns).
    isRetryable: (error) => !(error instanceof AppError),
  },

  // Each ACTIVE pulse's evaluation cycle, on `evalCronExpr` in `evalTimezone`, evaluated as of the slot.
  pulses: {
    noun: "pulse",
    maxPerTick: 500,
    columns: { table: "Pulse", slot: "nextEvalAt", cron: "evalCronExpr", zone: "evalTimezone", countsRuns: false },
    findUnslotted: async (db) =>
      (
        await db.pulse.findMany({
          where: { status: "ACTIVE", isArchived: false, nextEvalAt: null },
          select: { id: true, evalCronExpr: true, evalTimezone: true },
        })
      ).map((pulse) => ({
        id: pulse.id,
        cronExpr: pulse.evalCronExpr,
        timezone: pulse.evalTimezone,
      })),
    setFirstSlot: async (db, id, next) => void (await db.pulse.updateMany({ where: { id, nextEvalAt: null }, data: { nextEvalAt: next } })),
    findDue: (db, now, take) =>
      db.pulse.findMany({ where: { status: "ACTIVE", isArchived: false, nextEvalAt: { lte: now } }, orderBy: { nextEvalAt: "asc" }, take }),
    cronOf: (pulse) => ({ cronExpr: pulse.evalCronExpr, timezone: pulse.evalTimezone, nextAt: pulse.nextEvalAt! }),
    dedupeKey: (pulse, scheduledFor) => `pulse:${pulse.id}:${scheduledFor.toISOString()}`,
    // The cron is part of the compare-and-set: an edit that re-armed the same slot on a new cron wins.
    claim: async (db, pulse, slot) =>
      (
        await db.pulse.updateMany({
          where: { id: pulse.id, nextEvalAt: slot.scheduledFor, evalCronExpr: pulse.evalCronExpr, evalTimezone: pulse.evalTimezone },
          data: { nextEvalAt: slot.next },
        })
      ).count === 1,
    release: async (db, pulse, slot) =>
      void (await db.pulse.updateMany({ where: { id: pulse.id, nextEvalAt: slot.next }, data: { nextEvalAt: slot.scheduledFor } })),
    async fire(_db, engine, pulse, slot) {
      const { event, fired } = SLOT_SOURCES.pulses.dispatch!(pulse, slot);
      await engine.send(event);
      return fired;
    },
    dispatch(pulse, slot) {
      const { organizationId } = pulse;
      const event = dispatchEvent("pulse", slot.dedupeKey, {
        organizationId,
        pulseId: pulse.id,
        source: "schedule",
        dedupeKey: slot.dedupeKey,
        at: slot.scheduledFor.toISOString(),
      });
      return { event, fired: { pulseId: pulse.id, organizationId, scheduledFor: slot.scheduledFor, dedupeKey: slot.dedupeKey } };
    },
  },
};

/**
 * Fires each due slot of one slot source once, across every organization. A slot is claimed by a
 * compare-and-set on the next-slot column the row was read with (and the cron it came from), so
 * overlapping ticks (two processes, a slow tick and the next one) cannot fire it twice; the dedupe key
 * makes a re-sent event harmless too. A missed slot (the app was down) fires once and the row resumes
 * from now; a fire that fails gives its slot back for the next tick, and never stops the others.
 * Sources whose fire is one event claim a batch of due rows in one UPDATE and send their events at
 * once, so a tick costs a few statements however many slots are due.
 */
export async function fireDueSlots<K extends SlotSourceName>(
  db: PrismaClient,
  engine: ExecutionEngine,
  sourceName: K,
  now: Date = new Date(),
): Promise<SlotKinds[K]["fired"][]> {
  const source: SlotSource<SlotKinds[K]["row"], SlotKinds[K]["fired"]> = SLOT_SOURCES[sourceName];
  // New (or re-activated) rows get their first slot strictly after now.
  const unslotted = await source.findUnslotted(db);
  const firstSlots: { id: string; next: Date }[] = [];
  for (const row of unslotted) {
    try {
      firstSlots.push({ id: row.id, next: computeNextRunAt(row.cronExpr, row.timezone, now) });
    } catch (error) {
      console.error(`[scheduler] ${source.noun} ${row.id} has no next slot: ${(error as Error).message}`);
    }
  }
  await setFirstSlots(db, source.columns, firstSlots, now);

  const fired: SlotKinds[K]["fired"][] = [];
  for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
    const due = await source.findDue(db, now, source.maxPerTick);
    if (source.dispatch) fired.push(...(await fireBatch(db, engine, source, due, now)));
    else for (const row of due) await fireOne(db, engine, source, row, now, fired);
    if (due.length < source.maxPerTick) break;
  }
  return fired;
}

function planSlot<Row extends { id: string; organizationId: string }, Fired>(source: SlotSource<Row, Fired>, row: Row, now: Date): Slot {
  const { cronExpr, timezone, nextAt } = source.cronOf(row);
  return { scheduledFor: nextAt, next: computeNextRunAt(cronExpr, timezone, now), dedupeKey: source.dedupeKey(row, nextAt), now };
}

async function fireOne<Row extends { id: string; organizationId: string }, Fired>(
  db: PrismaClient,
  engine: ExecutionEngine,
  source: SlotSource<Row, Fired>,
  row: Row,
  now: Date,
  fired: Fired[],
): Promise<void> {
  try {
    const slot = planSlot(source, row, now);
    if (!(await source.claim(db, row, slot))) return;
    try {
      fired.push(await source.fire(db, engine, row, slot));
    } catch (error) {
      if (source.isRetryable?.(error) ?? true) await source.release(db, row, slot);
      throw error;
    }
  } catch (error) {
    console.error(`[scheduler] ${source.noun} ${row.id} was not fired: ${(error as Error).message}`);
  }
}

async function fireBatch<Row extends { id: string; organizationId: string }, Fired>(
  db: PrismaClient,
  engine: ExecutionEngine,
  source: SlotSource<Row, Fired>,
  due: Row[],
  now: Date,
): Promise<Fired[]> {
  const planned: { row: Row; slot: Slot; cron: { cronExpr: string; timezone: string } }[] = [];
  for (const row of due) {
    try {
      planned.push({ row, slot: planSlot(source, row, now), cron: source.cronOf(row) });
    } catch (error) {
      console.error(`[scheduler] ${source.noun} ${row.id} was not fired: ${(error as Error).message}`);
    }
  }
  const claimed = await claimSlots(db, source.columns, planned, now);
  const out: { event: EngineEvent; fired: Fired; row: Row; slot: Slot }[] = [];
  for (const { row, slot } of planned) {
    if (!claimed.has(row.id)) continue;
    try {
      out.push({ ...source.dispatch!(row, slot), row, slot });
    } catch (error) {
      console.error(`[scheduler] ${source.noun} ${row.id} was not fired: ${(error as Error).message}`);
      await source.release(db, row, slot).catch(() => {});
    }
  }
  if (out.length === 0) return [];
  try {
    await engine.send(out.map((item) => item.event));
  } catch (error) {
    console.error(`[scheduler] ${out.length} ${source.noun} slots were not fired: ${(error as Error).message}`);
    for (const item of out) await source.release(db, item.row, item.slot).catch(() => {});
    return [];
  }
  return out.map((item) => item.fired);
}

const at = (date: Date) => Prisma.sql`CAST(${date.toISOString().replace("Z", "")} AS timestamp(3))`;

/** Gives rows their first slot in one UPDATE, each only while it still has none. */
async function setFirstSlots(db: PrismaClient, columns: SlotColumns, slots: { id: string; next: Date }[], now: Date): Promise<void> {
  if (slots.length === 0) return;
  const slot = Prisma.raw(`"${columns.slot}"`);
  await db.$executeRaw`
    UPDATE ${Prisma.raw(`"${columns.table}"`)} t SET ${slot} = v.next, "updatedAt" = ${at(now)}
    FROM (VALUES ${Prisma.join(slots.map((s) => Prisma.sql`(${s.id}, ${at(s.next)})`))}) AS v(id, next)
    WHERE t.id = v.id AND t.${slot} IS NULL`;
}

/**
 * Claims many slots in one UPDATE: the same compare-and-set as `claim` (the slot, the cron and the
 * zone the row was read with) row by row. Returns the ids it claimed.
 */
async function claimSlots(
  db: PrismaClient,
  columns: SlotColumns,
  planned: { row: { id: string }; slot: Slot; cron: { cronExpr: string; timezone: string } }[],
  now: Date,
): Promise<Set<string>> {
  if (planned.length === 0) return new Set();
  const col = (name: string) => Prisma.raw(`"${name}"`);
  const counts = columns.countsRuns ? Prisma.sql`, "lastRunAt" = ${at(now)}, "runCount" = t."runCount" + 1` : Prisma.empty;
  const values = planned.map((p) => Prisma.sql`(${p.row.id}, ${at(p.slot.scheduledFor)}, ${p.cron.cronExpr}, ${p.cron.timezone}, ${at(p.slot.next)})`);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE ${col(columns.table)} t SET ${col(columns.slot)} = v.next, "updatedAt" = ${at(now)}${counts}
    FROM (VALUES ${Prisma.join(values)}) AS v(id, slot, cron, zone, next)
    WHERE t.id = v.id AND t.${col(columns.slot)} = v.slot AND t.${col(columns.cron)} = v.cron AND t.${col(columns.zone)} = v.zone
    RETURNING t.id`;
  return new Set(rows.map((row) => row.id));
}

/**
 * One scheduler tick over every slot source: agent/workflow/network schedules, campaign schedules and
 * pulse evaluation cycles. Each fires its due slots exactly once. Then the alert sweep looks at the
 * conditions no event reports (approvals waiting, queue age, breakers) and retries due deliveries.
 */
export async function tickAllSchedules(db: PrismaClient, engine: ExecutionEngine, now: Date = new Date()) {
  const schedules = await fireDueSlots(db, engine, "schedules", now);
  const campaignSchedules = await fireDueSlots(db, engine, "campaignSchedules", now);
  const pulses = await fireDueSlots(db, engine, "pulses", now);
  // Runs whose external runner let the lease lapse for the last time end here even if no runner claims again.
  const settledRunnerLeases = await settleLapsedLeases(db, {}, now).catch((error: Error) => {
    console.error(`[scheduler] lapsed runner leases not settled: ${error.message}`);
    return 0;
  });
  const alerts = await runAlertSweep(db, now);
  return { schedules, campaignSchedules, pulses, settledRunnerLeases, alerts, fired: schedules.length + campaignSchedules.length + pulses.length };
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
