import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { getSystemHealth } from "./health.ts";

const HOUR = 3_600_000;

describe("getSystemHealth", () => {
  let db: Database;
  beforeAll(async () => {
    db = await useTestDatabase();
  });
  afterAll(async () => db?.close());

  it("counts every run kind that finished in the last 24 hours, per hour, for the caller's organization only", async () => {
    const a = await createTestOrganization(db.prisma);
    const b = await createTestOrganization(db.prisma);
    const organizationId = a.organization.id;
    const now = new Date("2026-11-22T12:30:00.000Z");
    const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
    const agentRun = (status: "COMPLETED" | "FAILED" | "CANCELLED" | "RUNNING", completedAt: Date | null, org = a) =>
      db.prisma.agentRun.create({ data: { organizationId: org.organization.id, agentId: org.agent.id, source: "manual", input: {}, status, completedAt } });
    // 250 successes in the window: more than any page of events, counted exactly.
    await db.prisma.agentRun.createMany({
      data: Array.from({ length: 250 }, () => ({
        organizationId,
        agentId: a.agent.id,
        source: "manual" as const,
        input: {},
        status: "COMPLETED" as const,
        completedAt: ago(0.1),
      })),
    });
    await agentRun("FAILED", ago(2));
    await agentRun("FAILED", ago(23.9)); // 12:36 yesterday: the first, partial hour
    await agentRun("COMPLETED", ago(24.5)); // outside the window
    await agentRun("CANCELLED", ago(1)); // neither
    await agentRun("RUNNING", null);
    await agentRun("FAILED", ago(1), b); // another organization
    const workflow = await db.prisma.workflow.create({ data: { organizationId, slug: "wf", name: "WF", definition: {} } });
    await db.prisma.workflowRun.create({
      data: { organizationId, workflowId: workflow.id, source: "manual", input: {}, status: "FAILED", completedAt: ago(5) },
    });
    const network = await db.prisma.network.create({ data: { organizationId, slug: "net", name: "Net", routerInstructions: "route" } });
    await db.prisma.networkRun.create({
      data: { organizationId, networkId: network.id, source: "manual", input: {}, status: "COMPLETED", completedAt: ago(5) },
    });
    await db.prisma.campaign.create({ data: { organizationId, name: "C", intent: "i", source: "manual", status: "COMPLETED", completedAt: ago(3) } });

    const health = await getSystemHealth(a.ctx("VIEWER"), now);
    expect(health).toMatchObject({ succeeded: 252, failed: 3, from: ago(24), to: now });
    expect(health.successRate).toBe(98.8);
    // 12:00 yesterday through 12:00 today.
    expect(health.hours).toHaveLength(25);
    expect(health.hours[0]).toEqual({ at: new Date("2026-11-21T12:00:00.000Z"), succeeded: 0, failed: 1 });
    expect(health.hours.at(-1)).toEqual({ at: new Date("2026-11-22T12:00:00.000Z"), succeeded: 250, failed: 0 });
    expect(health.hours.find((hour) => hour.at.getTime() === Date.parse("2026-11-22T07:00:00.000Z"))).toEqual({
      at: new Date("2026-11-22T07:00:00.000Z"),
      succeeded: 1,
      failed: 1,
    });
    expect(health.hours.reduce((sum, hour) => sum + hour.succeeded + hour.failed, 0)).toBe(255);

    const empty = await getSystemHealth(b.ctx("VIEWER"), new Date("2027-01-01T00:00:00.000Z"));
    expect(empty).toMatchObject({ succeeded: 0, failed: 0, successRate: null });
    expect(empty.hours).toHaveLength(25);
  });
});
