import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { requestReview } from "@switchyard/core/reviews/requests";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call } from "@/test/http";
import { GET as getDiff } from "./[id]/diff/route";
import { GET as getMetrics } from "./metrics/route";
import { GET as listReviews, POST as decide } from "./route";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;

describe("reviews API", () => {
  let db: Database;
  let a: Org;
  let b: Org;
  const ids: Record<string, string> = {};
  let campaignId: string;

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma);
    const orgId = a.organization.id;
    const workflow = await db.prisma.workflow.create({ data: { organizationId: orgId, slug: "sdlc", name: "SDLC pipeline", definition: { steps: [] } } });
    const run = await db.prisma.workflowRun.create({
      data: { organizationId: orgId, workflowId: workflow.id, source: "manual", input: {}, status: "SUSPENDED" },
    });
    const campaign = await db.prisma.campaign.create({
      data: { organizationId: orgId, name: "Q4 research", intent: "Map", source: "manual", status: "SUSPENDED", phase: "awaiting_plan_approval" },
    });
    campaignId = campaign.id;
    const t0 = Date.now() - 60 * 60_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    ids.workflow = (
      await requestReview(db.prisma, {
        organizationId: orgId,
        sourceType: "workflow-review",
        title: "Review PR",
        agentId: a.agent.id,
        workflowRunId: run.id,
        githubRepo: "acme/app",
        reviewContext: { riskLevel: "high", filesChanged: ["a.ts"], prNumber: 7, stepsCompleted: 2, stepNames: ["analyze", "fix"] },
        at: at(0),
      })
    ).id;
    ids.campaign = (await requestReview(db.prisma, { organizationId: orgId, sourceType: "campaign", title: "Run campaign", campaignId, at: at(1) })).id;
    ids.integration = (
      await requestReview(db.prisma, {
        organizationId: orgId,
        sourceType: "integration",
        title: "Post to Slack",
        payload: { action: "slack.post", channel: "#ops" },
        at: at(2),
      })
    ).id;
    ids.financial = (
      await requestReview(db.prisma, {
        organizationId: orgId,
        sourceType: "financial_action",
        title: "Refund $40",
        payload: { action: "refund", amountUsd: 40 },
        at: at(3),
      })
    ).id;
    ids.noPr = (await requestReview(db.prisma, { organizationId: orgId, sourceType: "workflow-review", title: "No PR", at: at(4) })).id;
    await requestReview(db.prisma, { organizationId: b.organization.id, sourceType: "integration", title: "B's action", at: at(5) });
  });
  afterAll(async () => db?.close());

  it("lists every source type with its joins, newest first, and filters by source and status", async () => {
    const all = await call(listReviews, { path: "/api/reviews?source=all&status=pending", key: a.keys.VIEWER });
    expect(all.status).toBe(200);
    expect(all.body.reviews.map((r: { title: string }) => r.title)).toEqual(["No PR", "Refund $40", "Post to Slack", "Run campaign", "Review PR"]);
    const workflowReview = all.body.reviews.find((r: { id: string }) => r.id === ids.workflow);
    expect(workflowReview).toMatchObject({
      sourceType: "workflow-review",
      source: "workflow",
      status: "pending",
      agent: { slug: "test-agent", name: "Test Agent", model: "gpt-4o-mini", riskLevel: "AUTO" },
      workflowRun: { status: "SUSPENDED", workflowSlug: "sdlc", workflowName: "SDLC pipeline" },
      context: { riskLevel: "high", prNumber: 7, stepNames: ["analyze", "fix"] },
      audit: [{ action: "requested", actor: "system" }],
      pullRequest: { repo: "acme/app", number: 7 },
    });
    // Announced by its APPROVAL_REQUESTED event, at the time the request was opened.
    expect(Date.parse(workflowReview.notifiedAt)).toBe(Date.parse(workflowReview.requestedAt));
    expect(all.body.reviews.find((r: { id: string }) => r.id === ids.noPr).pullRequest).toBeNull();
    expect(all.body.reviews.find((r: { id: string }) => r.id === ids.campaign).campaign).toMatchObject({ id: campaignId, name: "Q4 research" });

    const financial = await call(listReviews, { path: "/api/reviews?source=financial", key: a.keys.VIEWER });
    expect(financial.body.reviews.map((r: { id: string }) => r.id)).toEqual([ids.financial]);
    const workflow = await call(listReviews, { path: "/api/reviews?source=workflow", key: a.keys.VIEWER });
    expect(workflow.body.reviews.map((r: { id: string }) => r.id).sort()).toEqual([ids.workflow, ids.noPr].sort());
    const approved = await call(listReviews, { path: "/api/reviews?status=approved", key: a.keys.VIEWER });
    expect(approved.body.reviews).toEqual([]);
  });

  it("pages with a cursor without gaps or duplicates", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { reviews: { id: string }[]; nextCursor: string | null } } = await call(listReviews, {
        path: `/api/reviews?status=all&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        key: a.keys.VIEWER,
      });
      seen.push(...page.body.reviews.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("answers bad input with a 400 JSON error", async () => {
    for (const path of ["/api/reviews?source=bogus", "/api/reviews?status=maybe", "/api/reviews?limit=0", "/api/reviews?cursor=nonsense"]) {
      const response = await call(listReviews, { path, key: a.keys.VIEWER });
      expect(response.status, path).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
    }
    const badBody = await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: ids.integration, decision: "maybe" } });
    expect(badBody.status).toBe(400);
  });

  it("refuses a viewer's decision (403) and changes nothing", async () => {
    const response = await call(decide, { method: "POST", key: a.keys.VIEWER, body: { id: ids.integration, decision: "approve" } });
    expect(response.status).toBe(403);
    expect((await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: ids.integration } })).status).toBe("pending");
  });

  it("routes decisions per source type, exactly once", async () => {
    const integration = await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: ids.integration, decision: "approve", notes: "ok" } });
    expect(integration.status).toBe(200);
    expect(integration.body.approval).toMatchObject({
      status: "approved",
      decisionNotes: "ok",
      payload: { action: "slack.post", result: { status: "executed" } },
    });
    const integrationAudit = await db.prisma.approvalAudit.findMany({ where: { approvalRequestId: ids.integration }, orderBy: { createdAt: "asc" } });
    expect(integrationAudit.map((entry) => entry.action)).toEqual(["requested", "approved", "executed"]);

    const financial = await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: ids.financial, decision: "reject" } });
    expect(financial.body.approval.status).toBe("rejected");
    expect(financial.body.approval.payload.result).toBeUndefined();
    const financialAudit = await db.prisma.approvalAudit.findMany({ where: { approvalRequestId: ids.financial }, orderBy: { createdAt: "asc" } });
    expect(financialAudit.map((entry) => entry.action)).toEqual(["requested", "rejected", "not_executed"]);

    await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: ids.campaign, decision: "reject", notes: "too costly" } });
    expect(await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({
      status: "CANCELLED",
      stopReason: "Plan rejected: too costly",
    });

    await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: ids.workflow, decision: "approve" } });
    const resume = await db.prisma.executionJob.findUnique({ where: { eventId: `decision:${ids.workflow}` } });
    expect(resume?.eventName).toMatch(/resume/);

    const again = await call(decide, { method: "POST", key: a.keys.OPERATOR, body: { id: ids.integration, decision: "reject" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    const after = await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: ids.integration }, include: { audit: true } });
    expect(after.status).toBe("approved");
    expect(after.audit).toHaveLength(3);

    const decided = await call(listReviews, { path: "/api/reviews?status=approved&source=integration", key: a.keys.VIEWER });
    expect(decided.body.reviews[0]).toMatchObject({
      id: ids.integration,
      decidedBy: "API key operator key",
      audit: [{ action: "requested" }, { action: "approved" }, { action: "executed" }],
    });
  });

  it("computes the governance metrics", async () => {
    const response = await call(getMetrics, { key: a.keys.VIEWER });
    expect(response.status).toBe(200);
    const metrics = response.body.metrics;
    expect(metrics).toMatchObject({
      pendingCount: 1,
      bySource: { workflow: 1, integration: 0, financial: 0, campaign: 0, mission: 0, agent: 0 },
      approvalRate7d: 0.5,
      resolved24h: 4,
      queueTrend: { requested24h: 5, resolved24h: 4, delta: 1, direction: "growing" },
    });
    expect(metrics.decisionsToday).toBeGreaterThanOrEqual(0);
    expect(metrics.avgWaitMinutes).toBeGreaterThan(55);
    expect(metrics.avgDecisionMinutes).toBeGreaterThan(50);
    const other = await call(getMetrics, { key: b.keys.VIEWER });
    expect(other.body.metrics).toMatchObject({ pendingCount: 1, bySource: { integration: 1, workflow: 0 } });
  });

  describe("pull request diff", () => {
    let github: Server;
    let requests: { url?: string; accept?: string; authorization?: string }[] = [];

    beforeAll(async () => {
      github = createServer((request, response) => {
        requests.push({ url: request.url, accept: request.headers.accept, authorization: request.headers.authorization });
        if (request.url === "/repos/acme/app/pulls/7") {
          response.writeHead(200, { "content-type": "text/plain" });
          response.end("diff --git a/a.ts b/a.ts\n+hello\n");
        } else {
          response.writeHead(404, { "content-type": "application/json" });
          response.end('{"message":"Not Found"}');
        }
      });
      await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", resolve));
      vi.stubEnv("GITHUB_API_URL", `http://127.0.0.1:${(github.address() as AddressInfo).port}`);
    });
    afterAll(async () => {
      vi.unstubAllEnvs();
      await new Promise((resolve) => github.close(resolve));
    });

    it("is 409 not_configured without a token", async () => {
      vi.stubEnv("GITHUB_TOKEN", "");
      const response = await call(getDiff, { params: { id: ids.workflow }, key: a.keys.VIEWER });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe("not_configured");
    });

    it("returns the unified diff from GitHub with the diff media type and the token", async () => {
      vi.stubEnv("GITHUB_TOKEN", "ghp_test");
      requests = [];
      const response = await call(getDiff, { params: { id: ids.workflow }, key: a.keys.VIEWER });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ source: "github", repo: "acme/app", prNumber: 7, diff: "diff --git a/a.ts b/a.ts\n+hello\n" });
      expect(requests).toEqual([{ url: "/repos/acme/app/pulls/7", accept: "application/vnd.github.v3.diff", authorization: "Bearer ghp_test" }]);
    });

    it("serves the patch the workflow recorded, without GitHub, and keeps it out of the list", async () => {
      vi.stubEnv("GITHUB_TOKEN", "");
      requests = [];
      const patch =
        "diff --git a/src/retry.ts b/src/retry.ts\n--- a/src/retry.ts\n+++ b/src/retry.ts\n@@ -1 +1 @@\n-const delayMs = 1000;\n+const delayMs = 2000;\n";
      const { id } = await requestReview(db.prisma, {
        organizationId: a.organization.id,
        sourceType: "workflow-review",
        title: "Recorded patch",
        reviewContext: { filesChanged: ["src/retry.ts"], patch, stepsCompleted: 2, stepNames: ["classify-risk", "analyze-codebase"] },
      });
      const response = await call(getDiff, { params: { id }, key: a.keys.VIEWER });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ source: "recorded", repo: null, prNumber: null, diff: patch });
      expect(requests).toEqual([]);

      const list = await call(listReviews, { path: "/api/reviews?source=workflow", key: a.keys.VIEWER });
      const listed = list.body.reviews.find((review: { id: string }) => review.id === id);
      expect(listed).toMatchObject({ hasRecordedPatch: true, context: { filesChanged: ["src/retry.ts"] } });
      expect(listed.context).not.toHaveProperty("patch");
      await db.prisma.approvalRequest.delete({ where: { id } });
    });

    it("is 422 without a repository or PR number, 404 on GitHub's 404, 404 across tenants", async () => {
      vi.stubEnv("GITHUB_TOKEN", "ghp_test");
      const missing = await call(getDiff, { params: { id: ids.noPr }, key: a.keys.VIEWER });
      expect(missing.status).toBe(422);
      expect(missing.body.error.code).toBe("unprocessable");
      await db.prisma.approvalRequest.update({ where: { id: ids.noPr }, data: { githubRepo: "acme/gone", reviewContext: { prNumber: 9 } } });
      const gone = await call(getDiff, { params: { id: ids.noPr }, key: a.keys.VIEWER });
      expect(gone.status).toBe(404);
      const crossTenant = await call(getDiff, { params: { id: ids.workflow }, key: b.keys.ADMIN });
      expect(crossTenant.status).toBe(404);
    });
  });

  it("never shows or decides another organization's approvals", async () => {
    const list = await call(listReviews, { path: "/api/reviews?status=all", key: b.keys.ADMIN });
    expect(list.body.reviews.map((r: { title: string }) => r.title)).toEqual(["B's action"]);
    const response = await call(decide, { method: "POST", key: b.keys.ADMIN, body: { id: ids.noPr, decision: "approve" } });
    expect(response.status).toBe(404);
    expect((await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: ids.noPr } })).status).toBe("pending");
  });
});
