import { randomBytes } from "node:crypto";
import type { Database, Prisma } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EngineEvent, ExecutionEngine } from "./execution/events.ts";
import { createEventHandlers } from "./execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "./execution/local-engine.ts";
import { fireDueSlots } from "./scheduler.ts";

const NOW = new Date("2026-01-15T12:02:30Z");
const A_MINUTE_AGO = new Date(NOW.getTime() - 60_000);

describe("fireDueSlots: agent, workflow and network schedules", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());
  // The scheduler scans every organization, so each test starts without schedules or jobs.
  afterEach(async () => {
    await db.prisma.agentSchedule.deleteMany({});
    await db.prisma.executionJob.deleteMany({});
  });

  async function createAgent() {
    const suffix = randomBytes(4).toString("hex");
    const organization = await db.prisma.organization.create({ data: { slug: `sched-${suffix}`, name: `Scheduler ${suffix}` } });
    return db.prisma.agent.create({
      data: {
        organizationId: organization.id,
        slug: "reporter",
        name: "Reporter",
        instructions: "Write the report.",
        modelName: "gpt-4o-mini",
        simulation: { failureRate: 0, latencyMs: 10 },
      },
    });
  }

  function createSchedule(agent: { id: string; organizationId: string }, data: Partial<Prisma.AgentScheduleUncheckedCreateInput>) {
    return db.prisma.agentSchedule.create({
      data: { organizationId: agent.organizationId, agentId: agent.id, name: "schedule", cronExpr: "*/5 * * * *", nextRunAt: A_MINUTE_AGO, ...data },
    });
  }

  it("fires each due schedule exactly once across overlapping ticks", async () => {
    const agent = await createAgent();
    const everyFiveMinutes = await createSchedule(agent, { cronExpr: "*/5 * * * *", input: { topic: "pricing" } });
    const newYorkMornings = await createSchedule(agent, { cronExpr: "0 9 * * *", timezone: "America/New_York" });
    const inactive = await createSchedule(agent, { isActive: false });
    const archived = await createSchedule(agent, { isArchived: true, archivedAt: A_MINUTE_AGO });
    const notYetDue = await createSchedule(agent, { nextRunAt: new Date(NOW.getTime() + 60_000) });
    const engine = createLocalEngine(db.prisma);

    const [first, second] = await Promise.all([fireDueSlots(db.prisma, engine, "schedules", NOW), fireDueSlots(db.prisma, engine, "schedules", NOW)]);

    const fired = [...first, ...second];
    expect(fired.map((f) => f.scheduleId).sort()).toEqual([everyFiveMinutes.id, newYorkMornings.id].sort());
    expect(fired.find((f) => f.scheduleId === everyFiveMinutes.id)).toMatchObject({
      organizationId: agent.organizationId,
      entityType: "agent",
      entityId: agent.id,
      scheduledFor: A_MINUTE_AGO,
      dedupeKey: `schedule:${everyFiveMinutes.id}:${A_MINUTE_AGO.toISOString()}`,
    });

    const after = async (id: string) => db.prisma.agentSchedule.findUniqueOrThrow({ where: { id } });
    expect(await after(everyFiveMinutes.id)).toMatchObject({ nextRunAt: new Date("2026-01-15T12:05:00Z"), lastRunAt: NOW, runCount: 1 });
    // 09:00 in New York in January is 14:00 UTC (EST, UTC-5).
    expect(await after(newYorkMornings.id)).toMatchObject({ nextRunAt: new Date("2026-01-15T14:00:00Z"), lastRunAt: NOW, runCount: 1 });
    for (const untouched of [inactive, archived, notYetDue]) {
      expect(await after(untouched.id)).toMatchObject({ nextRunAt: untouched.nextRunAt, lastRunAt: null, runCount: 0 });
    }

    await drainLocalJobs({ db: db.prisma, handlers: createEventHandlers({ db: db.prisma, workerId: "w", sleep: async () => {} }), workerId: "w" });
    const runs = await db.prisma.agentRun.findMany({ where: { agentId: agent.id } });
    expect(runs.map((run) => run.triggerId).sort()).toEqual([everyFiveMinutes.id, newYorkMornings.id].sort());
    expect(runs.every((run) => run.source === "schedule" && run.status === "COMPLETED")).toBe(true);
    expect(runs.find((run) => run.triggerId === everyFiveMinutes.id)?.input).toEqual({ topic: "pricing" });

    expect(await fireDueSlots(db.prisma, engine, "schedules", NOW)).toEqual([]);
  });

  it("gives a schedule its first slot in its timezone without firing it", async () => {
    const agent = await createAgent();
    const tokyoMornings = await createSchedule(agent, { cronExpr: "0 9 * * *", timezone: "Asia/Tokyo", nextRunAt: null });

    expect(await fireDueSlots(db.prisma, createLocalEngine(db.prisma), "schedules", NOW)).toEqual([]);

    // 21:02 in Tokyo, so the next 09:00 there is tomorrow, 00:00 UTC.
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: tokyoMornings.id } })).toMatchObject({
      nextRunAt: new Date("2026-01-16T00:00:00Z"),
      runCount: 0,
    });
  });

  it("dispatches workflow schedules through the dispatch table", async () => {
    const agent = await createAgent();
    const workflow = await db.prisma.workflow.create({ data: { organizationId: agent.organizationId, slug: "daily", name: "Daily", definition: {} } });
    const schedule = await createSchedule(agent, { entityType: "workflow", agentId: null, workflowId: workflow.id });
    const sent: EngineEvent[] = [];
    const recordingEngine: ExecutionEngine = { kind: "local", send: async (events) => void sent.push(...[events].flat()) };

    await fireDueSlots(db.prisma, recordingEngine, "schedules", NOW);

    expect(sent).toEqual([
      {
        id: `schedule:${schedule.id}:${A_MINUTE_AGO.toISOString()}`,
        name: "workflow/trigger.fire",
        data: expect.objectContaining({ organizationId: agent.organizationId, entityId: workflow.id, source: "schedule", triggerId: schedule.id }),
      },
    ]);
  });

  it("gives the slot back when dispatch fails, so the next tick fires it", async () => {
    const agent = await createAgent();
    const schedule = await createSchedule(agent, {});
    const failingEngine: ExecutionEngine = {
      kind: "inngest",
      send: async () => {
        throw new Error("engine unavailable");
      },
    };
    vi.spyOn(console, "error").mockImplementation(() => {});

    expect(await fireDueSlots(db.prisma, failingEngine, "schedules", NOW)).toEqual([]);
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ nextRunAt: A_MINUTE_AGO, runCount: 0 });

    const fired = await fireDueSlots(db.prisma, createLocalEngine(db.prisma), "schedules", NOW);
    expect(fired.map((f) => f.scheduleId)).toEqual([schedule.id]);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("engine unavailable"));
    vi.restoreAllMocks();
  });
});
