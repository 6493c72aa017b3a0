import { DEMO_API_KEY, seedDemoOrganization } from "@switchyard/core/demo/index";
import { createApiKey } from "@switchyard/core/tenancy/api-keys";
import { createOrganizationWithOwner } from "@switchyard/core/tenancy/organizations";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as archiveTemplate, GET as getTemplate, PATCH as editTemplate } from "@/app/api/campaign-templates/[slug]/route";
import { DELETE as deleteTrigger, GET as getTrigger, PATCH as editTrigger } from "@/app/api/campaign-templates/[slug]/execution-triggers/[triggerId]/route";
import { GET as listTriggers, POST as createTrigger } from "@/app/api/campaign-templates/[slug]/execution-triggers/route";
import { GET as listTemplates, POST as createTemplate } from "@/app/api/campaign-templates/route";
import { GET as getCampaign } from "@/app/api/campaigns/[id]/route";
import { POST as createCampaign } from "@/app/api/campaigns/route";
import { GET as listAudit } from "@/app/api/audit/route";
import { POST as startRun } from "@/app/api/runs/route";
import { POST as emitEvent } from "@/app/api/triggers/event/route";
import { drainJobs } from "./engine";
import { call } from "./http";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;

/** A template with a two-mission plan: gather in parallel, then publish after a sign-off. */
const launchBrief = (overrides: Record<string, unknown> = {}) => ({
  name: "Launch brief",
  slug: "launch-brief",
  description: "Briefs a launch",
  intent: "Brief {{ audience }} on {{ product }}",
  parameters: { product: { description: "What launches", type: "string" }, audience: "engineers" },
  missionPlan: {
    missions: [
      {
        name: "Gather",
        tasks: [
          { title: "Collect {{ product }} sources", agent: "collector" },
          { title: "Survey", agent: "test-agent", instructions: "Survey prior launches" },
        ],
      },
      { name: "Publish", tasks: [{ title: "Publish the brief", agent: "publisher" }] },
    ],
  },
  requireApproval: false,
  maxCostUsd: 2,
  ...overrides,
});

async function addAgents(db: Database, organizationId: string, slugs: string[]) {
  for (const slug of slugs) {
    await db.prisma.agent.create({
      data: { organizationId, slug, name: slug, instructions: `You are the ${slug}.`, modelName: "gpt-4o-mini", simulation: { failureRate: 0, latencyMs: 5 } },
    });
  }
}

const post = (handler: typeof createTemplate, key: string, body: unknown, params?: Record<string, string>) =>
  call(handler, { method: "POST", key, body, params });

