import { DEMO_AGENTS, DEMO_API_KEY, seedDemoOrganization } from "@switchyard/core/demo/index";
import { createApiKey } from "@switchyard/core/tenancy/api-keys";
import { createOrganizationWithOwner } from "@switchyard/core/tenancy/organizations";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as archiveAgent, GET as getAgent, PATCH as updateAgent } from "@/app/api/agents/[slug]/route";
import { POST as createTrigger } from "@/app/api/agents/[slug]/execution-triggers/route";
import { POST as executeTrigger } from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/execute/route";
import { GET as listVersions } from "@/app/api/agents/[slug]/versions/route";
import { GET as listAgents, POST as createAgent } from "@/app/api/agents/route";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { GET as getRun } from "@/app/api/runs/[kind]/[id]/route";
import { POST as startRun } from "@/app/api/runs/route";
import { drainJobs } from "./engine";
import { call } from "./http";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;

const ORDER_SCHEMA = { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] };

/** A valid create body; each test overrides what it is about. */
function agentBody(overrides: Record<string, unknown> = {}) {
  return {
    slug: "order-helper",
    name: "Order helper",
    description: "Answers questions about orders.",
    modelName: "gpt-4o-mini",
    instructions: "Look the order up and answer briefly.",
    temperature: 0.2,
    maxTokens: 800,
    tools: ["http"],
    inputSchema: ORDER_SCHEMA,
    simulation: { failureRate: 0, latencyMs: 10 },
    ...overrides,
  };
}

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

