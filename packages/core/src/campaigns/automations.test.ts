import type { Database, Prisma } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EVENT_NAMES } from "../execution/events.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { fireDueSlots } from "../scheduler.ts";
import { fireCampaignTriggers } from "./automations.ts";
import { createCampaignHandlers } from "./runtime.ts";
import { createCampaignOrg, RESEARCH_INTENT } from "./testing.ts";

const NOW = new Date("2026-01-15T12:02:30Z");
const A_MINUTE_AGO = new Date(NOW.getTime() - 60_000);

describe("campaign schedules and triggers", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());
  // The tick scans every organization, so each test starts without schedules or jobs.
  afterEach(async () => {
    await db.prisma.campaignSchedule.deleteMany({});
    await db.prisma.executionJob.deleteMany({});
  });

  async function createSchedule(org: Awaited<ReturnType<typeof createCampaignOrg>>, data: Partial<Prisma.CampaignScheduleUncheckedCreateInput> = {}) {
    return db.prisma.campaignSchedule.create({
      data: {
        organizationId: org.organization.id,
        templateId: org.template.id,
        name: "Weekly distill",
        cronExpr: "*/5 * * * *",
        nextRunAt: A_MINUTE_AGO,
        parameters: { topic: "solar" },
        ...data,
      },
    });
  }

  it("creates one campaign per due schedule across overlapping ticks", async () => {
    const org = await createCampaignOrg(db.prisma, { intent: RESEARCH_INTENT });
    const due = await createSchedule(org);
    const alsoDue = await createSchedule(org, { cronExpr: "0 9 * * *", timezone: "America/New_York", parameters: { topic: "wind" } });
    const inactive = await createSchedule(org, { isActive: false });
    const later = await createSchedule(org, { nextRunAt: new Date(NOW.getTime() + 60_000) });
    const engine = createLocalEngine(db.prisma);

    const [first, second] = await Promise.all([
      fireDueSlots(db.prisma, engine, "campaignSchedules", NOW),
      fireDueSlots(db.prisma, engine, "campaignSchedules", NOW),
    ]);

    const fired = [...first, ...second];
    expect(fired.map((f) => f.scheduleId).sort()).toEqual([due.id, alsoDue.id].sort());
    const campaigns = await db.prisma.campaign.findMany({ where: { organizationId: org.organization.id } });
    expect(campaigns).toHaveLength(2);
    const fromDue = campaigns.find((campaign) => campaign.scheduleId === due.id)!;
    expect(fromDue).toMatchObject({
      source: "schedule",
      templateId: org.template.id,
      dedupeKey: `campaign-schedule:${due.id}:${A_MINUTE_AGO.toISOString()}`,
      intent: "Map solar: collect sources and survey prior work, then extract the key claims",
      createdAt: NOW,
    });
    expect(fired.find((f) => f.scheduleId === due.id)?.campaignId).toBe(fromDue.id);
    expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: due.id } })).toMatchObject({
      nextRunAt: new Date("2026-01-15T12:05:00Z"),
      lastRunAt: NOW,
      runCount: 1,
    });
    // 09:00 in New York in January is 14:00 UTC.
    expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: alsoDue.id } })).toMatchObject({ nextRunAt: new Date("2026-01-15T14:00:00Z") });
    for (const untouched of [inactive, later]) {
      expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: untouched.id } })).toMatchObject({ runCount: 0, lastRunAt: null });
    }

    // Each campaign is planned once; a third tick at the same time finds nothing due.
    expect(await db.prisma.executionJob.count({ where: { eventName: EVENT_NAMES.campaignPlan } })).toBe(2);
    expect(await fireDueSlots(db.prisma, engine, "campaignSchedules", NOW)).toEqual([]);
    const deps = { db: db.prisma, workerId: "w", sleep: async () => {}, engine };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createCampaignHandlers(deps) }, workerId: "w" });
    const done = await db.prisma.campaign.findMany({ where: { organizationId: org.organization.id } });
    expect(done.map((campaign) => campaign.status)).toEqual(["COMPLETED", "COMPLETED"]);
  });

  it("gives a new schedule its first slot after now, and skips a schedule whose parameters are missing without retrying it", async () => {
    const org = await createCampaignOrg(db.prisma);
    const fresh = await createSchedule(org, { nextRunAt: null });
    const broken = await createSchedule(org, { parameters: {} });
    const engine = createLocalEngine(db.prisma);

    expect(await fireDueSlots(db.prisma, engine, "campaignSchedules", NOW)).toEqual([]);
    expect((await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: fresh.id } })).nextRunAt).toEqual(new Date("2026-01-15T12:05:00Z"));
    expect((await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: broken.id } })).nextRunAt).toEqual(new Date("2026-01-15T12:05:00Z"));
    expect(await db.prisma.campaign.count({ where: { organizationId: org.organization.id } })).toBe(0);
  });

  it("fires matching campaign triggers with mapped parameters, records every delivery, and honours the idempotency key", async () => {
    const org = await createCampaignOrg(db.prisma);
    const trigger = (data: Partial<Prisma.CampaignTriggerUncheckedCreateInput>) =>
      db.prisma.campaignTrigger.create({
        data: { organizationId: org.organization.id, templateId: org.template.id, name: "t", eventName: "incident.closed", ...data },
      });
    const highPriority = await trigger({ name: "high", filter: { priority: ["high", "critical"] }, parameterMapping: { topic: "incident.service" } });
    const unmapped = await trigger({ name: "unmapped", parameterMapping: { topic: "missing.path" } });
    await trigger({ name: "other event", eventName: "deploy.finished" });
    await trigger({ name: "off", isActive: false });
    const engine = createLocalEngine(db.prisma);
    const fire = (payload: unknown, idempotencyKey: string | null) =>
      fireCampaignTriggers(db.prisma, engine, { organizationId: org.organization.id, eventName: "incident.closed", payload, idempotencyKey });

    const deliveries = await fire({ priority: "high", incident: { service: "billing" } }, "evt-1");
    expect(deliveries).toHaveLength(2);
    const [fired, failed] = deliveries;
    expect(fired).toMatchObject({ campaignTriggerId: highPriority.id, fired: true, duplicate: false, status: "FIRED", campaignId: expect.any(String) });
    const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { id: fired.campaignId! } });
    expect(campaign).toMatchObject({ source: "event", triggerId: highPriority.id, triggerEventId: fired.triggerEventId, parameters: { topic: "billing" } });
    expect(campaign.intent).toContain("about billing:");
    expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: fired.triggerEventId } })).toMatchObject({
      campaignTriggerId: highPriority.id,
      campaignId: campaign.id,
      eventName: "incident.closed",
      source: "event",
    });
    expect(failed).toMatchObject({ campaignTriggerId: unmapped.id, fired: false, status: "FAILED", campaignId: null });
    expect((await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: failed.triggerEventId } })).error).toBe("Missing template parameters: topic");
    expect(await db.prisma.campaignTrigger.findUniqueOrThrow({ where: { id: highPriority.id } })).toMatchObject({ triggerCount: 1 });

    const again = await fire({ priority: "high", incident: { service: "billing" } }, "evt-1");
    expect(again.map((d) => [d.triggerEventId, d.campaignId, d.duplicate, d.fired])).toEqual(
      deliveries.map((d) => [d.triggerEventId, d.campaignId, true, false]),
    );

    const filtered = await fire({ priority: "low", incident: { service: "search" } }, "evt-2");
    expect(filtered[0]).toMatchObject({ campaignTriggerId: highPriority.id, fired: false, status: "FILTERED", campaignId: null });
    expect(await db.prisma.campaign.count({ where: { organizationId: org.organization.id } })).toBe(1);
  });
});