describe("/api/campaign-templates", () => {
  let db: Database;
  let a: Org;
  let b: Org;

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma, { agentSlug: "b-agent" });
    await addAgents(db, a.organization.id, ["collector", "publisher", "planner"]);
    await addAgents(db, b.organization.id, ["publisher"]);
  });
  afterAll(async () => db?.close());

  it("creates a template with its mission plan and audits it", async () => {
    const created = await post(createTemplate, a.keys.ADMIN, launchBrief({ plannerAgent: "planner" }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.template).toMatchObject({
      slug: "launch-brief",
      intent: "Brief {{ audience }} on {{ product }}",
      missionPlan: launchBrief().missionPlan,
      maxCostUsd: 2,
      plannerAgent: { slug: "planner" },
      isActive: true,
      archivedAt: null,
      campaigns: { total: 0, active: 0, lastStatus: null },
    });

    const shown = await call(getTemplate, { params: { slug: "launch-brief" }, key: a.keys.VIEWER });
    expect(shown.status).toBe(200);
    expect(shown.body.template.id).toBe(created.body.template.id);

    const audit = await call(listAudit, { path: "/api/audit?action=campaign_template.created", key: a.keys.ADMIN });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      actorType: "apiKey",
      targetType: "campaign_template",
      targetId: created.body.template.id,
      after: { intent: "Brief {{ audience }} on {{ product }}", maxCostUsd: 2, plannerAgent: "planner" },
    });
  });

  it("names an undeclared placeholder, wherever it is", async () => {
    const inIntent = await post(createTemplate, a.keys.ADMIN, launchBrief({ slug: "p1", intent: "Brief {{ audience }} on {{ release }}" }));
    expect(inIntent.status).toBe(400);
    expect(inIntent.body.error.details).toEqual([{ path: "intent", message: "Placeholder {{ release }} is not declared in parameters" }]);
    expect(inIntent.body.error.message).toContain("{{ release }}");

    const plan = launchBrief().missionPlan;
    plan.missions[1].tasks[0].title = "Publish for {{ region }}";
    const inPlan = await post(createTemplate, a.keys.ADMIN, launchBrief({ slug: "p2", missionPlan: plan }));
    expect(inPlan.status).toBe(400);
    expect(inPlan.body.error.details).toEqual([
      { path: "missionPlan.missions.1.tasks.0.title", message: "Placeholder {{ region }} is not declared in parameters" },
    ]);
  });

  it("names a mission plan agent that is missing or archived, and the planner agent", async () => {
    const plan = launchBrief().missionPlan;
    plan.missions[1].tasks[0].agent = "ghost";
    const missing = await post(createTemplate, a.keys.ADMIN, launchBrief({ slug: "m1", missionPlan: plan, plannerAgent: "nobody" }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { path: "missionPlan.missions.1.tasks.0.agent", message: 'No active agent "ghost" in this organization' },
      { path: "plannerAgent", message: 'No active agent "nobody" in this organization' },
    ]);

    await addAgents(db, a.organization.id, ["retired"]);
    await db.prisma.agent.update({
      where: { organizationId_slug: { organizationId: a.organization.id, slug: "retired" } },
      data: { isActive: false, archivedAt: new Date() },
    });
    plan.missions[1].tasks[0].agent = "retired";
    const archived = await post(createTemplate, a.keys.ADMIN, launchBrief({ slug: "m2", missionPlan: plan }));
    expect(archived.status).toBe(400);
    expect(archived.body.error.details).toEqual([{ path: "missionPlan.missions.1.tasks.0.agent", message: 'No active agent "retired" in this organization' }]);
  });

  it("answers 400 on each bad field by path, 409 on a duplicate slug, 404 on an unknown template", async () => {
    const bad = await post(createTemplate, a.keys.ADMIN, {
      ...launchBrief({ slug: "Not A Slug", maxCostUsd: 0 }),
      missionPlan: { missions: [{ name: "Empty", tasks: [] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(["maxCostUsd", "missionPlan.missions.0.tasks", "slug"]);

    const duplicate = await post(createTemplate, a.keys.ADMIN, launchBrief());
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: "conflict", details: [{ path: "slug", message: "already taken" }] });

    for (const response of [
      await call(getTemplate, { params: { slug: "nope" }, key: a.keys.VIEWER }),
      await call(editTemplate, { method: "PATCH", params: { slug: "nope" }, key: a.keys.ADMIN, body: { name: "x" } }),
      await call(archiveTemplate, { method: "DELETE", params: { slug: "nope" }, key: a.keys.ADMIN }),
      await call(listTriggers, { params: { slug: "nope" }, key: a.keys.VIEWER }),
    ]) {
      expect(response.status).toBe(404);
    }
  });

  it("lets only ADMIN and above write; every role reads", async () => {
    for (const role of ["OPERATOR", "VIEWER"] as const) {
      const key = a.keys[role];
      const attempts = [
        await post(createTemplate, key, launchBrief({ slug: `by-${role.toLowerCase()}` })),
        await call(editTemplate, { method: "PATCH", params: { slug: "launch-brief" }, key, body: { maxCostUsd: 9 } }),
        await call(archiveTemplate, { method: "DELETE", params: { slug: "launch-brief" }, key }),
      ];
      for (const response of attempts) expect(response.status).toBe(403);
      expect((await call(listTemplates, { key })).status).toBe(200);
    }
    expect((await post(createTemplate, a.keys.OWNER, launchBrief({ slug: "by-owner" }))).status).toBe(201);
  });

  it("edits a template, checking the merged definition, and audits only what changed", async () => {
    const edited = await call(editTemplate, {
      method: "PATCH",
      params: { slug: "launch-brief" },
      key: a.keys.ADMIN,
      body: { maxCostUsd: 5, description: null, plannerAgent: null },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.template).toMatchObject({ maxCostUsd: 5, description: null, plannerAgent: null, intent: "Brief {{ audience }} on {{ product }}" });

    const audit = await call(listAudit, { path: "/api/audit?action=campaign_template.updated", key: a.keys.ADMIN });
    expect(audit.body.entries[0]).toMatchObject({
      before: { maxCostUsd: 2, description: "Briefs a launch", plannerAgent: "planner" },
      after: { maxCostUsd: 5, description: null, plannerAgent: null },
    });
    expect(Object.keys(audit.body.entries[0].after).sort()).toEqual(["description", "maxCostUsd", "plannerAgent"]);

    // Dropping a parameter the intent still uses is named at the intent.
    const dropped = await call(editTemplate, { method: "PATCH", params: { slug: "launch-brief" }, key: a.keys.ADMIN, body: { parameters: { product: "x" } } });
    expect(dropped.status).toBe(400);
    expect(dropped.body.error.details).toEqual([{ path: "intent", message: "Placeholder {{ audience }} is not declared in parameters" }]);

    const badPlan = launchBrief().missionPlan;
    badPlan.missions[0].tasks[1].agent = "b-agent";
    const foreign = await call(editTemplate, { method: "PATCH", params: { slug: "launch-brief" }, key: a.keys.ADMIN, body: { missionPlan: badPlan } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([{ path: "missionPlan.missions.0.tasks.1.agent", message: 'No active agent "b-agent" in this organization' }]);

    const cleared = await call(editTemplate, { method: "PATCH", params: { slug: "by-owner" }, key: a.keys.ADMIN, body: { missionPlan: null } });
    expect(cleared.body.template.missionPlan).toBeNull();
    const row = await db.prisma.campaignTemplate.findUniqueOrThrow({ where: { id: cleared.body.template.id } });
    expect(row.missionPlan).toBeNull();
  });

  it("starts a campaign from a template with a mission plan that runs exactly that plan", async () => {
    const started = await post(createCampaign, a.keys.OPERATOR, { template: "launch-brief", parameters: { product: "Atlas" } });
    expect(started.status).toBe(201);
    expect(started.body.campaign).toMatchObject({ intent: "Brief engineers on Atlas", maxCostUsd: 5 });
    await drainJobs(db);

    const done = await call(getCampaign, { params: { id: started.body.campaign.id }, key: a.keys.VIEWER });
    expect(done.body.campaign).toMatchObject({ status: "COMPLETED", plan: { planner: null } });
    expect(
      done.body.campaign.missions.map((m: { sequence: number; name: string; tasks: { name: string; agent: { slug: string } }[] }) => [
        m.sequence,
        m.name,
        m.tasks.map((t) => [t.name, t.agent.slug]),
      ]),
    ).toEqual([
      [
        1,
        "Gather",
        [
          ["Collect Atlas sources", "collector"],
          ["Survey", "test-agent"],
        ],
      ],
      [2, "Publish", [["Publish the brief", "publisher"]]],
    ]);
    const listed = await call(listTemplates, { key: a.keys.VIEWER });
    const brief = listed.body.templates.find((t: { slug: string }) => t.slug === "launch-brief");
    expect(brief.campaigns).toMatchObject({ total: 1, active: 0, byStatus: { COMPLETED: 1 }, lastStatus: "COMPLETED" });
  });

  describe("triggers", () => {
    let triggerId: string;
    const params = (extra: Record<string, string> = {}) => ({ slug: "launch-brief", ...extra });

    it("creates, lists, edits and deletes an event trigger through the trigger endpoints", async () => {
      expect((await post(createTrigger, a.keys.VIEWER, { name: "x", eventName: "product.launched" }, params())).status).toBe(403);
      const webhook = await post(createTrigger, a.keys.OPERATOR, { type: "webhook", name: "x", eventName: "e" }, params());
      expect(webhook.status).toBe(400);
      expect(webhook.body.error.details).toEqual([{ path: "type", message: "Campaign templates have event triggers only" }]);
      const undeclared = await post(createTrigger, a.keys.OPERATOR, { name: "x", eventName: "e", parameterMapping: { region: "where" } }, params());
      expect(undeclared.status).toBe(400);
      expect(undeclared.body.error.details).toEqual([{ path: "parameterMapping.region", message: '"region" is not a parameter of template "launch-brief"' }]);

      const created = await post(
        createTrigger,
        a.keys.OPERATOR,
        { type: "event", name: "On launch", eventName: "product.launched", filter: { stage: "ga" }, parameterMapping: { product: "name" } },
        params(),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      triggerId = created.body.trigger.id;
      expect(created.body.trigger).toMatchObject({ type: "event", template: { slug: "launch-brief" }, isActive: true, triggerCount: 0 });

      const listed = await call(listTriggers, { params: params(), key: a.keys.VIEWER });
      expect(listed.body.triggers.map((t: { id: string }) => t.id)).toEqual([triggerId]);

      const emitted = await post(emitEvent, a.keys.OPERATOR, { eventName: "product.launched", payload: { stage: "ga", name: "Borealis" } });
      expect(emitted.body.campaignDeliveries).toMatchObject([{ campaignTriggerId: triggerId, fired: true }]);
      const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { id: emitted.body.campaignDeliveries[0].campaignId } });
      expect(campaign).toMatchObject({ intent: "Brief engineers on Borealis", source: "event", triggerId });

      const edited = await call(editTrigger, { method: "PATCH", params: params({ triggerId }), key: a.keys.OPERATOR, body: { filter: null, isActive: false } });
      expect(edited.status).toBe(200);
      expect(edited.body.trigger).toMatchObject({ filter: null, isActive: false, triggerCount: 1 });
      expect((await db.prisma.campaignTrigger.findUniqueOrThrow({ where: { id: triggerId } })).filter).toBeNull();

      expect((await call(getTrigger, { params: params({ triggerId }), key: a.keys.VIEWER })).body.trigger.name).toBe("On launch");
      expect((await call(deleteTrigger, { method: "DELETE", params: params({ triggerId }), key: a.keys.OPERATOR })).status).toBe(204);
      expect((await call(getTrigger, { params: params({ triggerId }), key: a.keys.VIEWER })).status).toBe(404);
      expect((await db.prisma.campaignTrigger.findUniqueOrThrow({ where: { id: triggerId } })).isArchived).toBe(true);
    });
  });

  it("keeps org B out of org A's templates and agents", async () => {
    const aTrigger = await post(createTrigger, a.keys.OPERATOR, { name: "A's trigger", eventName: "a.happened" }, { slug: "launch-brief" });
    const params = { slug: "launch-brief", triggerId: aTrigger.body.trigger.id };
    const attempts = [
      call(getTemplate, { params: { slug: "launch-brief" }, key: b.keys.ADMIN }),
      call(editTemplate, { method: "PATCH", params: { slug: "launch-brief" }, key: b.keys.ADMIN, body: { name: "hijacked" } }),
      call(archiveTemplate, { method: "DELETE", params: { slug: "launch-brief" }, key: b.keys.ADMIN }),
      call(listTriggers, { params: { slug: "launch-brief" }, key: b.keys.ADMIN }),
      post(createTrigger, b.keys.ADMIN, { name: "x", eventName: "x" }, { slug: "launch-brief" }),
      call(getTrigger, { params, key: b.keys.ADMIN }),
      call(editTrigger, { method: "PATCH", params, key: b.keys.ADMIN, body: { name: "hijacked" } }),
      call(deleteTrigger, { method: "DELETE", params, key: b.keys.ADMIN }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    expect((await call(listTemplates, { key: b.keys.ADMIN })).body.templates).toEqual([]);

    // B may use its own agents, never A's (collector exists only in A; B's publisher is B's own).
    const plan = {
      missions: [
        {
          name: "Do",
          tasks: [
            { title: "Collect", agent: "collector" },
            { title: "Publish", agent: "publisher" },
          ],
        },
      ],
    };
    const foreign = await post(createTemplate, b.keys.ADMIN, launchBrief({ missionPlan: plan }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([{ path: "missionPlan.missions.0.tasks.0.agent", message: 'No active agent "collector" in this organization' }]);
    // The same slug in B is B's own template.
    const own = await post(
      createTemplate,
      b.keys.ADMIN,
      launchBrief({ missionPlan: { missions: [{ name: "Do", tasks: [{ title: "Publish", agent: "publisher" }] }] } }),
    );
    expect(own.status).toBe(201);
    const untouched = await db.prisma.campaignTemplate.findUniqueOrThrow({
      where: { organizationId_slug: { organizationId: a.organization.id, slug: "launch-brief" } },
    });
    expect(untouched).toMatchObject({ name: "Launch brief", isActive: true });
    expect(untouched.id).not.toBe(own.body.template.id);
  });

  it("archives only with ?cascade=pause while schedules are active; an archived template starts nothing and is hidden", async () => {
    const template = await db.prisma.campaignTemplate.findUniqueOrThrow({
      where: { organizationId_slug: { organizationId: a.organization.id, slug: "launch-brief" } },
    });
    const schedule = await db.prisma.campaignSchedule.create({
      data: { organizationId: a.organization.id, templateId: template.id, name: "Weekly brief", cronExpr: "0 9 * * 1", parameters: { product: "Atlas" } },
    });
    const trigger = await post(createTrigger, a.keys.OPERATOR, { name: "Live trigger", eventName: "brief.wanted" }, { slug: "launch-brief" });

    const refused = await call(archiveTemplate, { method: "DELETE", params: { slug: "launch-brief" }, key: a.keys.ADMIN });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"Weekly brief"');
    expect(refused.body.error.details).toEqual({ schedules: [{ id: schedule.id, name: "Weekly brief" }] });

    const archived = await call(archiveTemplate, {
      method: "DELETE",
      path: "/api/campaign-templates/launch-brief?cascade=pause",
      params: { slug: "launch-brief" },
      key: a.keys.ADMIN,
    });
    expect(archived.status, JSON.stringify(archived.body)).toBe(200);
    expect(archived.body).toMatchObject({ template: { isActive: false, archivedAt: expect.any(String) }, pausedScheduleIds: [schedule.id] });
    expect(archived.body.pausedTriggerIds).toContain(trigger.body.trigger.id);
    expect(await db.prisma.campaignSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: false, nextRunAt: null });
    expect(await db.prisma.campaignTrigger.findUniqueOrThrow({ where: { id: trigger.body.trigger.id } })).toMatchObject({ isActive: false });

    const audit = await call(listAudit, { path: "/api/audit?action=campaign_template.archived", key: a.keys.ADMIN });
    expect(audit.body.entries[0]).toMatchObject({ targetId: template.id, after: { isActive: false, pausedScheduleIds: [schedule.id] } });

    // Hidden from the list unless asked for; still readable on its own.
    const slugs = async (path: string) => (await call(listTemplates, { path, key: a.keys.VIEWER })).body.templates.map((t: { slug: string }) => t.slug);
    expect(await slugs("/api/campaign-templates")).not.toContain("launch-brief");
    expect(await slugs("/api/campaign-templates?includeArchived=true")).toContain("launch-brief");
    expect((await call(getTemplate, { params: { slug: "launch-brief" }, key: a.keys.VIEWER })).status).toBe(200);

    // No campaign starts from it by any path, and it takes no edits or new triggers.
    const manual = await post(createCampaign, a.keys.OPERATOR, { template: "launch-brief", parameters: { product: "Atlas" } });
    expect(manual.status).toBe(409);
    expect(manual.body.error).toMatchObject({ code: "inactive", message: 'Campaign template "launch-brief" is archived' });
    expect((await post(startRun, a.keys.OPERATOR, { kind: "campaign", slug: "launch-brief", input: { product: "Atlas" } })).status).toBe(409);
    const emitted = await post(emitEvent, a.keys.OPERATOR, { eventName: "brief.wanted", payload: {} });
    expect(emitted.body.campaignDeliveries).toEqual([]);
    expect((await call(editTemplate, { method: "PATCH", params: { slug: "launch-brief" }, key: a.keys.ADMIN, body: { maxCostUsd: 1 } })).status).toBe(409);
    expect((await post(createTrigger, a.keys.OPERATOR, { name: "late", eventName: "x" }, { slug: "launch-brief" })).status).toBe(409);
    expect((await call(archiveTemplate, { method: "DELETE", params: { slug: "launch-brief" }, key: a.keys.ADMIN })).status).toBe(409);
  });

  it("works for the demo organization", async () => {
    await seedDemoOrganization(db.prisma, { days: 1 });
    const listed = await call(listTemplates, { key: DEMO_API_KEY });
    expect(listed.body.templates.map((t: { slug: string }) => t.slug)).toEqual(expect.arrayContaining(["knowledge-distiller", "market-scan"]));
    const distiller = listed.body.templates.find((t: { slug: string }) => t.slug === "knowledge-distiller");
    expect(distiller).toMatchObject({ plannerAgent: { slug: "knowledge-distiller" }, missionPlan: null, maxCostUsd: 2 });

    const triggers = await call(listTriggers, { params: { slug: "knowledge-distiller" }, key: DEMO_API_KEY });
    expect(triggers.body.triggers).toMatchObject([{ eventName: "news.article.published", parameterMapping: { topic: "title" } }]);

    const created = await post(createTemplate, DEMO_API_KEY, {
      name: "Fact sweep",
      slug: "fact-sweep",
      intent: "Check the claims about {{ topic }}",
      parameters: { topic: "the weekly digest" },
      missionPlan: { missions: [{ name: "Check", tasks: [{ title: "Check the claims", agent: "fact-checker" }] }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const edited = await call(editTemplate, { method: "PATCH", params: { slug: "fact-sweep" }, key: DEMO_API_KEY, body: { requireApproval: true } });
    expect(edited.body.template).toMatchObject({ requireApproval: true, missionPlan: { missions: [{ name: "Check" }] } });
  });

  it("works for an organization created from nothing", async () => {
    const { organization } = await createOrganizationWithOwner(
      db.prisma,
      { name: "Fresh Co", slug: "fresh-co", owner: { email: "owner@fresh.test", password: "correct horse battery" } },
      { type: "cli", id: "test", label: "test" },
    );
    const { key } = await createApiKey(db.prisma, { organizationId: organization.id, name: "admin", role: "ADMIN" });
    expect((await call(listTemplates, { key })).body.templates).toEqual([]);

    // With no agents yet, a template may still be written for the planner, but a plan needs agents.
    const planless = await post(createTemplate, key, { name: "Plan later", slug: "plan-later", intent: "Research {{ topic }}", parameters: { topic: "x" } });
    expect(planless.status).toBe(201);
    const plan = { missions: [{ name: "Write", tasks: [{ title: "Write it", agent: "writer" }] }] };
    expect((await post(createTemplate, key, { name: "Planned", slug: "planned", intent: "Write", missionPlan: plan })).status).toBe(400);

    await addAgents(db, organization.id, ["writer"]);
    const planned = await post(createTemplate, key, { name: "Planned", slug: "planned", intent: "Write", missionPlan: plan });
    expect(planned.status).toBe(201);
    const started = await post(createCampaign, key, { template: "planned" });
    await drainJobs(db);
    const done = await call(getCampaign, { params: { id: started.body.campaign.id }, key });
    expect(done.body.campaign).toMatchObject({ status: "COMPLETED", missions: [{ name: "Write", tasks: [{ name: "Write it", status: "COMPLETED" }] }] });
  });
});
