import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TriggerFirePayload } from "../execution/events.ts";
import { createTestOrganization } from "../testing.ts";
import { holdForApproval } from "./risk-gate.ts";
import { runAgentFire } from "./runtime.ts";

const options = { workerId: "gate-test", sleep: async () => {} };

describe("the risk gate of direct fires", () => {
  let db: Database;
  beforeAll(async () => {
    db = await useTestDatabase();
  });
  afterAll(async () => db?.close());

  async function gatedAgent() {
    const org = await createTestOrganization(db.prisma);
    await db.prisma.agent.update({ where: { id: org.agent.id }, data: { riskLevel: "APPROVAL_REQUIRED" } });
    const fire: TriggerFirePayload = {
      organizationId: org.organization.id,
      entityId: org.agent.id,
      source: "event",
      input: { prompt: "publish" },
      dedupeKey: `gate-test:${randomBytes(6).toString("hex")}`,
    };
    return { org, fire };
  }

  it("opens one review and one run for concurrent deliveries of the same fire", async () => {
    const { org, fire } = await gatedAgent();
    const runs = await Promise.all(Array.from({ length: 6 }, () => runAgentFire(db.prisma, fire, options)));
    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    expect(runs.every((run) => run.status === "SUSPENDED")).toBe(true);
    const reviews = await db.prisma.approvalRequest.findMany({ where: { organizationId: org.organization.id } });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ sourceType: "agent", agentRunId: runs[0].id, agentId: org.agent.id, status: "pending" });
    expect(await db.prisma.activityEvent.count({ where: { organizationId: org.organization.id, type: "APPROVAL_REQUESTED" } })).toBe(1);
  });

  it("keeps a held run held when its agent becomes AUTO before the decision: a redelivery does not run it", async () => {
    const { org, fire } = await gatedAgent();
    const held = await runAgentFire(db.prisma, fire, options);
    await db.prisma.agent.update({ where: { id: org.agent.id }, data: { riskLevel: "AUTO" } });
    const again = await runAgentFire(db.prisma, fire, options);
    expect(again).toMatchObject({ id: held.id, status: "SUSPENDED", totalTokens: 0 });
    expect(await db.prisma.approvalRequest.count({ where: { agentRunId: held.id } })).toBe(1);
  });

  it("finishes a rejection whose cancel was lost when the fire is delivered again", async () => {
    const { fire } = await gatedAgent();
    const held = await runAgentFire(db.prisma, fire, options);
    // The decision was recorded, but the request failed before its resolver cancelled the run.
    await db.prisma.approvalRequest.updateMany({
      where: { agentRunId: held.id },
      data: { status: "rejected", decidedAt: new Date(), decidedByLabel: "Ada", decisionNotes: "wrong week" },
    });
    const again = await runAgentFire(db.prisma, fire, options);
    expect(again).toMatchObject({ id: held.id, status: "CANCELLED", error: "Rejected by Ada: wrong week", totalTokens: 0 });
  });

  it("holds nothing for an AUTO or archived agent", async () => {
    const org = await createTestOrganization(db.prisma);
    const fire = { organizationId: org.organization.id, entityId: org.agent.id, source: "manual" as const, input: {}, dedupeKey: "auto-1" };
    expect(await holdForApproval(db.prisma, fire)).toBeNull();
    await db.prisma.agent.update({ where: { id: org.agent.id }, data: { riskLevel: "APPROVAL_REQUIRED", isActive: false, archivedAt: new Date() } });
    // An archived agent's fire fails with the reason on the execution path, as before.
    expect(await holdForApproval(db.prisma, { ...fire, dedupeKey: "archived-1" })).toBeNull();
    const failed = await runAgentFire(db.prisma, { ...fire, dedupeKey: "archived-1" }, options);
    expect(failed).toMatchObject({ status: "FAILED", error: expect.stringContaining("archived") });
    expect(await db.prisma.approvalRequest.count({ where: { organizationId: org.organization.id } })).toBe(0);
  });
});
