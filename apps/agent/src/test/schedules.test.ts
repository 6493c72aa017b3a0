import { DEMO_API_KEY, seedDemoOrganization } from "@switchyard/core/demo/index";
import { createLocalEngine } from "@switchyard/core/execution/local-engine";
import { tickAllSchedules } from "@switchyard/core/scheduler";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteSchedule, GET as getSchedule, PATCH as patchSchedule } from "@/app/api/schedules/[id]/route";
import { PATCH as patchAutomation } from "@/app/api/live/automations/[id]/route";
import { POST as bulk } from "@/app/api/schedules/bulk/route";
import { GET as preview } from "@/app/api/schedules/preview/route";
import { GET as listSchedules, POST as createSchedule } from "@/app/api/schedules/route";
import { call } from "./http";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type Schedule = { id: string; automationId: string; name: string; nextRunAt: string | null; nextRuns: string[]; isActive: boolean; [key: string]: unknown };

/** The `{ path, message }` details of a 400, by path. */
const pathsOf = (body: { error: { details: { path: string }[] } }) => body.error.details.map((detail) => detail.path);

describe("/api/schedules", () => {
  let db: Database;
  let a: Org;
  let b: Org;

  const create = (key: string, body: unknown) => call(createSchedule, { method: "POST", path: "/api/schedules", key, body });
  const get = (key: string, id: string) => call(getSchedule, { params: { id }, key });
  const patch = (key: string, id: string, body: unknown) => call(patchSchedule, { method: "PATCH", params: { id }, key, body });
  const remove = (key: string, id: string) => call(deleteSchedule, { method: "DELETE", params: { id }, key });
  const list = (key: string, query = "") => call(listSchedules, { path: `/api/schedules${query}`, key });
  const bulkAction = (key: string, body: unknown) => call(bulk, { method: "POST", path: "/api/schedules/bulk", key, body });
  const audit = (organizationId: string, targetId: string) =>
    db.prisma.auditLog.findMany({ where: { organizationId, targetId }, orderBy: { createdAt: "asc" }, select: { action: true, before: true, after: true } });

  async function createAgentSchedule(org: Org, overrides: Record<string, unknown> = {}): Promise<Schedule> {
    const response = await create(org.keys.ADMIN, {
      entity: { type: "agent", slug: org.agent.slug },
      name: "Morning report",
      cronExpr: "0 9 * * *",
      ...overrides,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.schedule;
  }

  beforeAll(async () => {
    db = await useTestDatabase();
    // An organization created from nothing: one agent, keys per role, no demo data.
    a = await createTestOrganization(db.prisma, { agentSlug: "a-reporter" });
    b = await createTestOrganization(db.prisma, { agentSlug: "b-reporter" });
  });
  afterAll(async () => db?.close());

  describe("an organization created from nothing", () => {
    it("creates an agent schedule with its next five runs in its zone, and audits it", async () => {
      const response = await create(a.keys.ADMIN, {
        entity: { type: "agent", slug: "a-reporter" },
        name: "Paris mornings",
        cronExpr: "0  9 * * 1-5",
        timezone: "Europe/Paris",
        input: { topic: "pricing" },
      });
      expect(response.status).toBe(201);
      const schedule = response.body.schedule;
      expect(schedule).toMatchObject({
        automationId: `agent-schedule:${schedule.id}`,
        entity: { type: "agent", slug: "a-reporter", name: "Test Agent" },
        cronExpr: "0 9 * * 1-5",
        timezone: "Europe/Paris",
        input: { topic: "pricing" },
        isActive: true,
        runCount: 0,
      });
      expect(schedule.nextRuns).toHaveLength(5);
      // Weekdays at 09:00 on the Paris wall clock, whatever the season's offset.
      for (const run of schedule.nextRuns) {
        expect(run).toMatch(/T09:00:00\+0[12]:00$/);
        expect([1, 2, 3, 4, 5]).toContain(new Date(run).getUTCDay() === 0 ? 7 : new Date(run).getUTCDay());
      }
      expect(Date.parse(schedule.nextRunAt)).toBe(Date.parse(schedule.nextRuns[0]));
      expect(await audit(a.organization.id, schedule.id)).toEqual([
        {
          action: "schedule.created",
          before: null,
          after: {
            name: "Paris mornings",
            cronExpr: "0 9 * * 1-5",
            timezone: "Europe/Paris",
            input: { topic: "pricing" },
            isActive: true,
            entity: "agent:a-reporter",
          },
        },
      ]);
      expect((await get(a.keys.VIEWER, schedule.id)).body.schedule).toMatchObject({ id: schedule.id, name: "Paris mornings" });
    });

    it("answers a bad cron, zone, body or entity with the field it names", async () => {
      const base = { entity: { type: "agent", slug: "a-reporter" }, name: "x", cronExpr: "*/5 * * * *" };
      for (const cronExpr of ["61 * * * *", "* * * * * *", "every day", "", "H * * * *", "0 0 30 2 *"]) {
        const response = await create(a.keys.ADMIN, { ...base, cronExpr });
        expect(response.status, cronExpr).toBe(400);
        expect(pathsOf(response.body), cronExpr).toEqual(["cronExpr"]);
      }
      const zone = await create(a.keys.ADMIN, { ...base, timezone: "Mars/Olympus_Mons" });
      expect(zone.status).toBe(400);
      expect(pathsOf(zone.body)).toEqual(["timezone"]);
      expect(pathsOf((await create(a.keys.ADMIN, { ...base, entity: { type: "robot", slug: "a-reporter" } })).body)).toEqual(["entity.type"]);
      expect(pathsOf((await create(a.keys.ADMIN, { ...base, input: [1, 2] })).body)).toEqual(["input"]);
      expect((await create(a.keys.ADMIN, { ...base, surprise: true })).status).toBe(400);

      for (const entity of [
        { type: "agent", slug: "nobody" },
        { type: "workflow", slug: "a-reporter" },
        { type: "campaign", slug: "nothing" },
      ]) {
        const missing = await create(a.keys.ADMIN, { ...base, entity });
        expect(missing.status, entity.type).toBe(404);
        expect(missing.body.error).toMatchObject({ code: "not_found", details: [{ path: "entity.slug" }] });
      }
      const { id } = await createAgentSchedule(a);
      const badEdit = await patch(a.keys.ADMIN, id, { cronExpr: "0 25 * * *" });
      expect(badEdit.status).toBe(400);
      expect(pathsOf(badEdit.body)).toEqual(["cronExpr"]);
      expect(pathsOf((await patch(a.keys.ADMIN, id, { timezone: "Nowhere" })).body)).toEqual(["timezone"]);
      expect((await patch(a.keys.ADMIN, id, {})).status).toBe(400);
      expect((await patch(a.keys.ADMIN, id, { entity: { type: "agent", slug: "a-reporter" } })).status).toBe(400);
    });

    it("previews the next five runs in a zone, or names the bad field", async () => {
      const ok = await call(preview, {
        path: `/api/schedules/preview?cronExpr=${encodeURIComponent("30 8 * * *")}&timezone=America/St_Johns`,
        key: a.keys.VIEWER,
      });
      expect(ok.status).toBe(200);
      expect(ok.body.nextRuns).toHaveLength(5);
      for (const run of ok.body.nextRuns) expect(run).toMatch(/T08:30:00-0[23]:30$/);
      const utc = await call(preview, { path: `/api/schedules/preview?cronExpr=${encodeURIComponent("* * * * *")}`, key: a.keys.VIEWER });
      expect(utc.body).toMatchObject({ timezone: "UTC" });
      expect(Date.parse(utc.body.nextRuns[1]) - Date.parse(utc.body.nextRuns[0])).toBe(60_000);

      const badCron = await call(preview, { path: "/api/schedules/preview?cronExpr=nope", key: a.keys.VIEWER });
      expect(badCron.status).toBe(400);
      expect(pathsOf(badCron.body)).toEqual(["cronExpr"]);
      const badZone = await call(preview, { path: `/api/schedules/preview?cronExpr=${encodeURIComponent("* * * * *")}&timezone=Atlantis`, key: a.keys.VIEWER });
      expect(pathsOf(badZone.body)).toEqual(["timezone"]);
      expect(pathsOf((await call(preview, { path: "/api/schedules/preview", key: a.keys.VIEWER })).body)).toEqual(["cronExpr"]);
      expect((await call(preview, { path: "/api/schedules/preview?cronExpr=*" })).status).toBe(401);
    });

    it("lets an operator pause and resume but only an admin create, edit and delete", async () => {
      const body = { entity: { type: "agent", slug: "a-reporter" }, name: "x", cronExpr: "0 9 * * *" };
      for (const key of [a.keys.VIEWER, a.keys.OPERATOR]) expect((await create(key, body)).status).toBe(403);
      const schedule = await createAgentSchedule(a, { name: "Roles" });

      expect((await patch(a.keys.VIEWER, schedule.id, { isActive: false })).status).toBe(403);
      const paused = await patch(a.keys.OPERATOR, schedule.id, { isActive: false });
      expect(paused.status).toBe(200);
      expect(paused.body.schedule).toMatchObject({ isActive: false, nextRunAt: null });
      const resumed = await patch(a.keys.OPERATOR, schedule.id, { isActive: true });
      expect(resumed.body.schedule.isActive).toBe(true);
      expect(Date.parse(resumed.body.schedule.nextRunAt)).toBeGreaterThan(Date.now());

      for (const change of [{ cronExpr: "0 10 * * *" }, { name: "renamed" }, { isActive: false, name: "renamed" }, { input: {} }]) {
        const response = await patch(a.keys.OPERATOR, schedule.id, change);
        expect(response.status, JSON.stringify(change)).toBe(403);
      }
      expect((await remove(a.keys.OPERATOR, schedule.id)).status).toBe(403);
      expect((await get(a.keys.ADMIN, schedule.id)).body.schedule).toMatchObject({ name: "Roles", cronExpr: "0 9 * * *", isActive: true });

      expect((await audit(a.organization.id, schedule.id)).map((entry) => entry.action)).toEqual(["schedule.created", "schedule.paused", "schedule.resumed"]);
    });

    it("the /schedule row switch (PATCH /api/live/automations) is audited as a pause and a resume too", async () => {
      const schedule = await createAgentSchedule(a, { name: "Switched" });
      const toggle = (isActive: boolean) =>
        call(patchAutomation, { method: "PATCH", params: { id: encodeURIComponent(schedule.automationId) }, key: a.keys.OPERATOR, body: { isActive } });
      expect((await toggle(false)).status).toBe(200);
      expect((await toggle(false)).status).toBe(200);
      expect((await toggle(true)).status).toBe(200);
      // The repeated pause changed nothing, so it recorded nothing.
      expect((await audit(a.organization.id, schedule.id)).map((entry) => [entry.action, entry.after])).toEqual([
        ["schedule.created", expect.anything()],
        ["schedule.paused", { isActive: false }],
        ["schedule.resumed", { isActive: true }],
      ]);
    });

    it("an admin's cron edit moves the next run and is audited with before and after", async () => {
      const schedule = await createAgentSchedule(a, { name: "Edited", cronExpr: "0 9 1 1 *", timezone: "Asia/Tokyo" });
      const edited = await patch(a.keys.ADMIN, schedule.id, { cronExpr: "*/10 * * * *", name: "Every ten minutes" });
      expect(edited.status).toBe(200);
      const next = Date.parse(edited.body.schedule.nextRunAt);
      expect(next).toBeLessThan(Date.parse(schedule.nextRunAt!));
      expect(next - Date.now()).toBeLessThanOrEqual(10 * 60_000);
      expect(new Date(next).getUTCMinutes() % 10).toBe(0);
      const stored = await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
      expect(stored).toMatchObject({ cronExpr: "*/10 * * * *", name: "Every ten minutes", nextRunAt: new Date(next) });

      const zoned = await patch(a.keys.ADMIN, schedule.id, { cronExpr: "0 9 * * *" });
      for (const run of zoned.body.schedule.nextRuns) expect(run).toMatch(/T09:00:00\+09:00$/);
      const entries = await audit(a.organization.id, schedule.id);
      expect(entries.slice(1)).toEqual([
        {
          action: "schedule.updated",
          before: { name: "Edited", cronExpr: "0 9 1 1 *" },
          after: { name: "Every ten minutes", cronExpr: "*/10 * * * *" },
        },
        { action: "schedule.updated", before: { cronExpr: "*/10 * * * *" }, after: { cronExpr: "0 9 * * *" } },
      ]);
      // Saving what is already stored changes and records nothing.
      expect((await patch(a.keys.ADMIN, schedule.id, { cronExpr: "0 9 * * *" })).status).toBe(200);
      expect(await audit(a.organization.id, schedule.id)).toHaveLength(3);
    });

    it("deletes by archiving: the schedule stops firing, leaves the list, and its id still answers", async () => {
      const schedule = await createAgentSchedule(a, { name: "Short-lived" });
      const deleted = await remove(a.keys.ADMIN, schedule.id);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({ deleted: true, schedule: { id: schedule.id, isArchived: true, isActive: false, nextRunAt: null } });
      expect(typeof deleted.body.schedule.archivedAt).toBe("string");
      expect((await db.prisma.agentSchedule.findUnique({ where: { id: schedule.id } }))?.isArchived).toBe(true);

      const ids = (response: Awaited<ReturnType<typeof list>>) => response.body.schedules.map((s: Schedule) => s.id);
      expect(ids(await list(a.keys.VIEWER, "?limit=200"))).not.toContain(schedule.id);
      expect(ids(await list(a.keys.VIEWER, "?limit=200&includeArchived=true"))).toContain(schedule.id);
      expect((await get(a.keys.VIEWER, schedule.id)).body.schedule.isArchived).toBe(true);
      expect((await patch(a.keys.ADMIN, schedule.id, { isActive: true })).status).toBe(404);
      expect((await remove(a.keys.ADMIN, schedule.id)).status).toBe(404);
      expect((await audit(a.organization.id, schedule.id)).map((entry) => entry.action)).toEqual(["schedule.created", "schedule.deleted"]);
    });

    it("schedules a workflow and a campaign template (its parameters are the input), and the tick fires the campaign", async () => {
      const workflow = await db.prisma.workflow.create({ data: { organizationId: a.organization.id, slug: "a-digest", name: "Digest", definition: {} } });
      const flow = await create(a.keys.ADMIN, { entity: { type: "workflow", slug: workflow.slug }, name: "Digest nightly", cronExpr: "0 22 * * *" });
      expect(flow.status).toBe(201);
      expect(flow.body.schedule).toMatchObject({ automationId: `workflow-schedule:${flow.body.schedule.id}`, entity: { type: "workflow", id: workflow.id } });

      const template = await db.prisma.campaignTemplate.create({
        data: {
          organizationId: a.organization.id,
          slug: "a-market-scan",
          name: "Market scan",
          intent: "Scan {{topic}} in {{region}}",
          parameters: { topic: { type: "string" }, region: { type: "string", default: "EU" } },
          plannerAgentId: a.agent.id,
        },
      });
      const entity = { type: "campaign", slug: template.slug };
      const missing = await create(a.keys.ADMIN, { entity, name: "Scan", cronExpr: "0 6 * * *" });
      expect(missing.status).toBe(400);
      expect(pathsOf(missing.body)).toEqual(["input.topic"]);

      const created = await create(a.keys.ADMIN, {
        entity,
        name: "Weekly scan",
        cronExpr: "0 6 * * 1",
        timezone: "America/New_York",
        input: { topic: "batteries" },
      });
      expect(created.status).toBe(201);
      const scan: Schedule = created.body.schedule;
      expect(scan).toMatchObject({
        automationId: `campaign-schedule:${scan.id}`,
        entity: { type: "campaign", slug: template.slug },
        input: { topic: "batteries" },
      });
      for (const run of scan.nextRuns) expect(run).toMatch(/T06:00:00-0[45]:00$/);
      expect((await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: scan.id } })).parameters).toEqual({ topic: "batteries" });
      expect(pathsOf((await patch(a.keys.ADMIN, scan.id, { input: { region: "US" } })).body)).toEqual(["input.topic"]);

      const campaigns = await list(a.keys.VIEWER, "?entityType=campaign");
      expect(campaigns.body.schedules.map((s: Schedule) => s.id)).toEqual([scan.id]);

      // The tick at its first slot creates one campaign from the template with the schedule's parameters.
      const slot = new Date(scan.nextRunAt!);
      const ticked = await tickAllSchedules(db.prisma, createLocalEngine(db.prisma), new Date(slot.getTime() + 1_000));
      expect(ticked.campaignSchedules.map((fired) => fired.scheduleId)).toEqual([scan.id]);
      const campaign = await db.prisma.campaign.findFirstOrThrow({ where: { scheduleId: scan.id } });
      expect(campaign).toMatchObject({ intent: "Scan batteries in EU", source: "schedule", parameters: { topic: "batteries", region: "EU" } });
    });

    it("filters by entity and activity and pages with a cursor", async () => {
      const paused = await createAgentSchedule(a, { name: "Paused one", isActive: false });
      expect(paused).toMatchObject({ isActive: false, nextRunAt: null });
      const all: Schedule[] = (await list(a.keys.VIEWER, "?limit=200")).body.schedules;
      expect(all.length).toBeGreaterThanOrEqual(6);
      const byAgent: Schedule[] = (await list(a.keys.VIEWER, "?entityType=agent&entitySlug=a-reporter&limit=200")).body.schedules;
      expect(byAgent.every((s) => (s.entity as { slug: string }).slug === "a-reporter")).toBe(true);
      expect((await list(a.keys.VIEWER, "?entitySlug=a-digest")).body.schedules.map((s: Schedule) => s.name)).toEqual(["Digest nightly"]);
      const inactive: Schedule[] = (await list(a.keys.VIEWER, "?active=false&limit=200")).body.schedules;
      expect(inactive.map((s) => s.id)).toEqual([paused.id]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof list>> = await list(a.keys.VIEWER, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.body.schedules.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.schedules.map((s: Schedule) => s.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((s) => s.id));
      for (const query of ["?entityType=robot", "?active=maybe", "?limit=0", "?cursor=garbage", "?other=1"]) {
        expect((await list(a.keys.VIEWER, query)).status, query).toBe(400);
      }
    });

    it("bulk-pauses and resumes in one request, reporting every id", async () => {
      const first = await createAgentSchedule(a, { name: "Bulk 1", cronExpr: "*/15 * * * *" });
      const second = await createAgentSchedule(a, { name: "Bulk 2", cronExpr: "0 3 * * *", timezone: "Australia/Sydney" });
      const scan = (await list(a.keys.VIEWER, "?entityType=campaign")).body.schedules[0] as Schedule;
      const ids = [first.id, second.id, scan.id, "no-such-schedule", first.id];

      const paused = await bulkAction(a.keys.OPERATOR, { ids, action: "pause" });
      expect(paused.status).toBe(200);
      expect(paused.body.results).toEqual([
        { id: first.id, status: "paused", nextRunAt: null },
        { id: second.id, status: "paused", nextRunAt: null },
        { id: scan.id, status: "paused", nextRunAt: null },
        { id: "no-such-schedule", status: "not_found" },
      ]);
      expect(paused.body.summary).toEqual({ requested: 4, changed: 3, unchanged: 0, notFound: 1, failed: 0 });
      expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ isActive: false, nextRunAt: null });
      // Pausing again changes nothing and says so.
      expect((await bulkAction(a.keys.OPERATOR, { ids: [first.id], action: "pause" })).body.results).toEqual([{ id: first.id, status: "unchanged" }]);

      const resumed = await bulkAction(a.keys.OPERATOR, { ids: [first.id, second.id, scan.id], action: "resume" });
      expect(resumed.body.summary).toMatchObject({ changed: 3 });
      const nextOf = (id: string) => resumed.body.results.find((result: { id: string }) => result.id === id).nextRunAt;
      expect(Date.parse(nextOf(first.id)) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
      // 03:00 in Sydney is 16:00 or 17:00 UTC, by season.
      expect([16, 17]).toContain(new Date(nextOf(second.id)).getUTCHours());
      expect((await get(a.keys.VIEWER, second.id)).body.schedule).toMatchObject({ isActive: true, nextRunAt: nextOf(second.id) });
      expect((await audit(a.organization.id, second.id)).map((entry) => entry.action)).toEqual(["schedule.created", "schedule.paused", "schedule.resumed"]);

      expect((await bulkAction(a.keys.VIEWER, { ids: [first.id], action: "pause" })).status).toBe(403);
      expect(pathsOf((await bulkAction(a.keys.OPERATOR, { ids: [], action: "pause" })).body)).toEqual(["ids"]);
      expect(pathsOf((await bulkAction(a.keys.OPERATOR, { ids: [first.id], action: "archive" })).body)).toEqual(["action"]);
      const tooMany = await bulkAction(a.keys.OPERATOR, { ids: Array.from({ length: 501 }, (_, i) => `id-${i}`), action: "pause" });
      expect(pathsOf(tooMany.body)).toEqual(["ids"]);
    });

    it("pauses 500 schedules in one request", async () => {
      const rows = Array.from({ length: 500 }, (_, i) => ({
        organizationId: b.organization.id,
        agentId: b.agent.id,
        name: `Bulk ${i}`,
        cronExpr: i % 2 ? "*/5 * * * *" : "0 * * * *",
        nextRunAt: new Date(Date.now() + 60_000),
      }));
      const created = await db.prisma.agentSchedule.createManyAndReturn({ data: rows, select: { id: true } });
      const ids = created.map((row) => row.id);
      const paused = await bulkAction(b.keys.OPERATOR, { ids, action: "pause" });
      expect(paused.body.summary).toEqual({ requested: 500, changed: 500, unchanged: 0, notFound: 0, failed: 0 });
      const resumed = await bulkAction(b.keys.OPERATOR, { ids, action: "resume" });
      expect(resumed.body.summary.changed).toBe(500);
      expect(await db.prisma.agentSchedule.count({ where: { id: { in: ids }, isActive: true, nextRunAt: { not: null } } })).toBe(500);
      await db.prisma.agentSchedule.deleteMany({ where: { id: { in: ids } } });
    });
  });

  describe("cross-tenant", () => {
    it("organization B finds none of A's schedules: not found through every endpoint, and bulk reports them so", async () => {
      const schedule = await createAgentSchedule(a, { name: "A's private schedule" });
      const scan = (await list(a.keys.VIEWER, "?entityType=campaign")).body.schedules[0] as Schedule;
      for (const response of [
        await get(b.keys.ADMIN, schedule.id),
        await patch(b.keys.ADMIN, schedule.id, { name: "hijacked" }),
        await patch(b.keys.OPERATOR, schedule.id, { isActive: false }),
        await patch(b.keys.ADMIN, scan.id, { cronExpr: "* * * * *" }),
        await remove(b.keys.ADMIN, schedule.id),
        await remove(b.keys.ADMIN, scan.id),
        // A's agent is not B's to schedule either.
        await create(b.keys.ADMIN, { entity: { type: "agent", slug: "a-reporter" }, name: "x", cronExpr: "* * * * *" }),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
      const bulkOfA = await bulkAction(b.keys.OPERATOR, { ids: [schedule.id, scan.id], action: "pause" });
      expect(bulkOfA.status).toBe(200);
      expect(bulkOfA.body.results).toEqual([
        { id: schedule.id, status: "not_found" },
        { id: scan.id, status: "not_found" },
      ]);
      expect((await list(b.keys.ADMIN, "?limit=200&includeArchived=true")).body.schedules.map((s: Schedule) => s.id)).not.toContain(schedule.id);

      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({
        name: "A's private schedule",
        isActive: true,
        isArchived: false,
      });
      expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ cronExpr: "0 6 * * 1", isArchived: false });
      expect(await db.prisma.auditLog.count({ where: { organizationId: b.organization.id, targetId: { in: [schedule.id, scan.id] } } })).toBe(0);
    });
  });

  describe("the demo organization", () => {
    beforeAll(async () => {
      await seedDemoOrganization(db.prisma, { days: 1, engineHistory: false });
    }, 120_000);

    it("lists the demo's schedules, edits one's cron and bulk-pauses two", async () => {
      const listed: Schedule[] = (await list(DEMO_API_KEY, "?entityType=agent&limit=200")).body.schedules;
      const sweep = listed.find((s) => s.name === "Social listening sweep")!;
      const advocate = listed.find((s) => s.name === "Challenge the latest synthesis")!;
      expect(sweep).toMatchObject({ cronExpr: "0 4-22/2 * * *", timezone: "UTC", entity: { slug: "social-scout" } });
      expect(sweep.runCount).toBeGreaterThan(0);

      const edited = await patch(DEMO_API_KEY, sweep.id, { cronExpr: "15 */3 * * *", timezone: "America/Los_Angeles" });
      expect(edited.status).toBe(200);
      expect(new Date(edited.body.schedule.nextRunAt).getUTCMinutes()).toBe(15);
      for (const run of edited.body.schedule.nextRuns) expect(run).toMatch(/T(00|03|06|09|12|15|18|21):15:00-0[78]:00$/);

      const paused = await bulkAction(DEMO_API_KEY, { ids: [sweep.id, advocate.id], action: "pause" });
      expect(paused.body.summary).toMatchObject({ changed: 2, notFound: 0 });
      const after: Schedule[] = (await list(DEMO_API_KEY, "?active=false&limit=200")).body.schedules;
      expect(after.map((s) => s.name).sort()).toEqual(["Challenge the latest synthesis", "Social listening sweep"]);
      // The demo's schedules are not the other organizations' either.
      expect((await bulkAction(a.keys.OPERATOR, { ids: [sweep.id], action: "resume" })).body.results).toEqual([{ id: sweep.id, status: "not_found" }]);
    });
  });
});
