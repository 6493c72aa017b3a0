import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { POST } from "./route";
import { GET as getStartForm } from "./start-form/route";

const TICKET_SCHEMA = { type: "object", properties: { ticket: { type: "string", minLength: 3 }, urgent: { type: "boolean" } }, required: ["ticket"] };

describe("POST /api/runs and GET /api/runs/start-form", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  const start = (body: unknown, key = org.keys.OPERATOR) => call(POST, { method: "POST", path: "/api/runs", body, key });
  const form = (kind: string, slug: string, key = org.keys.VIEWER) => call(getStartForm, { path: `/api/runs/start-form?kind=${kind}&slug=${slug}`, key });
  const drain = () =>
    drainLocalJobs({
      db: db.prisma,
      handlers: createEventHandlers({ db: db.prisma, workerId: "test", sleep: async () => {} }),
      workerId: "test",
      logger: { error: () => {} },
    });

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    const definition = {
      version: 1,
      inputSchema: TICKET_SCHEMA,
      nodes: [{ id: "triage", type: "agent", agent: "test-agent", prompt: "Triage {{ input.ticket }}" }],
    };
    await db.prisma.workflow.create({
      data: { organizationId, slug: "triage", name: "Triage", definition, versions: { create: { version: 1, definition } } },
    });
    await db.prisma.campaignTemplate.create({
      data: {
        organizationId,
        slug: "launch",
        name: "Launch",
        intent: "Launch {{ product }} in {{ market }}",
        parameters: { product: { type: "string" }, market: "EU" },
      },
    });
    await db.prisma.agent.create({
      data: { organizationId, slug: "retired", name: "Retired", instructions: "-", modelName: "gpt-4o-mini", isActive: false, archivedAt: new Date() },
    });
  });
  afterAll(async () => db?.close());

  it("starts an agent run that the worker completes with the given input", async () => {
    const { status, body } = await start({ kind: "agent", slug: "test-agent", input: { text: "hello" } });
    expect(status).toBe(202);
    expect(body.kind).toBe("agent");
    await drain();
    const run = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: body.runId } });
    expect([run.status, run.source, run.input]).toEqual(["COMPLETED", "api", { text: "hello" }]);
  });

  it("describes a workflow's input schema and checks the input against it, naming each bad field", async () => {
    expect((await form("workflow", "triage")).body).toEqual({ kind: "workflow", slug: "triage", name: "Triage", inputSchema: TICKET_SCHEMA, initialInput: {} });

    const missing = await start({ kind: "workflow", slug: "triage", input: { urgent: "yes" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { path: "input.ticket", message: "must have required property 'ticket'" },
      { path: "input.urgent", message: "must be boolean" },
    ]);
    expect(await db.prisma.workflowRun.count({ where: { organizationId: org.organization.id } })).toBe(0);

    const started = await start({ kind: "workflow", slug: "triage", input: { ticket: "Printer on fire" } });
    expect(started.status).toBe(202);
    const run = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: started.body.runId } });
    expect([run.workflowVersion, run.input]).toEqual([1, { ticket: "Printer on fire" }]);
  });

  it("turns a campaign template's parameters into a form and starts a campaign from them", async () => {
    const { body } = await form("campaign", "launch");
    expect(body.inputSchema).toEqual({
      type: "object",
      properties: { product: { title: "product", type: "string" }, market: { title: "market", type: "string", default: "EU" } },
      required: ["product"],
    });
    expect(body.initialInput).toEqual({ market: "EU" });

    expect((await start({ kind: "campaign", slug: "launch", input: {} })).body.error.details).toEqual([
      { path: "input.product", message: "must have required property 'product'" },
    ]);
    const started = await start({ kind: "campaign", slug: "launch", input: { product: "Switchyard" } });
    expect(started.status).toBe(202);
    const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { id: started.body.runId } });
    expect([campaign.intent, campaign.source]).toEqual(["Launch Switchyard in EU", "api"]);
  });

  it("refuses viewers, unknown, archived and other organizations' entities, and malformed bodies", async () => {
    expect((await start({ kind: "agent", slug: "test-agent" }, org.keys.VIEWER)).status).toBe(403);
    expect((await start({ kind: "agent", slug: "nope" })).status).toBe(404);
    expect((await start({ kind: "agent", slug: "retired" })).body.error).toMatchObject({ code: "inactive", message: 'Agent "retired" is archived' });
    expect((await start({ kind: "workflow", slug: "triage" }, other.keys.OPERATOR)).status).toBe(404);
    expect((await form("workflow", "triage", other.keys.VIEWER)).status).toBe(404);
    const badKind = await start({ kind: "pulse", slug: "test-agent" });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].path).toBe("kind");
    expect((await start({ kind: "agent", slug: "test-agent", input: [1] })).status).toBe(400);
  });
});
