import { computeNextRunAt } from "@switchyard/core/cron";
import { DEMO_API_KEY, seedDemoOrganization } from "@switchyard/core/demo/index";
import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { createLocalEngine, drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { createResearchDesk } from "@switchyard/core/networks/testing";
import { fireDueSlots } from "@switchyard/core/scheduler";
import { createApiKey } from "@switchyard/core/tenancy/api-keys";
import { createOrganizationWithOwner } from "@switchyard/core/tenancy/organizations";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as archiveAgent } from "@/app/api/agents/[slug]/route";
import { POST as createAgentRoute } from "@/app/api/agents/route";
import { GET as listAudit } from "@/app/api/audit/route";
import { POST as executeTrigger } from "@/app/api/networks/[slug]/execution-triggers/[triggerId]/execute/route";
import { POST as createTrigger } from "@/app/api/networks/[slug]/execution-triggers/route";
import { DELETE as archiveNetworkRoute, GET as getNetworkRoute, PATCH as patchNetworkRoute } from "@/app/api/networks/[slug]/route";
import { GET as listNetworksRoute, POST as createNetworkRoute } from "@/app/api/networks/route";
import { DELETE as archivePulseRoute, GET as getPulseRoute, PATCH as patchPulseRoute } from "@/app/api/pulses/[slug]/route";
import { GET as listPulsesRoute, POST as createPulseRoute } from "@/app/api/pulses/route";
import { POST as startRun } from "@/app/api/runs/route";
import { call } from "./http";

type Key = string;

const api = {
  listNetworks: (key: Key) => call(listNetworksRoute, { key }),
  getNetwork: (slug: string, key: Key) => call(getNetworkRoute, { params: { slug }, key }),
  createNetwork: (body: unknown, key: Key) => call(createNetworkRoute, { method: "POST", body, key }),
  patchNetwork: (slug: string, body: unknown, key: Key) => call(patchNetworkRoute, { method: "PATCH", params: { slug }, body, key }),
  archiveNetwork: (slug: string, key: Key, query = "") =>
    call(archiveNetworkRoute, { method: "DELETE", params: { slug }, path: `/api/networks/${slug}${query}`, key }),
  listPulses: (key: Key) => call(listPulsesRoute, { key }),
  getPulse: (slug: string, key: Key) => call(getPulseRoute, { params: { slug }, key }),
  createPulse: (body: unknown, key: Key) => call(createPulseRoute, { method: "POST", body, key }),
  patchPulse: (slug: string, body: unknown, key: Key) => call(patchPulseRoute, { method: "PATCH", params: { slug }, body, key }),
  archivePulse: (slug: string, key: Key) => call(archivePulseRoute, { method: "DELETE", params: { slug }, key }),
  audit: (key: Key, action: string) => call(listAudit, { path: `/api/audit?action=${action}`, key }),
};

const NEW_NETWORK = {
  name: "Fact desk",
  slug: "fact-desk",
  goal: "Check the facts, then write them up",
  routerInstructions: "Research first, then write.",
  maxSteps: 4,
  members: [
    { agent: "researcher", role: "research" },
    { agent: "writer", role: "drafting" },
  ],
};

const NEW_PULSE = {
  name: "Desk pulse",
  slug: "desk-pulse",
  goal: "Keep the desk sharp and cheap",
  members: [{ agent: "researcher", capacity: 4 }, { agent: "writer" }],
  evalCronExpr: "0 6 * * *",
  evalTimezone: "Europe/Paris",
  evalWindowHours: 48,
};

/** The `path`s of a 400's field errors. */
const fieldPaths = (response: { body: { error: { details: { path: string }[] } } }) => response.body.error.details.map((detail) => detail.path);

