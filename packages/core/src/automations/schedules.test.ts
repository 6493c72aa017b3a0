import type { Database, PrismaClient } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OrgContext } from "../context.ts";
import type { EngineEvent, ExecutionEngine } from "../execution/events.ts";
import { fireDueSlots } from "../scheduler.ts";
import { createTestOrganization } from "../testing.ts";
import { CreateScheduleBody, createSchedule, isoInZone, updateSchedule } from "./schedules.ts";

const CREATED_AT = new Date("2026-01-15T12:02:30Z");
// Ten seconds after the every-five-minutes schedule's 12:05 slot: that slot is due.
const TICK = new Date("2026-01-15T12:05:10Z");
const at = (time: string) => new Date(`2026-01-15T${time}Z`);

/** An engine that keeps what it was sent: what fired, without running it. */
function recordingEngine(): ExecutionEngine & { sent: EngineEvent[] } {
  const sent: EngineEvent[] = [];
  return { kind: "local", sent, send: async (events) => void sent.push(...[events].flat()) };
}

/**
 * `target` with one method replaced: `before` runs first, exactly once, then the real call. This is
 * how the tests put one write between another's read and its conditional write, deterministically.
 */
function interleave<T extends object>(target: T, method: string, before: () => Promise<unknown>): T {
  let done = false;
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property);
      if (property !== method || typeof value !== "function") return typeof value === "function" ? value.bind(object) : value;
      return async (...args: unknown[]) => {
        if (!done) {
          done = true;
          await before();
        }
        return value.apply(object, args);
      };
    },
  });
}

/**
 * The system client for a tick whose claim waits for `before`: the tick claims its due slots in one
 * UPDATE … RETURNING ($queryRaw), after it has read them.
 */
function tickingAfter(db: PrismaClient, before: () => Promise<unknown>): PrismaClient {
  return interleave(db, "$queryRaw", before);
}