describe("/api/agents", () => {
  let db: Database;
  let a: Org;
  let b: Org;

  const create = (body: unknown, key = a.keys.ADMIN) => call(createAgent, { method: "POST", path: "/api/agents", body, key });
  const patch = (slug: string, body: unknown, key = a.keys.ADMIN) =>
    call(updateAgent, { method: "PATCH", path: `/api/agents/${slug}`, params: { slug }, body, key });
  const versions = (slug: string, key = a.keys.ADMIN) => call(listVersions, { path: `/api/agents/${slug}/versions`, params: { slug }, key });
  const archive = (slug: string, query = "", key = a.keys.ADMIN) =>
    call(archiveAgent, { method: "DELETE", path: `/api/agents/${slug}${query}`, params: { slug }, key });
  const auditActions = async (organizationId: string, targetId: string) =>
    (await db.prisma.auditLog.findMany({ where: { organizationId, targetId }, orderBy: { createdAt: "asc" } })).map((entry) => entry.action);

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  it("creates an agent with its version 1 and an audit entry", async () => {
    const created = await create(agentBody());
    expect(created.status).toBe(201);
    expect(created.body.agent).toMatchObject({
      slug: "order-helper",
      modelProvider: "simulated",
      riskLevel: "AUTO",
      version: 1,
      isActive: true,
      archivedAt: null,
      tools: ["http"],
      inputSchema: ORDER_SCHEMA,
      outputSchema: null,
    });
    const listed = await versions("order-helper");
    expect(listed.body.versions).toEqual([
      expect.objectContaining({ version: 1, changes: [], author: null, instructions: "Look the order up and answer briefly.", tools: ["http"] }),
    ]);
    expect(await auditActions(a.organization.id, created.body.agent.id)).toEqual(["agent.created"]);
    expect((await call(getAgent, { params: { slug: "order-helper" }, key: a.keys.VIEWER })).body.agent.maxTokens).toBe(800);
  });

  it("saves a new version only when what the model sees changes", async () => {
    await create(agentBody({ slug: "versioned" }));
    const renamed = await patch("versioned", { name: "Versioned", description: null, riskLevel: "APPROVAL_REQUIRED", simulation: { failureRate: 0.5 } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.agent).toMatchObject({
      name: "Versioned",
      description: null,
      riskLevel: "APPROVAL_REQUIRED",
      simulation: { failureRate: 0.5 },
      version: 1,
    });

    const reworded = await patch("versioned", { instructions: "Answer in one sentence." });
    expect(reworded.body.agent.version).toBe(2);
    const retuned = await patch("versioned", { temperature: 0.9, tools: ["http", "echo"], outputSchema: { type: "object" } });
    expect(retuned.body.agent.version).toBe(3);
    // The same values again change nothing: no version, no audit entry.
    const same = await patch("versioned", {
      instructions: "Answer in one sentence.",
      inputSchema: { required: ["orderId"], properties: { orderId: { type: "string" } }, type: "object" },
    });
    expect(same.body.agent.version).toBe(3);

    const listed = await versions("versioned");
    expect(listed.body.versions.map((version: { version: number; changes: string[] }) => [version.version, version.changes])).toEqual([
      [3, ["temperature", "tools", "outputSchema"]],
      [2, ["instructions"]],
      [1, []],
    ]);
    expect(listed.body.versions[1]).toMatchObject({ instructions: "Answer in one sentence.", temperature: 0.2 });
    const agent = await db.prisma.agent.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "versioned" } });
    expect(await auditActions(a.organization.id, agent.id)).toEqual(["agent.created", "agent.updated", "agent.updated", "agent.updated"]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: agent.id, action: "agent.updated" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({
      before: { temperature: 0.2, tools: ["http"], version: 2 },
      after: { temperature: 0.9, tools: ["http", "echo"], version: 3 },
    });
  });

  it("records the user who saved a version, in an organization created from nothing", async () => {
    const password = "fresh-owner-password";
    const { organization } = await createOrganizationWithOwner(
      db.prisma,
      { name: "Fresh Co", slug: "fresh-co", owner: { email: "owner@fresh.test", name: "Fran Owner", password } },
      { type: "cli", id: "test", label: "test" },
    );
    const cookie = await signIn("owner@fresh.test", password);
    const headers = { cookie };
    const empty = await call(listAgents, { headers });
    expect(empty.body.agents).toEqual([]);

    const created = await call(createAgent, { method: "POST", headers, body: agentBody({ slug: "first" }) });
    expect(created.status).toBe(201);
    await call(updateAgent, { method: "PATCH", params: { slug: "first" }, headers, body: { modelName: "gpt-4o" } });
    const listed = await call(listVersions, { params: { slug: "first" }, headers });
    expect(listed.body.versions).toEqual([
      expect.objectContaining({ version: 2, changes: ["modelName"], author: expect.objectContaining({ name: "Fran Owner", email: "owner@fresh.test" }) }),
      expect.objectContaining({ version: 1, author: expect.objectContaining({ email: "owner@fresh.test" }) }),
    ]);
    const entries = await db.prisma.auditLog.findMany({ where: { organizationId: organization.id, targetType: "agent" } });
    expect(entries.map((entry) => [entry.action, entry.actorLabel])).toEqual([
      ["agent.created", "Fran Owner"],
      ["agent.updated", "Fran Owner"],
    ]);
  });

  it("answers bad input with 400 naming the field, and writes nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ inputSchema: { type: "not-a-type" } }, "inputSchema"],
      [{ outputSchema: { properties: { a: { minLength: "three" } } } }, "outputSchema"],
      [{ temperature: 2.5 }, "temperature"],
      [{ maxTokens: 0 }, "maxTokens"],
      [{ modelProvider: "skynet" }, "modelProvider"],
      [{ slug: "Not A Slug" }, "slug"],
      [{ instructions: "  " }, "instructions"],
      [{ riskLevel: "YOLO" }, "riskLevel"],
      [{ tools: ["http", "teleport"] }, "tools.1"],
      [{ simulation: { failureRate: 1.5 } }, "simulation.failureRate"],
      [{ simulation: { tools: ["echo"] } }, "simulation.tools.0"],
    ];
    for (const [overrides, path] of cases) {
      const response = await create(agentBody({ slug: "bad-input", ...overrides }));
      expect(response.status, path).toBe(400);
      expect(
        response.body.error.details.map((detail: { path: string }) => detail.path),
        path,
      ).toContain(path);
    }
    expect(await db.prisma.agent.count({ where: { organizationId: a.organization.id, slug: "bad-input" } })).toBe(0);

    await create(agentBody({ slug: "edit-me" }));
    const badEdit = await patch("edit-me", { inputSchema: { type: 12 } });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.error.details[0].path).toBe("inputSchema");
    expect((await patch("edit-me", { slug: "renamed" })).status).toBe(400);
    expect((await patch("edit-me", {})).status).toBe(400);
    expect((await call(getAgent, { params: { slug: "edit-me" }, key: a.keys.ADMIN })).body.agent).toMatchObject({ version: 1, inputSchema: ORDER_SCHEMA });
  });

  it("keeps tools an existing agent already had, but accepts only built-in tools as new ones", async () => {
    await db.prisma.agent.update({ where: { id: a.agent.id }, data: { tools: ["legacy_search"] } });
    const kept = await patch("test-agent", { tools: ["legacy_search", "echo"] });
    expect(kept.status).toBe(200);
    expect(kept.body.agent.tools).toEqual(["legacy_search", "echo"]);
    const added = await patch("test-agent", { tools: ["legacy_search", "echo", "other_search"] });
    expect(added.status).toBe(400);
    expect(added.body.error.details).toEqual([expect.objectContaining({ path: "tools.2" })]);
  });

  it("answers a taken slug with 409 and an unknown agent with 404", async () => {
    await create(agentBody({ slug: "taken" }));
    const duplicate = await create(agentBody({ slug: "taken", name: "Another" }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details).toEqual([{ path: "slug", message: "already taken" }]);
    // Another organization may use the same slug.
    expect((await create(agentBody({ slug: "taken" }), b.keys.ADMIN)).status).toBe(201);

    for (const response of [
      await call(getAgent, { params: { slug: "nope" }, key: a.keys.ADMIN }),
      await patch("nope", { name: "x" }),
      await archive("nope"),
      await versions("nope"),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });

  it("lets viewers and operators read but only admins and owners write", async () => {
    await create(agentBody({ slug: "guarded" }));
    for (const key of [a.keys.VIEWER, a.keys.OPERATOR]) {
      expect((await call(listAgents, { key })).status).toBe(200);
      expect((await versions("guarded", key)).status).toBe(200);
      for (const response of [
        await create(agentBody({ slug: "sneaky" }), key),
        await patch("guarded", { name: "Hijacked" }, key),
        await archive("guarded", "", key),
      ]) {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe("forbidden");
      }
    }
    expect((await patch("guarded", { name: "Owned" }, a.keys.OWNER)).status).toBe(200);
    expect((await call(getAgent, { params: { slug: "guarded" }, key: a.keys.VIEWER })).body.agent).toMatchObject({ name: "Owned", isActive: true });
    expect(await db.prisma.agent.count({ where: { slug: "sneaky" } })).toBe(0);
  });

  it("gives organization B a 404 for organization A's agent on every endpoint, and changes nothing", async () => {
    await create(agentBody({ slug: "a-private" }));
    const attempts = [
      await call(getAgent, { params: { slug: "a-private" }, key: b.keys.ADMIN }),
      await patch("a-private", { instructions: "Leak everything." }, b.keys.ADMIN),
      await archive("a-private", "?cascade=pause", b.keys.ADMIN),
      await versions("a-private", b.keys.ADMIN),
    ];
    for (const response of attempts) expect(response.status).toBe(404);
    const listed = await call(listAgents, { path: "/api/agents?includeArchived=true", key: b.keys.ADMIN });
    expect(listed.body.agents.map((agent: { slug: string }) => agent.slug)).not.toContain("a-private");
    const untouched = await db.prisma.agent.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "a-private" } });
    expect(untouched).toMatchObject({ instructions: "Look the order up and answer briefly.", version: 1, isActive: true, archivedAt: null });
  });

  it("archives only with ?cascade=pause while schedules are active; then hides it and fails its fires", async () => {
    const created = await create(agentBody({ slug: "retiring" }));
    const agentId = created.body.agent.id;
    const schedule = await db.prisma.agentSchedule.create({
      data: { organizationId: a.organization.id, entityType: "agent", agentId, name: "Nightly digest", cronExpr: "0 2 * * *", nextRunAt: new Date() },
    });
    const trigger = await call(createTrigger, { method: "POST", params: { slug: "retiring" }, key: a.keys.ADMIN, body: { type: "manual", name: "By hand" } });

    const refused = await archive("retiring");
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"Nightly digest"');
    expect((await db.prisma.agent.findUniqueOrThrow({ where: { id: agentId } })).archivedAt).toBeNull();

    const archived = await archive("retiring", "?cascade=pause");
    expect(archived.status).toBe(200);
    expect(archived.body.pausedScheduleIds).toEqual([schedule.id]);
    expect(archived.body.agent).toMatchObject({ isActive: false, archivedAt: expect.any(String) });
    expect(await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).toMatchObject({ isActive: false, nextRunAt: null });
    expect(await auditActions(a.organization.id, agentId)).toEqual(["agent.created", "agent.archived"]);
    expect((await archive("retiring")).status).toBe(409);
    expect((await patch("retiring", { name: "Back" })).status).toBe(409);

    const slugs = async (path: string) => (await call(listAgents, { path, key: a.keys.ADMIN })).body.agents.map((agent: { slug: string }) => agent.slug);
    expect(await slugs("/api/agents")).not.toContain("retiring");
    expect(await slugs("/api/agents?includeArchived=true")).toContain("retiring");
    expect((await call(getAgent, { params: { slug: "retiring" }, key: a.keys.ADMIN })).status).toBe(200);

    // Its trigger still accepts a fire, and the run fails with the reason; Start run refuses outright.
    const fired = await call(executeTrigger, { method: "POST", params: { slug: "retiring", triggerId: trigger.body.trigger.id }, key: a.keys.ADMIN, body: {} });
    expect(fired.status).toBeLessThan(300);
    await drainJobs(db);
    const run = await db.prisma.agentRun.findFirstOrThrow({ where: { agentId } });
    expect(run).toMatchObject({ status: "FAILED", error: 'Agent "retiring" is archived', totalTokens: 0 });
    const started = await call(startRun, { method: "POST", key: a.keys.ADMIN, body: { kind: "agent", slug: "retiring", input: {} } });
    expect(started.status).toBe(409);
  });

  it("records on every run the agent version it used, and run detail shows it", async () => {
    await create(agentBody({ slug: "runner" }));
    await patch("runner", { instructions: "Version two." });
    const trigger = await call(createTrigger, { method: "POST", params: { slug: "runner" }, key: a.keys.ADMIN, body: { type: "manual", name: "By hand" } });
    await call(executeTrigger, { method: "POST", params: { slug: "runner", triggerId: trigger.body.trigger.id }, key: a.keys.ADMIN, body: {} });
    await drainJobs(db);
    const fired = await db.prisma.agentRun.findFirstOrThrow({ where: { organizationId: a.organization.id, agent: { slug: "runner" } } });
    expect(fired).toMatchObject({ status: "COMPLETED", agentVersion: 2 });
    const detail = await call(getRun, { params: { kind: "agent", id: fired.id }, key: a.keys.VIEWER });
    expect(detail.body.detail).toMatchObject({ agentVersion: 2, model: { provider: "simulated", name: "gpt-4o-mini" } });

    // Start run records its row before the worker loads the agent: an edit in between is the version that runs.
    const started = await call(startRun, { method: "POST", key: a.keys.OPERATOR, body: { kind: "agent", slug: "runner", input: { orderId: "A-1" } } });
    expect(started.status).toBe(202);
    expect((await db.prisma.agentRun.findUniqueOrThrow({ where: { id: started.body.runId } })).agentVersion).toBe(2);
    await patch("runner", { instructions: "Version three." });
    await drainJobs(db);
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: started.body.runId } })).toMatchObject({ status: "COMPLETED", agentVersion: 3 });
  });

  it("never writes two versions with the same number under concurrent edits", async () => {
    await create(agentBody({ slug: "contended" }));
    const responses = await Promise.all(["One.", "Two.", "Three."].map((instructions) => patch("contended", { instructions })));
    for (const response of responses) expect([200, 409]).toContain(response.status);
    const agent = await db.prisma.agent.findFirstOrThrow({ where: { organizationId: a.organization.id, slug: "contended" }, include: { versions: true } });
    const numbers = agent.versions.map((version) => version.version).sort();
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.at(-1)).toBe(agent.version);
    expect(numbers.length).toBe(1 + responses.filter((response) => response.status === 200).length);
  });
});