describe("networks and pulses: definitions through the API", () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof createResearchDesk>>;
  let b: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createResearchDesk(db.prisma);
    b = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  describe("networks", () => {
    it("creates a network with its members in working order, shows it, and audits it", async () => {
      const created = await api.createNetwork(NEW_NETWORK, a.keys.ADMIN);
      expect(created.status).toBe(201);
      expect(created.body.network).toMatchObject({ slug: "fact-desk", maxSteps: 4, routerModel: "simulated-router", isActive: true, archivedAt: null });
      const shown = await api.getNetwork("fact-desk", a.keys.VIEWER);
      expect(shown.body.network.members.map((m: { position: number; role: string; agent: { slug: string } }) => [m.position, m.role, m.agent.slug])).toEqual([
        [0, "research", "researcher"],
        [1, "drafting", "writer"],
      ]);
      const listed = await api.listNetworks(a.keys.VIEWER);
      expect(listed.body.networks.find((n: { slug: string }) => n.slug === "fact-desk")).toMatchObject({
        memberCount: 2,
        members: [
          { slug: "researcher", name: "Researcher" },
          { slug: "writer", name: "Writer" },
        ],
      });

      const audit = await api.audit(a.keys.ADMIN, "network.created");
      expect(audit.body.entries).toEqual([
        expect.objectContaining({
          targetType: "network",
          targetId: created.body.network.id,
          actorLabel: "API key admin key",
          after: expect.objectContaining({
            slug: "fact-desk",
            members: [expect.objectContaining({ agent: "researcher" }), expect.objectContaining({ agent: "writer" })],
          }),
        }),
      ]);
    });

    it("answers 400 naming the exact field", async () => {
      const cases: [unknown, string[]][] = [
        [{ ...NEW_NETWORK, slug: "too-many", maxSteps: 51 }, ["maxSteps"]],
        [{ ...NEW_NETWORK, slug: "nobody", members: [] }, ["members"]],
        [{ ...NEW_NETWORK, slug: "Bad Slug" }, ["slug"]],
        [{ ...NEW_NETWORK, slug: "twice", members: [{ agent: "writer" }, { agent: "writer" }] }, ["members.1.agent"]],
        [{ ...NEW_NETWORK, slug: "extra", colour: "blue" }, [""]],
        [{ ...NEW_NETWORK, slug: "ghost", members: [{ agent: "researcher" }, { agent: "writer" }, { agent: "ghost-writer" }] }, ["members.2.agent"]],
      ];
      for (const [body, paths] of cases) {
        const response = await api.createNetwork(body, a.keys.ADMIN);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(fieldPaths(response)).toEqual(paths);
      }
      const retired = { slug: "retired", name: "Retired", instructions: "Retire.", modelName: "gpt-4o-mini" };
      expect((await call(createAgentRoute, { method: "POST", body: retired, key: a.keys.ADMIN })).status).toBe(201);
      expect((await call(archiveAgent, { method: "DELETE", params: { slug: "retired" }, path: "/api/agents/retired", key: a.keys.ADMIN })).status).toBe(200);
      const archivedMember = await api.createNetwork({ ...NEW_NETWORK, slug: "retirees", members: [{ agent: "retired" }] }, a.keys.ADMIN);
      expect(archivedMember.status).toBe(400);
      expect(archivedMember.body.error.details).toEqual([{ path: "members.0.agent", message: 'Agent "retired" is archived' }]);
      expect(await db.prisma.network.count({ where: { organizationId: a.organization.id } })).toBe(2);
    });

    it("answers 409 for a taken slug and 404 for an unknown network", async () => {
      const duplicate = await api.createNetwork({ ...NEW_NETWORK, slug: "research-desk" }, a.keys.ADMIN);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.details).toEqual([{ path: "slug", message: "already taken" }]);
      const renamedOntoTaken = await api.patchNetwork("fact-desk", { slug: "research-desk" }, a.keys.ADMIN);
      expect(renamedOntoTaken.status).toBe(409);
      for (const response of [
        await api.getNetwork("nowhere", a.keys.ADMIN),
        await api.patchNetwork("nowhere", { maxSteps: 3 }, a.keys.ADMIN),
        await api.archiveNetwork("nowhere", a.keys.ADMIN),
      ]) {
        expect(response.status).toBe(404);
      }
    });

    it("lets only admins and owners write (403 for viewers and operators)", async () => {
      for (const key of [a.keys.VIEWER, a.keys.OPERATOR]) {
        const attempts = [
          await api.createNetwork({ ...NEW_NETWORK, slug: "sneaky" }, key),
          await api.patchNetwork("fact-desk", { maxSteps: 9 }, key),
          await api.archiveNetwork("fact-desk", key),
        ];
        expect(attempts.map((response) => response.status)).toEqual([403, 403, 403]);
      }
      expect((await api.createNetwork({ ...NEW_NETWORK, slug: "owned", members: [{ agent: "reviewer" }] }, a.keys.OWNER)).status).toBe(201);
      expect(await db.prisma.network.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "fact-desk" } })).toMatchObject({ maxSteps: 4 });
    });

    it("edits the router and max steps and replaces the members, auditing only what changed", async () => {
      const edited = await api.patchNetwork(
        "fact-desk",
        { maxSteps: 6, routerInstructions: "Always review last.", members: [{ agent: "writer" }, { agent: "reviewer", role: "quality", position: 5 }] },
        a.keys.ADMIN,
      );
      expect(edited.status).toBe(200);
      expect(edited.body.network).toMatchObject({ maxSteps: 6, routerInstructions: "Always review last.", name: "Fact desk" });
      expect(edited.body.network.members.map((m: { position: number; agent: { slug: string } }) => [m.position, m.agent.slug])).toEqual([
        [0, "writer"],
        [5, "reviewer"],
      ]);

      const [entry] = (await api.audit(a.keys.ADMIN, "network.updated")).body.entries;
      expect(Object.keys(entry.after).sort()).toEqual(["maxSteps", "members", "routerInstructions"]);
      expect(entry.before).toMatchObject({ maxSteps: 4, routerInstructions: "Research first, then write." });
      expect(entry.after.members).toEqual([
        { agent: "writer", role: null, position: 0 },
        { agent: "reviewer", role: "quality", position: 5 },
      ]);
      const bad = await api.patchNetwork("fact-desk", { members: [{ agent: "writer" }, { agent: "nobody" }] }, a.keys.ADMIN);
      expect(fieldPaths(bad)).toEqual(["members.1.agent"]);
      expect((await api.patchNetwork("fact-desk", {}, a.keys.ADMIN)).status).toBe(400);
    });

    it("keeps organizations apart: B cannot see or edit A's network, nor make A's agent a member of its own", async () => {
      expect((await api.listNetworks(b.keys.ADMIN)).body.networks).toEqual([]);
      const attempts = [
        await api.getNetwork("fact-desk", b.keys.ADMIN),
        await api.patchNetwork("fact-desk", { name: "Hijacked" }, b.keys.ADMIN),
        await api.archiveNetwork("fact-desk", b.keys.ADMIN, "?cascade=pause"),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
      const borrowed = await api.createNetwork({ ...NEW_NETWORK, members: [{ agent: "test-agent" }, { agent: "researcher" }] }, b.keys.ADMIN);
      expect(borrowed.status).toBe(400);
      expect(borrowed.body.error.details).toEqual([{ path: "members.1.agent", message: 'No agent "researcher" in this organization' }]);
      // The same slug is free in another organization.
      expect((await api.createNetwork({ ...NEW_NETWORK, members: [{ agent: "test-agent" }] }, b.keys.ADMIN)).status).toBe(201);
      expect(await db.prisma.network.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "fact-desk" } })).toMatchObject({
        name: "Fact desk",
        archivedAt: null,
      });
    });

    it("archives only with ?cascade=pause while a schedule is active; an archived network cannot be fired or edited", async () => {
      const network = await db.prisma.network.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "fact-desk" } });
      const schedule = await db.prisma.agentSchedule.create({
        data: { organizationId: a.organization.id, entityType: "network", networkId: network.id, name: "Morning facts", cronExpr: "0 7 * * *" },
      });
      const trigger = await call(createTrigger, { method: "POST", params: { slug: "fact-desk" }, key: a.keys.OPERATOR, body: { type: "manual", name: "Ask" } });

      const refused = await api.archiveNetwork("fact-desk", a.keys.ADMIN);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('"Morning facts"');
      expect(refused.body.error.details.schedules).toEqual([{ id: schedule.id, name: "Morning facts" }]);
      expect(await db.prisma.network.findUniqueOrThrow({ where: { id: network.id } })).toMatchObject({ isActive: true, archivedAt: null });

      const archived = await api.archiveNetwork("fact-desk", a.keys.ADMIN, "?cascade=pause");
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ network: { isActive: false, archivedAt: expect.any(String) }, pausedScheduleIds: [schedule.id] });
      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: false, nextRunAt: null });
      const [entry] = (await api.audit(a.keys.ADMIN, "network.archived")).body.entries;
      expect(entry).toMatchObject({ targetId: network.id, after: { isActive: false, pausedScheduleIds: [schedule.id] } });

      const started = await call(startRun, { method: "POST", key: a.keys.OPERATOR, body: { kind: "network", slug: "fact-desk", input: {} } });
      expect(started.status).toBe(409);
      expect(started.body.error.message).toBe('Network "fact-desk" is archived');
      // A trigger still pointing at it runs nothing: the run fails at once, without calling a member.
      const fired = await call(executeTrigger, {
        method: "POST",
        params: { slug: "fact-desk", triggerId: trigger.body.trigger.id },
        key: a.keys.OPERATOR,
        body: {},
      });
      expect(fired.status).toBe(202);
      await drainLocalJobs({ db: db.prisma, handlers: createEventHandlers({ db: db.prisma, workerId: "test", sleep: async () => {} }), workerId: "test" });
      const run = await db.prisma.networkRun.findFirstOrThrow({ where: { networkId: network.id } });
      expect(run).toMatchObject({ status: "FAILED", error: "Network is archived", stepsCount: 0 });

      expect((await api.patchNetwork("fact-desk", { maxSteps: 2 }, a.keys.ADMIN)).status).toBe(409);
      // Archiving again changes nothing and records nothing.
      expect((await api.archiveNetwork("fact-desk", a.keys.ADMIN)).status).toBe(200);
      expect((await api.audit(a.keys.ADMIN, "network.archived")).body.entries).toHaveLength(1);
    });
  });

  describe("pulses", () => {
    it("creates a pulse with its members and its first evaluation armed in its time zone, and audits it", async () => {
      const before = new Date();
      const created = await api.createPulse(
        { ...NEW_PULSE, scoringRules: { weights: { success: 0.5, cost: 0.5, eval: 0 }, raiseAtScore: 80, lowerBelowScore: 40, minRunsToAct: 5 } },
        a.keys.ADMIN,
      );
      expect(created.status).toBe(201);
      const pulse = created.body.pulse;
      expect(pulse).toMatchObject({
        status: "ACTIVE",
        evalTimezone: "Europe/Paris",
        evalWindowHours: 48,
        hasCustomScoringRules: true,
        scoringRules: { minRunsToAct: 5 },
      });
      expect(pulse.members.map((m: { capacity: number; agent: { slug: string } }) => [m.agent.slug, m.capacity])).toEqual([
        ["researcher", 4],
        ["writer", 3],
      ]);
      // 06:00 in Paris is 04:00 or 05:00 UTC.
      expect(new Date(pulse.nextEvalAt).getTime()).toBe(computeNextRunAt("0 6 * * *", "Europe/Paris", before).getTime());
      expect(pulse.nextEvaluations).toHaveLength(5);
      expect(pulse.nextEvaluations[0]).toBe(pulse.nextEvalAt);
      expect(new Date(pulse.nextEvalAt).getUTCHours()).toBeOneOf([4, 5]);

      const listed = await api.listPulses(a.keys.VIEWER);
      expect(listed.body.pulses).toEqual([
        expect.objectContaining({
          slug: "desk-pulse",
          status: "ACTIVE",
          members: [
            { slug: "researcher", name: "Researcher", capacity: 4 },
            { slug: "writer", name: "Writer", capacity: 3 },
          ],
        }),
      ]);
      const [entry] = (await api.audit(a.keys.ADMIN, "pulse.created")).body.entries;
      expect(entry).toMatchObject({ targetId: pulse.id, after: { evalCronExpr: "0 6 * * *", scoringRules: { minRunsToAct: 5 } } });
    });

    it("answers 400 naming the exact field", async () => {
      const cases: [unknown, string[]][] = [
        [{ ...NEW_PULSE, slug: "p1", evalCronExpr: "61 * * * *" }, ["evalCronExpr"]],
        [{ ...NEW_PULSE, slug: "p2", evalCronExpr: "* * * * * *" }, ["evalCronExpr"]],
        [{ ...NEW_PULSE, slug: "p3", evalTimezone: "Mars/Olympus" }, ["evalTimezone"]],
        [{ ...NEW_PULSE, slug: "p4", members: [{ agent: "writer", capacity: 11 }] }, ["members.0.capacity"]],
        [
          { ...NEW_PULSE, slug: "p5", scoringRules: { weights: { success: 0.9, cost: 0.9, eval: 0 }, raiseAtScore: 75, lowerBelowScore: 50, minRunsToAct: 3 } },
          ["scoringRules.weights"],
        ],
        [{ ...NEW_PULSE, slug: "p6", evalWindowHours: 0 }, ["evalWindowHours"]],
        [{ ...NEW_PULSE, slug: "p7", members: [{ agent: "writer" }, { agent: "nobody" }] }, ["members.1.agent"]],
      ];
      for (const [body, paths] of cases) {
        const response = await api.createPulse(body, a.keys.ADMIN);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(fieldPaths(response)).toEqual(paths);
      }
      const badEdit = await api.patchPulse("desk-pulse", { evalCronExpr: "every day" }, a.keys.ADMIN);
      expect(fieldPaths(badEdit)).toEqual(["evalCronExpr"]);
      expect(await db.prisma.pulse.count({ where: { organizationId: a.organization.id } })).toBe(1);
    });

    it("answers 409 for a taken slug and 404 for an unknown pulse", async () => {
      const duplicate = await api.createPulse(NEW_PULSE, a.keys.ADMIN);
      expect(duplicate.status).toBe(409);
      expect(fieldPaths(duplicate)).toEqual(["slug"]);
      for (const response of [
        await api.getPulse("nowhere", a.keys.ADMIN),
        await api.patchPulse("nowhere", { status: "PAUSED" }, a.keys.ADMIN),
        await api.archivePulse("nowhere", a.keys.ADMIN),
      ]) {
        expect(response.status).toBe(404);
      }
    });

    it("lets operators pause and resume, and only admins change the definition", async () => {
      for (const key of [a.keys.VIEWER, a.keys.OPERATOR]) {
        const attempts = [
          await api.createPulse({ ...NEW_PULSE, slug: "sneaky" }, key),
          await api.patchPulse("desk-pulse", { goal: "Something else" }, key),
          await api.patchPulse("desk-pulse", { status: "PAUSED", goal: "Something else" }, key),
          await api.archivePulse("desk-pulse", key),
        ];
        expect(attempts.map((response) => response.status)).toEqual([403, 403, 403, 403]);
      }
      expect((await api.patchPulse("desk-pulse", { status: "PAUSED" }, a.keys.VIEWER)).status).toBe(403);

      const paused = await api.patchPulse("desk-pulse", { status: "PAUSED" }, a.keys.OPERATOR);
      expect(paused.body.pulse).toMatchObject({ status: "PAUSED", nextEvalAt: null, nextEvaluations: [] });
      const resumed = await api.patchPulse("desk-pulse", { status: "ACTIVE" }, a.keys.OPERATOR);
      expect(resumed.body.pulse).toMatchObject({ status: "ACTIVE", goal: NEW_PULSE.goal });
      expect(resumed.body.pulse.nextEvalAt).not.toBeNull();
      const statuses = (await api.audit(a.keys.ADMIN, "pulse.updated")).body.entries.map((entry: { before: unknown; after: unknown }) => [
        entry.before,
        entry.after,
      ]);
      expect(statuses).toEqual([
        [{ status: "PAUSED" }, { status: "ACTIVE" }],
        [{ status: "ACTIVE" }, { status: "PAUSED" }],
      ]);
    });

    it("moves the next evaluation when the cron changes, so a tick fires the new slot and never the old one", async () => {
      const pulse = await db.prisma.pulse.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "desk-pulse" } });
      // The old slot is due: a tick now would fire it.
      const oldSlot = new Date(Date.now() - 60_000);
      await db.prisma.pulse.update({ where: { id: pulse.id }, data: { nextEvalAt: oldSlot } });

      const before = new Date();
      const edited = await api.patchPulse("desk-pulse", { evalCronExpr: "30 18 * * 1-5", evalTimezone: "America/New_York" }, a.keys.ADMIN);
      expect(edited.status).toBe(200);
      const newSlot = new Date(edited.body.pulse.nextEvalAt);
      expect(newSlot.getTime()).toBe(computeNextRunAt("30 18 * * 1-5", "America/New_York", before).getTime());
      expect(new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hour12: false }).format(newSlot)).toBe(
        "18:30",
      );

      const engine = createLocalEngine(db.prisma);
      const firedNow = await fireDueSlots(db.prisma, engine, "pulses", new Date());
      expect(firedNow.filter((fired) => fired.pulseId === pulse.id)).toEqual([]);
      const firedLater = await fireDueSlots(db.prisma, engine, "pulses", new Date(newSlot.getTime() + 1_000));
      expect(firedLater.filter((fired) => fired.pulseId === pulse.id).map((fired) => fired.scheduledFor.getTime())).toEqual([newSlot.getTime()]);

      const [entry] = (await api.audit(a.keys.ADMIN, "pulse.updated")).body.entries;
      expect(entry).toMatchObject({
        before: { evalCronExpr: "0 6 * * *", evalTimezone: "Europe/Paris" },
        after: { evalCronExpr: "30 18 * * 1-5", evalTimezone: "America/New_York" },
      });
    });

    it("replaces members, keeping a staying member's capacity unless a new one is given, and resets the scoring rules", async () => {
      const edited = await api.patchPulse(
        "desk-pulse",
        { members: [{ agent: "writer" }, { agent: "reviewer", capacity: 2 }], scoringRules: null },
        a.keys.ADMIN,
      );
      expect(edited.status).toBe(200);
      expect(edited.body.pulse.members.map((m: { capacity: number; agent: { slug: string } }) => [m.agent.slug, m.capacity])).toEqual([
        ["writer", 3],
        ["reviewer", 2],
      ]);
      expect(edited.body.pulse).toMatchObject({
        hasCustomScoringRules: false,
        scoringRules: { weights: { success: 0.6, cost: 0.2, eval: 0.2 }, minRunsToAct: 3 },
      });
    });

    it("keeps organizations apart: B cannot see or edit A's pulse, nor add A's agent to its own", async () => {
      expect((await api.listPulses(b.keys.ADMIN)).body.pulses).toEqual([]);
      for (const response of [
        await api.getPulse("desk-pulse", b.keys.ADMIN),
        await api.patchPulse("desk-pulse", { status: "PAUSED" }, b.keys.ADMIN),
        await api.patchPulse("desk-pulse", { goal: "Hijacked" }, b.keys.ADMIN),
        await api.archivePulse("desk-pulse", b.keys.ADMIN),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
      const borrowed = await api.createPulse({ ...NEW_PULSE, members: [{ agent: "writer" }] }, b.keys.ADMIN);
      expect(borrowed.status).toBe(400);
      expect(fieldPaths(borrowed)).toEqual(["members.0.agent"]);
      expect(await db.prisma.pulse.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "desk-pulse" } })).toMatchObject({
        goal: NEW_PULSE.goal,
        status: "ACTIVE",
      });
    });

    it("archives a pulse: its evaluations stop, it cannot be edited, and the archive is audited once", async () => {
      const pulse = await db.prisma.pulse.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "desk-pulse" } });
      const archived = await api.archivePulse("desk-pulse", a.keys.ADMIN);
      expect(archived.status).toBe(200);
      expect(archived.body.pulse).toMatchObject({
        status: "ARCHIVED",
        isArchived: true,
        nextEvalAt: null,
        nextEvaluations: [],
        archivedAt: expect.any(String),
      });

      // Long after its old slot, and after the scheduler's own re-arming pass, nothing fires.
      const fired = await fireDueSlots(db.prisma, createLocalEngine(db.prisma), "pulses", new Date(Date.now() + 7 * 86_400_000));
      expect(fired.filter((slot) => slot.pulseId === pulse.id)).toEqual([]);
      expect(await db.prisma.pulse.findUniqueOrThrow({ where: { id: pulse.id } })).toMatchObject({ nextEvalAt: null });

      expect((await api.patchPulse("desk-pulse", { status: "ACTIVE" }, a.keys.ADMIN)).status).toBe(409);
      expect((await api.archivePulse("desk-pulse", a.keys.ADMIN)).status).toBe(200);
      const entries = (await api.audit(a.keys.ADMIN, "pulse.archived")).body.entries;
      expect(entries).toEqual([expect.objectContaining({ targetId: pulse.id, after: expect.objectContaining({ status: "ARCHIVED" }) })]);
    });
  });
});

