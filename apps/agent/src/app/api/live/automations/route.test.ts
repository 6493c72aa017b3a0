import { createAutomationFixture } from "@switchyard/core/automations/fixtures";
import { countByIteration } from "@switchyard/core/automations/index";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { PATCH } from "./[id]/route";
import { GET as CALENDAR } from "./calendar/route";
import { DELETE } from "./dependencies/[id]/route";
import { POST } from "./dependencies/route";
import { GET as DENSITY } from "./density/route";
import { GET } from "./route";

const DAY = 86_400_000;

describe("/api/live/automations", () => {
  let db: Database;
  let fx: Awaited<ReturnType<typeof createAutomationFixture>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    fx = await createAutomationFixture(db.prisma, new Date());
    other = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  const list = (query = "", key = fx.keys.VIEWER) => call(GET, { path: `/api/live/automations${query}`, key });
  const patch = (id: string, body: unknown, key = fx.keys.OPERATOR) =>
    call(PATCH, { method: "PATCH", path: `/api/live/automations/${encodeURIComponent(id)}`, params: { id: encodeURIComponent(id) }, body, key });

  it("lists every source with stats, summary and JSON dates", async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.automations).toHaveLength(8);
    expect(body.summary).toMatchObject({
      total: 9,
      archived: 1,
      byPrimitive: { agent: 3, workflow: 2, network: 1, campaign: 2, pulse: 1 },
      byType: { scheduled: 4, triggered: 5 },
    });
    const workflowTrigger = body.automations.find((a: { id: string }) => a.id === fx.ids.workflowTrigger);
    expect(workflowTrigger).toMatchObject({ primitiveType: "workflow", stats: { totalRuns: 3, successRuns: 2, failedRuns: 1 }, severity: "unstable" });
    expect(body.automations.find((a: { id: string }) => a.id === fx.ids.networkTrigger).stats.totalRuns).toBe(1);
    expect(body.automations.find((a: { id: string }) => a.id === fx.ids.pulse)).toMatchObject({ type: "pulse_eval", stats: { totalRuns: 2 } });
    const schedule = body.automations.find((a: { id: string }) => a.id === fx.ids.agentSchedule);
    expect(typeof schedule.nextRunAt).toBe("string");
    // estMonthlyCost is exactly the brute-force count of the next 30 days × avg cost (window starts at request time).
    const now = Date.parse(body.generatedAt);
    expect(schedule.estMonthlyCost).toBeCloseTo(countByIteration("*/30 * * * *", "UTC", now, now + 30 * DAY) * 0.0125, 6);
  });

  it("applies every filter", async () => {
    const ids = async (query: string) => ((await list(query)).body.automations as { id: string }[]).map((a) => a.id).sort();
    expect(await ids("?primitiveType=campaign")).toEqual([fx.ids.campaignSchedule, fx.ids.campaignTrigger].sort());
    expect(await ids("?entitySlug=review")).toEqual([fx.ids.workflowSchedule, fx.ids.workflowTrigger].sort());
    expect(await ids(`?entityId=${fx.network.id}`)).toEqual([fx.ids.networkTrigger]);
    expect(await ids("?type=webhook")).toEqual([fx.ids.agentTrigger]);
    expect(await ids("?severity=failing")).toEqual([fx.ids.campaignSchedule]);
    expect(await ids("?search=growth")).toEqual([fx.ids.pulse]);
    expect(await ids("?includeArchived=true&type=manual&primitiveType=agent")).toEqual([fx.ids.archivedTrigger]);
    const sorted = (await list("?sort=name&order=desc")).body.automations.map((a: { name: string }) => a.name);
    expect(sorted).toEqual([...sorted].sort((a: string, b: string) => b.localeCompare(a)));
  });

  it("answers bad input with a 400 JSON error", async () => {
    for (const query of ["?primitiveType=robot", "?sort=chaos", "?severity=meh", "?includeArchived=maybe", "?unknown=1"]) {
      const { status, body } = await list(query);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("validation_failed");
    }
    expect((await patch(fx.ids.agentSchedule, { isActive: "yes" })).status).toBe(400);
    expect((await patch(fx.ids.agentSchedule, {})).status).toBe(400);
    expect((await patch(fx.ids.agentSchedule, { healthPolicy: { enabled: true, threshold: 500, window: 5, action: "alert" } })).status).toBe(400);
    expect((await call(DENSITY, { path: "/api/live/automations/density?date=tomorrow", key: fx.keys.VIEWER })).status).toBe(400);
    expect((await call(DENSITY, { path: "/api/live/automations/density?timezone=Mars/Olympus", key: fx.keys.VIEWER })).status).toBe(400);
    expect((await call(CALENDAR, { path: "/api/live/automations/calendar?from=2026-01-01&to=2026-03-01", key: fx.keys.VIEWER })).status).toBe(400);
    expect((await call(CALENDAR, { path: "/api/live/automations/calendar?from=2026-01-05&to=2026-01-01", key: fx.keys.VIEWER })).status).toBe(400);
    expect((await call(CALENDAR, { path: "/api/live/automations/calendar", key: fx.keys.VIEWER })).status).toBe(400);
    expect((await call(POST, { method: "POST", body: { automationId: fx.ids.pulse }, key: fx.keys.OPERATOR })).status).toBe(400);
    expect((await call(POST, { method: "POST", rawBody: "{", key: fx.keys.OPERATOR })).body.error.code).toBe("invalid_json");
  });

  it("density and calendar", async () => {
    const date = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const { status, body } = await call(DENSITY, { path: `/api/live/automations/density?date=${date}&threshold=5`, key: fx.keys.VIEWER });
    expect(status).toBe(200);
    expect(body.slots).toHaveLength(24);
    expect(body.slots[22]).toEqual({
      hour: 22,
      count: 6,
      firings: 5,
      byPrimitive: { agent: 2, workflow: 1, network: 0, campaign: 2, pulse: 1 },
      names: expect.arrayContaining(["Scout sweep", "Nightly review", "Nightly launch", "Growth — Evaluation Cycle"]),
    });
    expect(body.slots[3]).toMatchObject({ count: 2, byPrimitive: { agent: 2 } });
    expect(body.warning).toBe("High concurrency: 6 at 10 PM (2 agent, 2 campaign, 1 pulse, 1 workflow)");

    const calendar = await call(CALENDAR, { path: `/api/live/automations/calendar?from=${date}&to=${date}T23:59:59Z`, key: fx.keys.VIEWER });
    expect(calendar.status).toBe(200);
    const scout = calendar.body.entries.filter((e: { automationId: string }) => e.automationId === fx.ids.agentSchedule);
    expect(scout).toEqual([expect.objectContaining({ compressed: true, count: 48, title: "Test Agent — Every 30 min (48x/day)" })]);
    // Every firing of the compressed day is kept per local hour, so an overlay can count it exactly.
    expect(scout[0].byHour).toHaveLength(24);
    expect(scout[0].byHour.every((n: number) => n === 2)).toBe(true);
    expect(calendar.body.entries.filter((e: { compressed: boolean }) => !e.compressed)).toHaveLength(3);
    // Plain days are read in the requested zone: the week starts at local midnight, not UTC's.
    const zoned = await call(CALENDAR, { path: "/api/live/automations/calendar?from=2026-07-06&to=2026-07-13&timezone=America/New_York", key: fx.keys.VIEWER });
    expect(zoned.body).toMatchObject({ from: "2026-07-06T04:00:00.000Z", to: "2026-07-13T04:00:00.000Z" });
    const launch = calendar.body.entries.find((e: { automationId: string }) => e.automationId === fx.ids.campaignSchedule);
    expect(launch).toMatchObject({ compressed: false, byHour: null, weight: 2, entity: { type: "campaign", name: "Launch" } });
  });

  it("PATCHes with a cascade warning, manages explicit dependencies, and refuses viewers", async () => {
    const created = await call(POST, {
      method: "POST",
      body: { automationId: fx.ids.campaignSchedule, dependsOnId: fx.ids.workflowSchedule },
      key: fx.keys.OPERATOR,
    });
    expect(created.status).toBe(201);
    const dependencyId = created.body.dependency.id;
    expect(
      (await call(POST, { method: "POST", body: { automationId: fx.ids.campaignSchedule, dependsOnId: fx.ids.workflowSchedule }, key: fx.keys.OPERATOR }))
        .status,
    ).toBe(409);
    expect(
      (await call(POST, { method: "POST", body: { automationId: fx.ids.workflowSchedule, dependsOnId: fx.ids.campaignSchedule }, key: fx.keys.OPERATOR }))
        .status,
    ).toBe(400);
    expect((await call(POST, { method: "POST", body: { automationId: fx.ids.pulse, dependsOnId: fx.ids.pulse }, key: fx.keys.OPERATOR })).status).toBe(400);
    expect((await call(POST, { method: "POST", body: { automationId: fx.ids.pulse, dependsOnId: "pulse:missing" }, key: fx.keys.OPERATOR })).status).toBe(404);
    expect((await call(POST, { method: "POST", body: { automationId: fx.ids.pulse, dependsOnId: fx.ids.agentTrigger }, key: fx.keys.VIEWER })).status).toBe(
      403,
    );

    const viewer = await patch(fx.ids.workflowSchedule, { isActive: false }, fx.keys.VIEWER);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.code).toBe("forbidden");

    const disabled = await patch(fx.ids.workflowSchedule, { isActive: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body.automation).toMatchObject({ id: fx.ids.workflowSchedule, isActive: false });
    expect(disabled.body.warning.dependents).toEqual([expect.objectContaining({ id: fx.ids.campaignSchedule, name: "Nightly launch", origin: "explicit" })]);

    const health = await patch(fx.ids.campaignSchedule, { healthPolicy: { enabled: true, threshold: 80, window: 5, action: "reduce_frequency" } });
    expect(health.body.automation.healthPolicy).toEqual({ enabled: true, threshold: 80, window: 5, action: "reduce_frequency", triggeredAt: null });
    expect(health.body.warning).toBeNull();
    expect((await patch(fx.ids.workflowSchedule, { isActive: true })).body.automation.isActive).toBe(true);

    expect((await call(DELETE, { method: "DELETE", params: { id: dependencyId }, key: fx.keys.VIEWER })).status).toBe(403);
    expect((await call(DELETE, { method: "DELETE", params: { id: dependencyId }, key: other.keys.OWNER })).status).toBe(404);
    expect((await call(DELETE, { method: "DELETE", params: { id: dependencyId }, key: fx.keys.OPERATOR })).status).toBe(200);
    expect((await call(DELETE, { method: "DELETE", params: { id: dependencyId }, key: fx.keys.OPERATOR })).status).toBe(404);
    expect((await patch("nonsense", { isActive: true })).status).toBe(404);
  });

  it("keeps another organization's automations invisible (404 on their ids)", async () => {
    const { body } = await list("?includeArchived=true", other.keys.OWNER);
    expect(body.automations).toEqual([]);
    expect(body.summary.total).toBe(0);
    for (const id of Object.values(fx.ids)) {
      const response = await patch(id, { isActive: false }, other.keys.OWNER);
      expect(response.status, id).toBe(404);
    }
    const dependency = await call(POST, { method: "POST", body: { automationId: fx.ids.pulse, dependsOnId: fx.ids.agentSchedule }, key: other.keys.OWNER });
    expect(dependency.status).toBe(404);
    const density = await call(DENSITY, { path: "/api/live/automations/density", key: other.keys.OWNER });
    expect(density.body.slots.every((s: { count: number }) => s.count === 0)).toBe(true);
    const mine = (await list()).body.automations;
    expect(mine.every((a: { isActive: boolean }) => a.isActive)).toBe(true);
  });

  it("checks a saved health policy at once: a schedule already below it is auto-disabled, then re-armed by enabling it", async () => {
    // The scout's last 4 finished runs: 3 completed, 1 failed → 75 %, below 80.
    const saved = await patch(fx.ids.agentSchedule, { healthPolicy: { enabled: true, threshold: 80, window: 4, action: "disable" } });
    expect(saved.status).toBe(200);
    expect(saved.body.policyCheck).toMatchObject({ triggered: true, action: "disable", successRate: 75, runs: 4 });
    expect(saved.body.automation).toMatchObject({ isActive: false, healthTriggeredAt: expect.any(String) });

    const lenient = await patch(fx.ids.agentSchedule, { isActive: true });
    expect(lenient.body.automation).toMatchObject({ isActive: true, healthTriggeredAt: null });
    const relaxed = await patch(fx.ids.agentSchedule, { healthPolicy: { enabled: true, threshold: 70, window: 4, action: "disable" } });
    expect(relaxed.body.policyCheck).toMatchObject({ triggered: false, reason: "healthy" });
    expect(relaxed.body.automation.isActive).toBe(true);
  });

  it("requires a credential", async () => {
    expect((await call(GET, { path: "/api/live/automations" })).status).toBe(401);
  });
});
