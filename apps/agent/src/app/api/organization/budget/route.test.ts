import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { GET, PUT } from "./route";

describe("/api/organization/budget", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
    // This month's spend of the first organization only.
    await db.prisma.agentRun.create({
      data: { organizationId: org.organization.id, agentId: org.agent.id, source: "api", input: {}, status: "COMPLETED", startedAt: new Date(), costUsd: 2.5 },
    });
  });
  afterAll(async () => db?.close());

  const put = (body: unknown, key = org.keys.ADMIN) => call(PUT, { method: "PUT", path: "/api/organization/budget", body, key });
  const budgetAudits = (organizationId: string) =>
    db.prisma.auditLog.findMany({ where: { organizationId, action: "organization.budget_changed" }, orderBy: { createdAt: "asc" } });

  it("sets a budget, answers the month's spend and projection against it, and clears it again, audited", async () => {
    const before = await call(GET, { path: "/api/organization/budget", key: org.keys.ADMIN });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ costUsd: 2.5, budgetUsd: null, budgetShare: null });
    expect(before.body.projectedUsd).toBeGreaterThanOrEqual(2.5);

    const set = await put({ monthlyBudgetUsd: 1250.5 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ costUsd: 2.5, budgetUsd: 1250.5 });
    expect(set.body.budgetShare).toBeCloseTo(set.body.projectedUsd / 1250.5, 9);
    // The cockpit projects against the same budget.
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id } })).monthlyBudgetUsd).toBe(1250.5);

    // Saving the same amount again changes nothing and is not audited twice.
    expect((await put({ monthlyBudgetUsd: 1250.5 })).status).toBe(200);
    const cleared = await put({ monthlyBudgetUsd: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ budgetUsd: null, budgetShare: null });
    expect((await budgetAudits(org.organization.id)).map((entry) => [entry.before, entry.after, entry.actorLabel])).toEqual([
      [{ monthlyBudgetUsd: null }, { monthlyBudgetUsd: 1250.5 }, "API key admin key"],
      [{ monthlyBudgetUsd: 1250.5 }, { monthlyBudgetUsd: null }, "API key admin key"],
    ]);
  });

  it("answers 400 for anything but a positive amount in whole cents up to $10,000,000, or null", async () => {
    for (const monthlyBudgetUsd of [0, -5, 1.234, 10_000_000.01, "100", true]) {
      const response = await put({ monthlyBudgetUsd });
      expect(response.status, String(monthlyBudgetUsd)).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
      expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain("monthlyBudgetUsd");
    }
    expect((await put({})).status).toBe(400);
    expect((await put({ monthlyBudgetUsd: 10_000_000 })).body.budgetUsd).toBe(10_000_000);
    expect((await put({ monthlyBudgetUsd: 0.01 })).body.budgetUsd).toBe(0.01);
  });

  it("is for admins and owners only (403 for operators and viewers)", async () => {
    for (const key of [org.keys.OPERATOR, org.keys.VIEWER]) {
      expect((await put({ monthlyBudgetUsd: 5 }, key)).status).toBe(403);
      expect((await call(GET, { path: "/api/organization/budget", key })).status).toBe(403);
    }
    expect((await put({ monthlyBudgetUsd: 5 }, org.keys.OWNER)).status).toBe(200);
  });

  it("keeps each organization's budget and spend to itself", async () => {
    await put({ monthlyBudgetUsd: 300 });
    const theirs = await put({ monthlyBudgetUsd: 40 }, other.keys.ADMIN);
    expect(theirs.body).toMatchObject({ costUsd: 0, projectedUsd: 0, budgetUsd: 40, budgetShare: 0 });
    expect((await call(GET, { path: "/api/organization/budget", key: org.keys.ADMIN })).body).toMatchObject({ costUsd: 2.5, budgetUsd: 300 });
    expect(await budgetAudits(other.organization.id)).toHaveLength(1);
  });
});