describe("networks and pulses in the demo organization and in one created from nothing", () => {
  let db: Database;

  beforeAll(async () => {
    db = await useTestDatabase();
    await seedDemoOrganization(db.prisma, { days: 1 });
  }, 120_000);
  afterAll(async () => db?.close());

  it("the demo's council and growth collective are listed, and editable with the demo key", async () => {
    const networks = await api.listNetworks(DEMO_API_KEY);
    expect(networks.body.networks.map((network: { slug: string }) => network.slug)).toContain("research-council");
    const pulses = await api.listPulses(DEMO_API_KEY);
    expect(pulses.body.pulses).toEqual([expect.objectContaining({ slug: "growth-collective", evalCronExpr: "0 22 * * *", status: "ACTIVE" })]);

    const before = new Date();
    const edited = await api.patchPulse("growth-collective", { evalCronExpr: "15 7 * * *" }, DEMO_API_KEY);
    expect(edited.status).toBe(200);
    expect(new Date(edited.body.pulse.nextEvalAt).getTime()).toBe(computeNextRunAt("15 7 * * *", "UTC", before).getTime());

    const council = (await api.getNetwork("research-council", DEMO_API_KEY)).body.network;
    const members = council.members.map((member: { agent: { slug: string } }) => ({ agent: member.agent.slug }));
    const created = await api.createNetwork({ ...NEW_NETWORK, slug: "council-copy", members }, DEMO_API_KEY);
    expect(created.status).toBe(201);
    expect(created.body.network.members).toHaveLength(members.length);
  });

  it("an organization created from nothing defines its first network and pulse", async () => {
    const { organization } = await createOrganizationWithOwner(
      db.prisma,
      { name: "Blank Slate", slug: "blank-slate", owner: { email: "owner@blank.test", password: "blank-slate-password" } },
      { type: "cli", id: "cli", label: "test" },
    );
    const { key } = await createApiKey(db.prisma, { organizationId: organization.id, name: "admin", role: "ADMIN" });
    expect((await api.listNetworks(key)).body.networks).toEqual([]);
    expect((await api.listPulses(key)).body.pulses).toEqual([]);
    // No agents yet: a member must exist first, created through the agents API.
    expect(fieldPaths(await api.createNetwork({ ...NEW_NETWORK, members: [{ agent: "scout" }] }, key))).toEqual(["members.0.agent"]);

    for (const slug of ["scout", "scribe"]) {
      const created = await call(createAgentRoute, { method: "POST", body: { slug, name: slug, instructions: "Work.", modelName: "gpt-4o-mini" }, key });
      expect(created.status).toBe(201);
    }
    const network = await api.createNetwork({ ...NEW_NETWORK, members: [{ agent: "scout" }, { agent: "scribe" }] }, key);
    expect(network.status).toBe(201);
    const pulse = await api.createPulse({ ...NEW_PULSE, members: [{ agent: "scout" }, { agent: "scribe" }] }, key);
    expect(pulse.status).toBe(201);
    expect((await api.listNetworks(key)).body.networks.map((n: { slug: string }) => n.slug)).toEqual(["fact-desk"]);
    expect((await api.listPulses(key)).body.pulses.map((p: { slug: string }) => p.slug)).toEqual(["desk-pulse"]);
  });
});
