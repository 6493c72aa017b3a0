import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { createPulseHandlers } from "./handlers.ts";
import { fireDueSlots } from "../scheduler.ts";

const NOW = new Date("2026-01-15T12:02:30Z");
const A_MINUTE_AGO = new Date(NOW.getTime() - 60_000);

describe("fireDueSlots: pulse evaluation cycles", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });
  // The tick scans every organization, so each test starts without pulses or jobs.
  afterEach(async () => {
    await db.prisma.pulse.deleteMany({});
    await db.prisma.executionJob.deleteMany({});
  });

  async function createPulse(data: { slug: string; evalCronExpr?: string; evalTimezone?: string; nextEvalAt?: Date | null; status?: "ACTIVE" | "PAUSED" }) {
    const { organization, agent } = await createTestOrganization(db.prisma);
    return db.prisma.pulse.create({
      data: {
        organizationId: organization.id,
        name: data.slug,
        goal: "Ship",
        evalCronExpr: "0 * * * *",
        nextEvalAt: A_MINUTE_AGO,
        members: { create: [{ agentId: agent.id }] },
        ...data,
      },
    });
  }

  it("fires each due active pulse once across overlapping ticks, and the engine evaluates it", async () => {
    const due = await createPulse({ slug: "due" });
    const paused = await createPulse({ slug: "paused", status: "PAUSED" });
    const later = await createPulse({ slug: "later", nextEvalAt: new Date(NOW.getTime() + 60_000) });
    const engine = createLocalEngine(db.prisma);

    const [first, second] = await Promise.all([fireDueSlots(db.prisma, engine, "pulses", NOW), fireDueSlots(db.prisma, engine, "pulses", NOW)]);

    const dedupeKey = `pulse:${due.id}:${A_MINUTE_AGO.toISOString()}`;
    expect([...first, ...second]).toEqual([{ pulseId: due.id, organizationId: due.organizationId, scheduledFor: A_MINUTE_AGO, dedupeKey }]);
    expect(await db.prisma.pulse.findUniqueOrThrow({ where: { id: due.id } })).toMatchObject({ nextEvalAt: new Date("2026-01-15T13:00:00Z") });
    for (const untouched of [paused, later]) {
      expect(await db.prisma.pulse.findUniqueOrThrow({ where: { id: untouched.id } })).toMatchObject({ nextEvalAt: untouched.nextEvalAt });
    }
    const jobs = await db.prisma.executionJob.findMany();
    expect(jobs).toEqual([
      expect.objectContaining({
        eventId: dedupeKey,
        eventName: "pulse/evaluate",
        payload: { organizationId: due.organizationId, pulseId: due.id, source: "schedule", dedupeKey, at: A_MINUTE_AGO.toISOString() },
      }),
    ]);

    await drainLocalJobs({ db: db.prisma, handlers: createPulseHandlers({ db: db.prisma }), workerId: "w" });
    expect(await db.prisma.pulseEvaluation.findMany({ where: { pulseId: due.id } })).toEqual([
      expect.objectContaining({ status: "COMPLETED", source: "schedule", dedupeKey, windowEnd: A_MINUTE_AGO }),
    ]);
    expect(await fireDueSlots(db.prisma, engine, "pulses", NOW)).toEqual([]);
  });

  it("gives a pulse its first slot in its timezone without firing it", async () => {
    const tokyo = await createPulse({ slug: "tokyo", evalCronExpr: "0 9 * * *", evalTimezone: "Asia/Tokyo", nextEvalAt: null });

    expect(await fireDueSlots(db.prisma, createLocalEngine(db.prisma), "pulses", NOW)).toEqual([]);

    // 21:02 in Tokyo, so the next 09:00 there is tomorrow, 00:00 UTC.
    expect(await db.prisma.pulse.findUniqueOrThrow({ where: { id: tokyo.id } })).toMatchObject({ nextEvalAt: new Date("2026-01-16T00:00:00Z") });
  });

  it("gives the slot back when dispatch fails", async () => {
    const pulse = await createPulse({ slug: "flaky" });
    const failing = { kind: "inngest" as const, send: async () => Promise.reject(new Error("inngest down")) };

    expect(await fireDueSlots(db.prisma, failing, "pulses", NOW)).toEqual([]);

    expect(await db.prisma.pulse.findUniqueOrThrow({ where: { id: pulse.id } })).toMatchObject({ nextEvalAt: A_MINUTE_AGO });
  });
});