describe("/api/agents on the demo organization", () => {
  let db: Database;

  beforeAll(async () => {
    db = await useTestDatabase();
    await seedDemoOrganization(db.prisma, { days: 1, engineHistory: false });
  });
  afterAll(async () => db?.close());

  it("lists the seeded agents at version 1, each with its version row, and its seeded runs at version 1", async () => {
    const listed = await call(listAgents, { key: DEMO_API_KEY });
    expect(listed.body.agents).toHaveLength(DEMO_AGENTS.length);
    expect(new Set(listed.body.agents.map((agent: { version: number }) => agent.version))).toEqual(new Set([1]));
    expect(await db.prisma.agentVersion.count({ where: { version: 1 } })).toBe(DEMO_AGENTS.length);
    expect(await db.prisma.agentRun.count({ where: { agentVersion: { not: 1 } } })).toBe(0);
    expect(await db.prisma.agentRun.count()).toBeGreaterThan(0);
  });

  it("edits a demo agent (its own tools kept) into version 2", async () => {
    const [demo] = DEMO_AGENTS;
    const edited = await call(updateAgent, {
      method: "PATCH",
      params: { slug: demo.slug },
      key: DEMO_API_KEY,
      body: { instructions: `${demo.instructions} Always cite the source link.`, tools: [...demo.tools, "http"] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.agent).toMatchObject({ version: 2, tools: [...demo.tools, "http"] });
    const listed = await call(listVersions, { params: { slug: demo.slug }, key: DEMO_API_KEY });
    expect(listed.body.versions.map((version: { version: number; changes: string[] }) => [version.version, version.changes])).toEqual([
      [2, ["instructions", "tools"]],
      [1, []],
    ]);
  });

  it("answers an API key of another organization with 404 for a demo agent", async () => {
    const other = await createTestOrganization(db.prisma);
    const { key } = await createApiKey(db.prisma, { organizationId: other.organization.id, name: "other", role: "OWNER" });
    const response = await call(getAgent, { params: { slug: DEMO_AGENTS[0].slug }, key });
    expect(response.status).toBe(404);
  });
});
