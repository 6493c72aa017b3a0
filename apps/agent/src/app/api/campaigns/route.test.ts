import { createCampaignHandlers } from "@switchyard/core/campaigns/runtime";
import { createCampaignOrg, RESEARCH_INTENT } from "@switchyard/core/campaigns/testing";
import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as decide } from "@/app/api/reviews/route";
import { call } from "@/test/http";
import { GET as getCampaign } from "./[id]/route";
import { POST as createCampaign } from "./route";

describe("/api/campaigns", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createCampaignOrg>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createCampaignOrg(db.prisma, { intent: RESEARCH_INTENT, requireApproval: true });
    other = await createTestOrganization(db.prisma);
  });
  afterAll(async () => db?.close());

  async function drain() {
    const deps = { db: db.prisma, workerId: "test-worker", sleep: async () => {} };
    await drainLocalJobs({ db: db.prisma, handlers: { ...createEventHandlers(deps), ...createCampaignHandlers(deps) }, workerId: "test-worker" });
  }

  it("creates a campaign from a template, and after plan approval shows missions → tasks → AgentRuns", async () => {
    const created = await call(createCampaign, {
      method: "POST",
      key: org.keys.OPERATOR,
      body: { template: "knowledge-distiller", parameters: { topic: "geothermal" } },
    });
    expect(created.status).toBe(201);
    expect(created.body.campaign).toMatchObject({
      name: "Knowledge Distiller",
      source: "api",
      status: "QUEUED",
      intent: expect.stringContaining("Map geothermal:"),
    });
    const id = created.body.campaign.id;
    await drain();

    const planned = await call(getCampaign, { params: { id }, key: org.keys.VIEWER });
    expect(planned.body.campaign).toMatchObject({ status: "SUSPENDED", phase: "awaiting_plan_approval" });
    const approval = planned.body.campaign.approvals[0];
    expect(approval).toMatchObject({ sourceType: "campaign", status: "pending" });
    expect((await call(decide, { method: "POST", key: org.keys.OPERATOR, body: { id: approval.id, decision: "approve" } })).status).toBe(200);
    await drain();

    const done = await call(getCampaign, { params: { id }, key: org.keys.VIEWER });
    expect(done.status).toBe(200);
    const campaign = done.body.campaign;
    expect(campaign).toMatchObject({ status: "COMPLETED", phase: "done", template: { slug: "knowledge-distiller" } });
    expect(campaign.missions.map((m: { sequence: number; name: string }) => [m.sequence, m.name])).toEqual([
      [1, "Collect sources"],
      [1, "Survey prior work"],
      [2, "Extract the key claims"],
    ]);
    for (const task of campaign.missions.flatMap((m: { tasks: unknown[] }) => m.tasks)) {
      const run = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: task.agentRunId } });
      expect(run).toMatchObject({ source: "campaign", agentId: task.agent.id, organizationId: org.organization.id });
    }
  });

  it("returns the first campaign for a repeated Idempotency-Key", async () => {
    const request = {
      method: "POST",
      key: org.keys.OPERATOR,
      headers: { "idempotency-key": "launch-7" },
      body: { template: "knowledge-distiller", parameters: { topic: "tidal" } },
    };
    const first = await call(createCampaign, request);
    const second = await call(createCampaign, request);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toMatchObject({ created: false, campaign: { id: first.body.campaign.id } });
  });

  it("answers 400 for a missing parameter, 404 for an unknown template and 403 for a viewer", async () => {
    const missing = await call(createCampaign, { method: "POST", key: org.keys.OPERATOR, body: { template: "knowledge-distiller" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "validation_failed", message: "Missing template parameters: topic", details: { missing: ["topic"] } });
    expect((await call(createCampaign, { method: "POST", key: org.keys.OPERATOR, body: { template: "nope", parameters: {} } })).status).toBe(404);
    expect(
      (await call(createCampaign, { method: "POST", key: org.keys.VIEWER, body: { template: "knowledge-distiller", parameters: { topic: "x" } } })).status,
    ).toBe(403);
    expect((await call(createCampaign, { method: "POST", key: org.keys.OPERATOR, body: { parameters: {} } })).status).toBe(400);
  });

  it("answers 404 to another organization", async () => {
    const created = await call(createCampaign, {
      method: "POST",
      key: org.keys.OPERATOR,
      body: { template: "knowledge-distiller", parameters: { topic: "hydro" } },
    });
    const foreign = await call(getCampaign, { params: { id: created.body.campaign.id }, key: other.keys.ADMIN });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect(
      (await call(createCampaign, { method: "POST", key: other.keys.ADMIN, body: { template: "knowledge-distiller", parameters: { topic: "x" } } })).status,
    ).toBe(404);
  });
});
