import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestReview } from "./requests.ts";
import { decideReview } from "./decisions.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { createTestOrganization } from "../testing.ts";
import { getReviewMetrics, listReviews, ListReviewsQuery } from "./service.ts";

const engine: ExecutionEngine = { send: async () => {} } as unknown as ExecutionEngine;
const MINUTE = 60_000;

describe("review metrics and resolvers", () => {
  let db: Database;
  beforeAll(async () => {
    db = await useTestDatabase();
  });
  afterAll(async () => db?.close());

  it("computes every metric exactly from fixed timestamps", async () => {
    const org = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    const now = new Date("2026-03-10T12:00:00.000Z");
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
    const make = (sourceType: "workflow-review" | "integration" | "financial_action" | "campaign", minutesAgo: number) =>
      requestReview(db.prisma, { organizationId, sourceType, title: `${sourceType} ${minutesAgo}`, at: at(minutesAgo) });
    // Pending: waited 30 and 90 minutes.
    await make("workflow-review", 30);
    await make("integration", 90);
    // Decided: approved after 10 min (today), rejected after 50 min (yesterday, within 24h), approved 3 days ago after 20 min.
    const decide = async (id: string, status: "approved" | "rejected", decidedMinutesAgo: number) =>
      db.prisma.approvalRequest.update({ where: { id }, data: { status, decidedAt: at(decidedMinutesAgo) } });
    await decide((await make("financial_action", 70)).id, "approved", 60);
    await decide((await make("campaign", 20 * 60)).id, "rejected", 20 * 60 - 50);
    await decide((await make("integration", 3 * 24 * 60 + 20)).id, "approved", 3 * 24 * 60);
    // Ten days ago: outside every window.
    await decide((await make("integration", 10 * 24 * 60 + 5)).id, "rejected", 10 * 24 * 60);

    const metrics = await getReviewMetrics(org.ctx("VIEWER"), now);
    expect(metrics).toEqual({
      pendingCount: 2,
      bySource: { workflow: 1, integration: 1, financial: 0, campaign: 0, mission: 0, agent: 0 },
      avgWaitMinutes: 60,
      approvalRate7d: 2 / 3,
      decisionsToday: 1,
      avgDecisionMinutes: 26.7,
      resolved24h: 2,
      queueTrend: { requested24h: 4, resolved24h: 2, delta: 2, direction: "growing" },
    });
  });

  it("executes an approved integration action once and records a rejected financial action", async () => {
    const org = await createTestOrganization(db.prisma);
    const integration = await requestReview(db.prisma, {
      organizationId: org.organization.id,
      sourceType: "integration",
      title: "Open issue",
      payload: { action: "github.issue" },
    });
    const financial = await requestReview(db.prisma, {
      organizationId: org.organization.id,
      sourceType: "financial_action",
      title: "Pay",
      payload: { action: "payout" },
    });
    const approved = await decideReview(org.ctx("OPERATOR"), engine, { id: integration.id, decision: "approve" });
    expect(approved.payload).toMatchObject({ action: "github.issue", result: { status: "executed", executedBy: "test OPERATOR" } });
    await expect(decideReview(org.ctx("OPERATOR"), engine, { id: integration.id, decision: "approve" })).rejects.toMatchObject({ code: "conflict" });
    await decideReview(org.ctx("OPERATOR"), engine, { id: financial.id, decision: "reject", notes: "no" });
    const audit = await db.prisma.approvalAudit.findMany({ where: { organizationId: org.organization.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const actionsFor = (id: string) => audit.filter((entry) => entry.approvalRequestId === id).map((entry) => entry.action);
    expect(actionsFor(integration.id)).toEqual(["requested", "approved", "executed"]);
    expect(actionsFor(financial.id)).toEqual(["requested", "rejected", "not_executed"]);

    const page = await listReviews(org.ctx("VIEWER"), ListReviewsQuery.parse({ status: "all", source: "financial" }));
    expect(page.reviews).toHaveLength(1);
    expect(page.reviews[0].audit.at(-1)).toMatchObject({ action: "not_executed", notes: "no", metadata: { kind: "financial", action: "payout" } });
  });
});
