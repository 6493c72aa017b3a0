import { computeNextRunAt } from "@switchyard/core/cron";
import { DEMO_API_KEY, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoOrganization } from "@switchyard/core/demo/index";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { POST as decide } from "@/app/api/reviews/route";
import { POST as startRun } from "@/app/api/runs/route";
import { POST as setup } from "@/app/api/setup/route";
import { POST as emitEvent } from "@/app/api/triggers/event/route";
import { POST as createTrigger } from "@/app/api/workflows/[slug]/execution-triggers/route";
import { DELETE as deleteWorkflow, GET as getWorkflow, PUT as saveWorkflow } from "@/app/api/workflows/[slug]/route";
import { GET as getVersion } from "@/app/api/workflows/[slug]/versions/[version]/route";
import { GET as listVersions } from "@/app/api/workflows/[slug]/versions/route";
import { GET as listWorkflows, POST as createWorkflow } from "@/app/api/workflows/route";
import { POST as validateDraft } from "@/app/api/workflows/validate/route";
import { NEW_WORKFLOW_YAML } from "@/components/workflows/workflow-document";
import { drainJobs } from "./engine";
import { call } from "./http";

type TestOrg = Awaited<ReturnType<typeof createTestOrganization>>;
type Credential = { key: string } | { headers: { cookie: string } };

const echo = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: "tool", tool: "echo", input: { step: id }, ...extra });
const V1 = { nodes: [echo("collect"), echo("publish", { dependsOn: ["collect"] })] };
const V2 = { nodes: [echo("collect"), echo("summarise", { dependsOn: ["collect"] }), echo("publish", { dependsOn: ["summarise"] })] };