describe("schedule edits and the scheduler tick", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let admin: OrgContext;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());
  // The scheduler scans every organization: each test starts with no schedules.
  afterEach(async () => {
    await db.prisma.agentSchedule.deleteMany({});
  });

  async function createEveryFiveMinutes() {
    org = await createTestOrganization(db.prisma, { agentSlug: "reporter" });
    admin = org.ctx("ADMIN");
    const body = CreateScheduleBody.parse({ entity: { type: "agent", slug: "reporter" }, name: "Report", cronExpr: "*/5 * * * *" });
    const schedule = await createSchedule(admin, body, CREATED_AT);
    expect(schedule.nextRunAt).toEqual(at("12:05:00"));
    return schedule;
  }
  const stored = (id: string) => db.prisma.agentSchedule.findUniqueOrThrow({ where: { id } });

  it("an edit committed between the tick's read and its claim: the old slot does not fire, the new one does", async () => {
    const schedule = await createEveryFiveMinutes();
    const engine = recordingEngine();
    const edit = () => updateSchedule(admin, schedule.id, { cronExpr: "*/7 * * * *" }, TICK);

    // The tick has read the row (due at 12:05 under */5); the edit commits before the tick claims it.
    const fired = await fireDueSlots(tickingAfter(db.prisma, edit), engine, "schedules", TICK);

    expect(fired).toEqual([]);
    expect(engine.sent).toEqual([]);
    expect(await stored(schedule.id)).toMatchObject({ cronExpr: "*/7 * * * *", nextRunAt: at("12:07:00"), runCount: 0 });
    // The new cron's first slot fires on the tick after it, once.
    const next = await fireDueSlots(db.prisma, engine, "schedules", at("12:07:05"));
    expect(next.map((f) => [f.scheduleId, f.scheduledFor])).toEqual([[schedule.id, at("12:07:00")]]);
    expect(await fireDueSlots(db.prisma, engine, "schedules", at("12:07:05"))).toEqual([]);
    expect(await stored(schedule.id)).toMatchObject({ nextRunAt: at("12:14:00"), runCount: 1 });
  });

  it("a tick that claims the slot between the edit's read and its write: the edit re-reads, nothing fires twice", async () => {
    const schedule = await createEveryFiveMinutes();
    const engine = recordingEngine();
    const tick = () => fireDueSlots(db.prisma, engine, "schedules", TICK);
    // The edit has read the row; the tick claims and fires the 12:05 slot before the edit writes.
    const racing: OrgContext = { ...admin, db: interleave(admin.db, "$transaction", tick) };

    const edited = await updateSchedule(racing, schedule.id, { cronExpr: "*/7 * * * *" }, TICK);

    expect(engine.sent.map((event) => event.id)).toEqual([`schedule:${schedule.id}:${at("12:05:00").toISOString()}`]);
    // Planned again from the claimed row: the new cron's slot, not the */5 one the tick had set.
    expect(edited).toMatchObject({ cronExpr: "*/7 * * * *", nextRunAt: at("12:07:00"), runCount: 1 });
    expect(await stored(schedule.id)).toMatchObject({ cronExpr: "*/7 * * * *", nextRunAt: at("12:07:00"), runCount: 1 });
    expect(await fireDueSlots(db.prisma, engine, "schedules", TICK)).toEqual([]);
    const audit = await db.prisma.auditLog.findMany({ where: { organizationId: org.organization.id, action: "schedule.updated" } });
    expect(audit.map((entry) => [entry.before, entry.after])).toEqual([[{ cronExpr: "*/5 * * * *" }, { cronExpr: "*/7 * * * *" }]]);

    const next = await fireDueSlots(db.prisma, engine, "schedules", at("12:07:05"));
    expect(next.map((f) => f.scheduledFor)).toEqual([at("12:07:00")]);
    expect(engine.sent).toHaveLength(2);
  });

  it("a tick that read the old cron claims nothing even when the edit's first slot equals the old slot", async () => {
    const schedule = await createEveryFiveMinutes();
    const engine = recordingEngine();
    // Edited a moment before 12:05 (another process's clock): every minute's next slot is 12:05 too.
    const edit = () => updateSchedule(admin, schedule.id, { cronExpr: "* * * * *" }, at("12:04:59"));

    expect(await fireDueSlots(tickingAfter(db.prisma, edit), engine, "schedules", TICK)).toEqual([]);

    // The slot is the new cron's now; the next tick fires it once, and the row moves on by the new cron.
    expect(await stored(schedule.id)).toMatchObject({ cronExpr: "* * * * *", nextRunAt: at("12:05:00"), runCount: 0 });
    const next = await fireDueSlots(db.prisma, engine, "schedules", TICK);
    expect(next.map((f) => f.scheduledFor)).toEqual([at("12:05:00")]);
    expect(await stored(schedule.id)).toMatchObject({ nextRunAt: at("12:06:00"), runCount: 1 });
  });

  it("two edits of the timing: the one that read a stale cron re-plans, so the slot always follows the stored cron and zone", async () => {
    const schedule = await createEveryFiveMinutes();
    const cronEdit = () => updateSchedule(admin, schedule.id, { cronExpr: "0 9 * * *" }, TICK);
    // The zone edit has read */5 in UTC; the cron edit commits before it writes.
    const racing: OrgContext = { ...admin, db: interleave(admin.db, "$transaction", cronEdit) };

    const edited = await updateSchedule(racing, schedule.id, { timezone: "Asia/Tokyo" }, TICK);

    // 09:00 in Tokyo is 00:00 UTC: the next is tomorrow's (a plan from the stale */5 would say 12:10).
    expect(edited).toMatchObject({ cronExpr: "0 9 * * *", timezone: "Asia/Tokyo", nextRunAt: new Date("2026-01-16T00:00:00Z") });
    expect(await stored(schedule.id)).toMatchObject({ cronExpr: "0 9 * * *", timezone: "Asia/Tokyo", nextRunAt: new Date("2026-01-16T00:00:00Z") });
  });

  it('"every minute" in Asia/Kathmandu (UTC+05:45) gets the next minute as its slot and fires on the next tick', async () => {
    org = await createTestOrganization(db.prisma, { agentSlug: "reporter" });
    const body = CreateScheduleBody.parse({
      entity: { type: "agent", slug: "reporter" },
      name: "Every minute",
      cronExpr: "* * * * *",
      timezone: "Asia/Kathmandu",
      input: { topic: "prices" },
    });
    const schedule = await createSchedule(org.ctx("ADMIN"), body, CREATED_AT);

    expect(schedule.nextRunAt).toEqual(at("12:03:00"));
    // 12:03 UTC is 17:48 in Kathmandu; every occurrence is read with the zone's offset.
    expect(schedule.nextRuns).toEqual(["17:48", "17:49", "17:50", "17:51", "17:52"].map((time) => `2026-01-15T${time}:00+05:45`));
    const engine = recordingEngine();
    expect(await fireDueSlots(db.prisma, engine, "schedules", at("12:02:59"))).toEqual([]);
    const fired = await fireDueSlots(db.prisma, engine, "schedules", at("12:03:01"));
    expect(fired).toEqual([expect.objectContaining({ scheduleId: schedule.id, entityId: org.agent.id, scheduledFor: at("12:03:00") })]);
    expect(engine.sent).toEqual([
      expect.objectContaining({
        name: "agent/trigger.fire",
        data: expect.objectContaining({ source: "schedule", triggerId: schedule.id, input: { topic: "prices" } }),
      }),
    ]);
    expect(await stored(schedule.id)).toMatchObject({ nextRunAt: at("12:04:00"), runCount: 1 });
  });

  it("reads occurrences in the zone across a daylight-saving change", () => {
    // Paris moves from +01:00 to +02:00 on 2026-03-29; 09:00 stays 09:00 on the wall.
    expect(isoInZone(new Date("2026-03-28T08:00:00Z"), "Europe/Paris")).toBe("2026-03-28T09:00:00+01:00");
    expect(isoInZone(new Date("2026-03-29T07:00:00Z"), "Europe/Paris")).toBe("2026-03-29T09:00:00+02:00");
    expect(isoInZone(new Date("2026-01-15T12:00:00Z"), "America/St_Johns")).toBe("2026-01-15T08:30:00-03:30");
    expect(isoInZone(new Date("2026-01-15T12:00:00Z"), "UTC")).toBe("2026-01-15T12:00:00+00:00");
  });
});
