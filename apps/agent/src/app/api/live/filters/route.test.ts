import { seedMixedRuns } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET } from "./route";

describe("GET /api/live/filters", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, new Date("2026-10-01T08:00:00Z"), 1);
  });
  afterAll(async () => db?.close());

  it("lists this organization's entities and the fixed choices", async () => {
    const { status, body } = await call(GET, { path: "/api/live/filters", key: org.keys.VIEWER });
    expect(status).toBe(200);
    expect(body).toEqual({
      agents: [{ slug: "test-agent", name: "Test Agent" }],
      workflows: [{ slug: "review-flow", name: "Review flow" }],
      networks: [{ slug: "research-desk", name: "Research desk" }],
      campaignTemplates: [{ slug: "knowledge-distiller", name: "Knowledge Distiller" }],
      pulses: [{ slug: "growth-pulse", name: "Growth pulse" }],
      kinds: ["agent", "workflow", "network", "campaign", "pulse"],
      sources: expect.arrayContaining(["schedule", "webhook", "retry"]),
      statuses: ["QUEUED", "RUNNING", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"],
    });
  });

  it("shows another organization only its own entities", async () => {
    const other = await createTestOrganization(db.prisma, { agentSlug: "other-agent" });
    const { body } = await call(GET, { path: "/api/live/filters", key: other.keys.VIEWER });
    expect(body.agents).toEqual([{ slug: "other-agent", name: "Test Agent" }]);
    expect([body.workflows, body.networks, body.campaignTemplates, body.pulses]).toEqual([[], [], [], []]);
  });

  it("answers 401 without a credential", async () => {
    const { status, body } = await call(GET, { path: "/api/live/filters" });
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthorized");
  });
});