async function signIn(email: string, password: string): Promise<string> {
  const response = await authPost(
    new Request("http://localhost/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ email, password }),
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

describe("workflow definitions: versions, archive, trigger block, draft validation", () => {
  let db: Database;
  let a: TestOrg;
  let b: TestOrg;
  /** The owner of an organization made from nothing (setup + sign-in), so versions have a user author. */
  let founder: { organizationId: string; cookie: string; userId: string };

  const create = (body: unknown, as: Credential) => call(createWorkflow, { method: "POST", body, ...as });
  const save = (slug: string, body: unknown, as: Credential) => call(saveWorkflow, { method: "PUT", params: { slug }, body, ...as });
  const remove = (slug: string, as: Credential, query = "") =>
    call(deleteWorkflow, { method: "DELETE", path: `/api/workflows/${slug}${query}`, params: { slug }, ...as });
  const versions = (slug: string, as: Credential) => call(listVersions, { params: { slug }, ...as });
  const version = (slug: string, n: number | string, as: Credential) => call(getVersion, { params: { slug, version: String(n) }, ...as });
  const list = (as: Credential, query = "") => call(listWorkflows, { path: `/api/workflows${query}`, ...as });
  const validate = (body: unknown, as: Credential) => call(validateDraft, { method: "POST", body, ...as });
  const auditOf = (organizationId: string, targetId: string) =>
    db.prisma.auditLog.findMany({ where: { organizationId, targetType: "workflow", targetId }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    db = await useTestDatabase();
    // The demo first: setup is open while no organization but the demo exists.
    await seedDemoOrganization(db.prisma, { days: 1 });
    const owner = { ownerName: "Fay Founder", ownerEmail: "fay@fresh.test", ownerPassword: "correct horse battery" };
    const created = await call(setup, { method: "POST", body: { organizationName: "Fresh", organizationSlug: "fresh", ...owner } });
    expect(created.status).toBe(201);
    const cookie = await signIn(owner.ownerEmail, owner.ownerPassword);
    founder = { organizationId: created.body.organization.id, cookie, userId: created.body.user.id };
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma);
  }, 240_000);
  afterAll(async () => db?.close());

  describe("an organization from nothing", () => {
    const as = () => ({ headers: { cookie: founder.cookie } });

    it("saves version 2 with its author and time, lists both versions and answers each definition", async () => {
      const created = await create({ slug: "digest", name: "Digest", definition: V1 }, as());
      expect(created.status).toBe(201);
      expect(created.body.workflow).toMatchObject({ slug: "digest", version: 1, stepCount: 2 });

      const saved = await save("digest", { definition: V2, baseVersion: 1 }, as());
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ versionCreated: true, workflow: { version: 2, stepCount: 3, definition: { version: 1, nodes: V2.nodes } } });

      const listed = await versions("digest", as());
      expect(listed.status).toBe(200);
      const author = { id: founder.userId, name: "Fay Founder", email: "fay@fresh.test" };
      expect(listed.body.versions).toEqual([
        { version: 2, createdAt: expect.any(String), author, isCurrent: true, stepCount: 3 },
        { version: 1, createdAt: expect.any(String), author, isCurrent: false, stepCount: 2 },
      ]);
      const first = await version("digest", 1, as());
      expect(first.body.version).toMatchObject({ version: 1, isCurrent: false, author, definition: { nodes: V1.nodes } });
      expect(first.body.version.graph.edges).toEqual([{ source: "collect", target: "publish", branch: null }]);
      expect((await version("digest", 3, as())).status).toBe(404);
      expect((await version("digest", "two", as())).status).toBe(400);

      const audit = await auditOf(founder.organizationId, created.body.workflow.id);
      expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
        ["workflow.created", founder.userId],
        ["workflow.updated", founder.userId],
      ]);
      expect(audit[1]).toMatchObject({ before: { version: 1, name: "Digest" }, after: { version: 2, name: "Digest", automations: [] } });
    });

    it("answers the current version for an identical save, in YAML or with its keys reordered, and records nothing", async () => {
      const before = await db.prisma.auditLog.count({ where: { organizationId: founder.organizationId } });
      const reordered = { nodes: V2.nodes.map((node) => Object.fromEntries(Object.entries(node).reverse())) };
      const json = await save("digest", { definition: reordered }, as());
      expect(json.status).toBe(200);
      expect(json.body).toMatchObject({ versionCreated: false, workflow: { version: 2 } });
      const yaml = [
        "name: Digest",
        "nodes:",
        "  - { id: collect, type: tool, tool: echo, input: { step: collect } }",
        "  - { id: summarise, type: tool, tool: echo, input: { step: summarise }, dependsOn: [collect] }",
        "  - { id: publish, type: tool, tool: echo, input: { step: publish }, dependsOn: [summarise] }",
      ].join("\n");
      expect((await save("digest", { yaml }, as())).body).toMatchObject({ versionCreated: false, workflow: { version: 2 } });

      const workflow = await db.prisma.workflow.findFirstOrThrow({ where: { organizationId: founder.organizationId, slug: "digest" } });
      expect(await db.prisma.workflowVersion.count({ where: { workflowId: workflow.id } })).toBe(2);
      expect(await db.prisma.auditLog.count({ where: { organizationId: founder.organizationId } })).toBe(before);
    });

    it("renames without a new version when only the name changes, and refuses a stale base version", async () => {
      const renamed = await save("digest", { definition: V2, name: "Daily digest" }, as());
      expect(renamed.body).toMatchObject({ versionCreated: false, workflow: { version: 2, name: "Daily digest" } });
      const stale = await save("digest", { definition: V1, baseVersion: 1 }, as());
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe("Version 2 was saved after version 1, which you edited; reload to see it");
      expect((await call(getWorkflow, { params: { slug: "digest" }, ...as() })).body.workflow).toMatchObject({ version: 2, name: "Daily digest" });
    });
  });

  describe("the demo organization", () => {
    const as = { key: DEMO_API_KEY };

    it("saves a new version of a seeded workflow whose first version has no author", async () => {
      const current = await call(getWorkflow, { params: { slug: "sdlc-review" }, ...as });
      expect(current.status).toBe(200);
      expect(current.body.workflow.graph.nodes.map((node: { id: string }) => node.id)).toContain("review");
      const definition = current.body.workflow.definition;
      const edited = { ...definition, nodes: [...definition.nodes, echo("announce", { dependsOn: ["merge"] })] };
      const saved = await save("sdlc-review", { definition: edited }, as);
      expect(saved.body).toMatchObject({ versionCreated: true, workflow: { version: 2, stepCount: 6 } });
      const listed = await versions("sdlc-review", as);
      // An API key has no user: the version records no author (the audit log names the key).
      expect(listed.body.versions.map((entry: { version: number; author: unknown }) => [entry.version, entry.author])).toEqual([
        [2, null],
        [1, null],
      ]);
      const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "workflow.updated", targetId: current.body.workflow.id } });
      expect(audit).toMatchObject({ actorType: "apiKey", actorLabel: "API key Demo admin key" });
      // The seeded history stays on the version it ran.
      const runs = await db.prisma.workflowRun.groupBy({ by: ["workflowVersion"], where: { workflowId: current.body.workflow.id }, _count: true });
      expect(runs.map((group) => group.workflowVersion)).toEqual([1]);
    });

    it("records the signed-in demo admin as the author", async () => {
      const cookie = await signIn(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
      const current = (await call(getWorkflow, { params: { slug: "research-loop" }, key: DEMO_API_KEY })).body.workflow;
      const edited = { ...current.definition, nodes: [{ ...current.definition.nodes[0], maxAttempts: 4 }] };
      expect((await save("research-loop", { definition: edited }, { headers: { cookie } })).body.workflow.version).toBe(2);
      const [latest] = (await versions("research-loop", { headers: { cookie } })).body.versions;
      expect(latest).toMatchObject({ version: 2, author: { name: "Ada Admin", email: DEMO_ADMIN_EMAIL } });
    });
  });

  describe("validation, slugs and roles", () => {
    it("answers 400 listing every problem with its path, and saves nothing", async () => {
      expect((await create({ slug: "checked", name: "Checked", definition: V1 }, { key: a.keys.ADMIN })).status).toBe(201);
      const invalid = await save(
        "checked",
        { definition: { trigger: { schedule: "every day" }, nodes: [echo("a", { dependsOn: ["ghost"] }), { id: "b", type: "agent", agent: "nobody" }] } },
        { key: a.keys.ADMIN },
      );
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toMatchObject({ code: "validation_failed", message: "The workflow definition has 3 problem(s)" });
      expect(invalid.body.error.details).toEqual([
        { path: "trigger.schedule", message: expect.stringContaining('Invalid cron expression "every day" in UTC') },
        { path: "nodes.0.dependsOn.0", message: 'step "a" depends on unknown step "ghost"' },
        { path: "nodes.1.agent", message: 'unknown agent "nobody" in this organization' },
      ]);
      const badYaml = await save("checked", { yaml: "nodes: [\n  - id: a\n" }, { key: a.keys.ADMIN });
      expect(badYaml.status).toBe(400);
      expect(badYaml.body.error.details[0]).toMatchObject({ path: "yaml", message: expect.stringMatching(/^line \d+, column \d+: /) });
      const renamedSlug = await save("checked", { yaml: "slug: other\nnodes:\n  - { id: a, type: tool, tool: echo }" }, { key: a.keys.ADMIN });
      expect(renamedSlug.body.error.details).toEqual([{ path: "slug", message: 'the slug stays "checked"' }]);
      expect((await save("checked", { definition: V1, yaml: "nodes: []" }, { key: a.keys.ADMIN })).body.error.details).toEqual([
        { path: "definition", message: "Send exactly one of definition or yaml" },
      ]);
      expect((await call(getWorkflow, { params: { slug: "checked" }, key: a.keys.ADMIN })).body.workflow.version).toBe(1);
    });

    it("answers 404 for an unknown workflow, 409 for a taken slug and 400 for a reserved one", async () => {
      for (const response of [
        await save("nowhere", { definition: V1 }, { key: a.keys.ADMIN }),
        await remove("nowhere", { key: a.keys.ADMIN }),
        await versions("nowhere", { key: a.keys.ADMIN }),
        await version("nowhere", 1, { key: a.keys.ADMIN }),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
      const taken = await create({ slug: "checked", name: "Again", definition: V1 }, { key: a.keys.ADMIN });
      expect(taken.status).toBe(409);
      expect(taken.body.error).toMatchObject({
        message: 'A workflow with slug "checked" already exists',
        details: [{ path: "slug", message: "already taken" }],
      });
      for (const slug of ["new", "validate"]) {
        const reserved = await create({ slug, name: "Reserved", definition: V1 }, { key: a.keys.ADMIN });
        expect(reserved.status).toBe(400);
        expect(reserved.body.error.details).toEqual([{ path: "slug", message: `"${slug}" is reserved` }]);
      }
    });

    it("lets ADMIN and OWNER create, save and archive, and everyone read and check drafts", async () => {
      for (const role of ["VIEWER", "OPERATOR"] as const) {
        const as = { key: a.keys[role] };
        expect((await create({ slug: `by-${role.toLowerCase()}`, name: "Nope", definition: V1 }, as)).status).toBe(403);
        expect((await save("checked", { definition: V2 }, as)).status).toBe(403);
        expect((await remove("checked", as)).status).toBe(403);
        expect((await versions("checked", as)).status).toBe(200);
        expect((await version("checked", 1, as)).status).toBe(200);
        expect((await validate({ definition: V2 }, as)).body.ok).toBe(true);
      }
      expect((await save("checked", { definition: V2 }, { key: a.keys.OWNER })).body.workflow.version).toBe(2);
      expect((await call(getWorkflow, { params: { slug: "checked" }, key: a.keys.VIEWER })).body.workflow.version).toBe(2);
    });
  });

  describe("POST /api/workflows/validate", () => {
    it("reports problems with their paths without saving, then the normalised definition and its graph with approval gates", async () => {
      await db.prisma.agent.create({
        data: {
          organizationId: a.organization.id,
          slug: "patcher",
          name: "Patcher",
          instructions: "Patch.",
          modelName: "gpt-4o-mini",
          riskLevel: "APPROVAL_REQUIRED",
        },
      });
      const draft = (extra: string) =>
        ["name: Fixer", "nodes:", "  - id: scan", "    type: tool", "    tool: echo", "  - id: patch", "    agent: patcher", `    dependsOn: [${extra}]`].join(
          "\n",
        );
      const broken = await validate({ yaml: draft("scna") }, { key: a.keys.VIEWER });
      expect(broken.status).toBe(200);
      expect(broken.body).toEqual({
        ok: false,
        problems: [{ path: "nodes.1.dependsOn.0", message: 'step "patch" depends on unknown step "scna"' }],
        definition: null,
        graph: null,
      });

      const fixed = await validate({ yaml: draft("scan") }, { key: a.keys.VIEWER });
      expect(fixed.body).toMatchObject({
        ok: true,
        problems: [],
        definition: { version: 1, nodes: [{ id: "scan" }, { id: "patch", type: "agent", agent: "patcher" }] },
      });
      expect(fixed.body.graph).toEqual({
        nodes: [
          { id: "scan", type: "tool", name: "scan", gateFor: null },
          { id: "patch:approval", type: "human", name: "Approve patch", gateFor: "patch" },
          { id: "patch", type: "agent", name: "patch", gateFor: null },
        ],
        edges: [
          { source: "scan", target: "patch:approval", branch: null },
          { source: "patch:approval", target: "patch", branch: null },
        ],
      });
      // A trusted workflow's explicit opt-out draws no gate: the preview shows what the run will do.
      const trusted = await validate({ yaml: `approvalPolicy: trusted\n${draft("scan")}\n    approvalRequired: false` }, { key: a.keys.VIEWER });
      expect(trusted.body.graph.nodes.map((node: { id: string }) => node.id)).toEqual(["scan", "patch"]);

      // The editor's starting document for a new workflow is itself valid.
      expect((await validate({ yaml: NEW_WORKFLOW_YAML }, { key: a.keys.VIEWER })).body).toMatchObject({ ok: true, problems: [] });

      const unparsed = await validate({ yaml: "nodes: [\n" }, { key: a.keys.VIEWER });
      expect(unparsed.body).toMatchObject({ ok: false, problems: [{ path: "yaml" }] });
      expect(await db.prisma.workflow.count({ where: { organizationId: a.organization.id, name: "Fixer" } })).toBe(0);
    });
  });

  describe("the trigger: block", () => {
    const as = () => ({ key: a.keys.ADMIN });
    let workflowId: string;
    let handMadeTriggerId: string;
    let handMadeScheduleId: string;

    const definitionMade = async () => ({
      triggers: await db.prisma.agentTrigger.findMany({ where: { workflowId, fromDefinition: true }, orderBy: { createdAt: "asc" } }),
      schedules: await db.prisma.agentSchedule.findMany({ where: { workflowId, fromDefinition: true }, orderBy: { createdAt: "asc" } }),
    });

    it("creates the event trigger of seed 003's block on create, and an event starts the workflow", async () => {
      const yaml = [
        "name: Security audit",
        "trigger:",
        "  event: graph.file.updated",
        "  filters:",
        "    branch: main",
        "nodes:",
        "  - { id: scan, type: tool, tool: echo, input: { file: '{{ input.filePath }}' } }",
      ].join("\n");
      const created = await create({ yaml }, as());
      expect(created.status).toBe(201);
      workflowId = created.body.workflow.id;
      const { triggers, schedules } = await definitionMade();
      expect(triggers).toEqual([
        expect.objectContaining({
          type: "event",
          entityType: "workflow",
          eventName: "graph.file.updated",
          filter: { branch: "main" },
          name: "Security audit (from definition)",
          isActive: true,
          isArchived: false,
        }),
      ]);
      expect(schedules).toEqual([]);
      expect((await auditOf(a.organization.id, workflowId))[0]).toMatchObject({
        action: "workflow.created",
        after: { automations: [{ kind: "trigger", id: triggers[0].id, change: "created" }] },
      });

      const handMade = await call(createTrigger, {
        method: "POST",
        params: { slug: "security-audit" },
        key: a.keys.ADMIN,
        body: { type: "manual", name: "By hand" },
      });
      handMadeTriggerId = handMade.body.trigger.id;
      handMadeScheduleId = (
        await db.prisma.agentSchedule.create({
          data: { organizationId: a.organization.id, entityType: "workflow", workflowId, name: "By hand", cronExpr: "0 1 * * *", isActive: false },
        })
      ).id;

      const emitted = await call(emitEvent, {
        method: "POST",
        key: a.keys.OPERATOR,
        body: { eventName: "graph.file.updated", payload: { branch: "main", filePath: "a.ts" } },
      });
      expect(emitted.body.deliveries).toEqual([expect.objectContaining({ triggerId: triggers[0].id, fired: true })]);
      await drainJobs(db);
      const run = await db.prisma.workflowRun.findFirstOrThrow({ where: { workflowId } });
      expect(run).toMatchObject({ status: "COMPLETED", source: "event", triggerId: triggers[0].id, output: { scan: { file: "a.ts" } } });
    });

    it("updates the same trigger when the block changes, and leaves it alone when it does not", async () => {
      const [before] = (await definitionMade()).triggers;
      const nodes = [echo("scan")];
      await save("security-audit", { definition: { trigger: { event: "graph.file.updated", filters: { branch: ["main", "release"] } }, nodes } }, as());
      const [after] = (await definitionMade()).triggers;
      expect(after).toMatchObject({ id: before.id, filter: { branch: ["main", "release"] }, isArchived: false });

      await save(
        "security-audit",
        { definition: { trigger: { event: "graph.file.updated", filters: { branch: ["main", "release"] } }, nodes: [echo("scan2")] } },
        as(),
      );
      const [unchanged] = (await definitionMade()).triggers;
      expect(unchanged.updatedAt).toEqual(after.updatedAt);
    });

    it("swaps the trigger for a schedule with its next run, moves the slot when the cron changes, and archives it when the block goes", async () => {
      const now = Date.now();
      await save("security-audit", { definition: { trigger: { schedule: "0 9 * * 1", timezone: "Europe/Paris" }, nodes: [echo("scan")] } }, as());
      let { triggers, schedules } = await definitionMade();
      expect(triggers.map((trigger) => [trigger.isActive, trigger.isArchived])).toEqual([[false, true]]);
      expect(schedules).toEqual([
        expect.objectContaining({ entityType: "workflow", cronExpr: "0 9 * * 1", timezone: "Europe/Paris", isActive: true, isArchived: false }),
      ]);
      const monday = computeNextRunAt("0 9 * * 1", "Europe/Paris", new Date(now));
      expect(schedules[0].nextRunAt?.getTime()).toBe(monday.getTime());

      await save(
        "security-audit",
        { definition: { trigger: { schedule: "30 18 * * *", timezone: "Europe/Paris", input: { scope: "all" } }, nodes: [echo("scan")] } },
        as(),
      );
      const moved = (await definitionMade()).schedules;
      expect(moved).toHaveLength(1);
      expect(moved[0]).toMatchObject({ id: schedules[0].id, cronExpr: "30 18 * * *", input: { scope: "all" } });
      expect(moved[0].nextRunAt?.getTime()).toBe(computeNextRunAt("30 18 * * *", "Europe/Paris", new Date()).getTime());

      const saved = await save("security-audit", { definition: { nodes: [echo("scan")] } }, as());
      expect(saved.status).toBe(200);
      ({ triggers, schedules } = await definitionMade());
      expect(schedules.map((schedule) => [schedule.isActive, schedule.isArchived, schedule.nextRunAt])).toEqual([[false, true, null]]);
      const audit = (await auditOf(a.organization.id, workflowId)).at(-1);
      expect(audit?.after).toMatchObject({ automations: [{ kind: "schedule", id: schedules[0].id, change: "archived" }] });

      // Hand-made automations are never touched by a save.
      expect(await db.prisma.agentTrigger.findUniqueOrThrow({ where: { id: handMadeTriggerId } })).toMatchObject({
        isActive: true,
        isArchived: false,
        fromDefinition: false,
      });
      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: handMadeScheduleId } })).toMatchObject({
        isActive: false,
        isArchived: false,
        cronExpr: "0 1 * * *",
      });
    });
  });

  describe("DELETE /api/workflows/[slug]", () => {
    it("deletes a workflow that never ran, with its versions, and audits it", async () => {
      const created = await create({ slug: "scratch", name: "Scratch", definition: V1 }, { key: a.keys.ADMIN });
      const removed = await remove("scratch", { key: a.keys.ADMIN });
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ outcome: "deleted", workflow: { slug: "scratch" }, pausedScheduleIds: [] });
      expect(await db.prisma.workflow.count({ where: { id: created.body.workflow.id } })).toBe(0);
      expect(await db.prisma.workflowVersion.count({ where: { workflowId: created.body.workflow.id } })).toBe(0);
      expect((await call(getWorkflow, { params: { slug: "scratch" }, key: a.keys.ADMIN })).status).toBe(404);
      expect((await auditOf(a.organization.id, created.body.workflow.id)).map((entry) => entry.action)).toEqual(["workflow.created", "workflow.archived"]);
    });

    it("archives a workflow with runs, 409 naming its active schedules unless ?cascade=pause, and hides it from lists", async () => {
      const yaml = "name: Nightly\ntrigger:\n  schedule: '0 2 * * *'\nnodes:\n  - { id: only, type: tool, tool: echo }";
      const created = await create({ yaml }, { key: a.keys.ADMIN });
      const started = await call(startRun, { method: "POST", key: a.keys.OPERATOR, body: { kind: "workflow", slug: "nightly", input: {} } });
      expect(started.status).toBe(202);
      await drainJobs(db);

      const refused = await remove("nightly", { key: a.keys.ADMIN });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('"Nightly (from definition)"');
      expect(await db.prisma.workflow.findUniqueOrThrow({ where: { id: created.body.workflow.id } })).toMatchObject({ isActive: true, archivedAt: null });

      const archived = await remove("nightly", { key: a.keys.ADMIN }, "?cascade=pause");
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ outcome: "archived", workflow: { slug: "nightly", isActive: false, archivedAt: expect.any(String) } });
      expect(archived.body.pausedScheduleIds).toHaveLength(1);
      expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: archived.body.pausedScheduleIds[0] } })).toMatchObject({
        isActive: false,
        nextRunAt: null,
      });
      expect(await db.prisma.workflowRun.count({ where: { workflowId: created.body.workflow.id } })).toBe(1);

      const slugs = (query: string) => list({ key: a.keys.VIEWER }, query).then((response) => response.body.workflows.map((w: { slug: string }) => w.slug));
      expect(await slugs("")).not.toContain("nightly");
      expect(await slugs("?includeArchived=true")).toContain("nightly");
      expect((await call(getWorkflow, { params: { slug: "nightly" }, key: a.keys.VIEWER })).body.workflow.archivedAt).not.toBeNull();
      const edit = await save("nightly", { definition: V1 }, { key: a.keys.ADMIN });
      expect(edit.status).toBe(409);
      expect((await call(startRun, { method: "POST", key: a.keys.OPERATOR, body: { kind: "workflow", slug: "nightly", input: {} } })).status).toBe(409);
      expect((await auditOf(a.organization.id, created.body.workflow.id)).at(-1)).toMatchObject({
        action: "workflow.archived",
        after: { outcome: "archived", runCount: 1 },
      });
    });
  });

  describe("organization B", () => {
    it("cannot save, archive, list versions of or read a version of A's workflow, nor see it listed", async () => {
      const params = { slug: "checked" };
      for (const response of [
        await save(params.slug, { definition: V1 }, { key: b.keys.OWNER }),
        await remove(params.slug, { key: b.keys.OWNER }, "?cascade=pause"),
        await versions(params.slug, { key: b.keys.OWNER }),
        await version(params.slug, 1, { key: b.keys.OWNER }),
        await call(getWorkflow, { params, key: b.keys.OWNER }),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe("not_found");
      }
      expect((await list({ key: b.keys.OWNER }, "?includeArchived=true")).body.workflows).toEqual([]);
      // A's agents are unknown to B's drafts.
      const draft = await validate({ definition: { nodes: [{ id: "p", type: "agent", agent: "patcher" }] } }, { key: b.keys.OWNER });
      expect(draft.body.problems).toEqual([{ path: "nodes.0.agent", message: 'unknown agent "patcher" in this organization' }]);
      // B may take the same slug for its own workflow, and A's stays as it was.
      expect((await create({ slug: "checked", name: "B's", definition: V1 }, { key: b.keys.ADMIN })).status).toBe(201);
      const mine = await db.prisma.workflow.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "checked" } });
      expect(mine).toMatchObject({ version: 2, isActive: true, archivedAt: null, name: "Checked" });
    });
  });

  describe("runs keep their version", () => {
    it("runs version 2 for a new run while a suspended version 1 run resumes on version 1", async () => {
      const as = { key: a.keys.ADMIN };
      const v1 = {
        nodes: [
          echo("draft"),
          { id: "review", type: "human", prompt: "Approve the draft?", dependsOn: ["draft"] },
          echo("publish-v1", { dependsOn: ["review"] }),
        ],
      };
      expect((await create({ slug: "release", name: "Release", definition: v1 }, as)).status).toBe(201);
      const first = await call(startRun, { method: "POST", key: a.keys.OPERATOR, body: { kind: "workflow", slug: "release", input: {} } });
      await drainJobs(db);
      const suspended = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: first.body.runId } });
      expect(suspended).toMatchObject({ status: "SUSPENDED", suspendedStepId: "review", workflowVersion: 1 });

      const v2 = { nodes: [echo("draft"), echo("publish-v2", { dependsOn: ["draft"] })] };
      expect((await save("release", { definition: v2 }, as)).body).toMatchObject({ versionCreated: true, workflow: { version: 2 } });
      const second = await call(startRun, { method: "POST", key: a.keys.OPERATOR, body: { kind: "workflow", slug: "release", input: {} } });
      await drainJobs(db);
      const stepIds = async (runId: string) =>
        (await db.prisma.workflowRunStep.findMany({ where: { workflowRunId: runId }, orderBy: { stepId: "asc" } })).map((step) => [step.stepId, step.status]);
      expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: second.body.runId } })).toMatchObject({ status: "COMPLETED", workflowVersion: 2 });
      expect(await stepIds(second.body.runId)).toEqual([
        ["draft", "COMPLETED"],
        ["publish-v2", "COMPLETED"],
      ]);

      const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: first.body.runId, status: "pending" } });
      const decided = await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: approval.id, decision: "approve" } });
      expect(decided.status).toBe(200);
      await drainJobs(db);
      expect(await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: first.body.runId } })).toMatchObject({ status: "COMPLETED", workflowVersion: 1 });
      expect(await stepIds(first.body.runId)).toEqual([
        ["draft", "COMPLETED"],
        ["publish-v1", "COMPLETED"],
        ["review", "COMPLETED"],
      ]);
    });
  });
});
