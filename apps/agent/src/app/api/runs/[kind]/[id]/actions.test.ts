import { requestReview } from "@switchyard/core/reviews/requests";
import type { RunKind } from "@switchyard/core/runs/unified";
import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database, RunStatus } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { POST as cancel } from "./cancel/route";
import { POST as feedback } from "./feedback/route";
import { POST as retry } from "./retry/route";

describe("run actions: cancel, retry, feedback", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
    // 7 runs per kind cover every status for every kind. Recent: the workflow runtime computes a
    // cancelled run's duration from its start, and an Int column holds under 25 days of milliseconds.
    seeded = await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, new Date(Date.now() - 3_600_000), 7);
  });
  afterAll(async () => db?.close());

  const find = (kind: RunKind, status: RunStatus) => seeded.find((r) => r.kind === kind && r.status === status)!;
  const post = (handler: typeof cancel, action: string, kind: string, id: string, key: string, body?: unknown) =>
    call(handler, { method: "POST", path: `/api/runs/${kind}/${id}/${action}`, params: { kind, id }, key, body });
  const table = (kind: RunKind) =>
    ({
      agent: db.prisma.agentRun,
      workflow: db.prisma.workflowRun,
      network: db.prisma.networkRun,
      campaign: db.prisma.campaign,
      pulse: db.prisma.pulseEvaluation,
    })[kind] as unknown as {
      findUniqueOrThrow(args: {
        where: { id: string };
      }): Promise<{ status: RunStatus; cancelRequestedAt: Date | null; retryOfId: string | null; source: string; input?: unknown; parameters?: unknown }>;
    };

  describe("POST cancel", () => {
    const kinds: RunKind[] = ["agent", "workflow", "network", "campaign", "pulse"];

    it("cancels a queued run of every kind at once", async () => {
      for (const kind of kinds) {
        const run = find(kind, "QUEUED");
        const { status, body } = await post(cancel, "cancel", kind, run.id, org.keys.OPERATOR);
        expect(status, kind).toBe(200);
        expect(body.run).toMatchObject({ kind, id: run.id, status: "CANCELLED" });
        const stored = await table(kind).findUniqueOrThrow({ where: { id: run.id } });
        expect(stored.cancelRequestedAt, kind).not.toBeNull();
      }
    });

    it("asks a running run of every kind to stop", async () => {
      for (const kind of kinds) {
        const run = find(kind, "RUNNING");
        const { status, body } = await post(cancel, "cancel", kind, run.id, org.keys.OPERATOR);
        expect(status, kind).toBe(200);
        expect(body.run.status, kind).toBe("RUNNING");
        expect((await table(kind).findUniqueOrThrow({ where: { id: run.id } })).cancelRequestedAt, kind).not.toBeNull();
      }
    });

    it("answers 409 for a finished run, 403 for a viewer, 404 across organizations, 400 for a bad kind", async () => {
      for (const kind of kinds) {
        for (const finished of ["COMPLETED", "FAILED", "CANCELLED"] as const) {
          const { status, body } = await post(cancel, "cancel", kind, find(kind, finished).id, org.keys.OPERATOR);
          expect(status, `${kind} ${finished}`).toBe(409);
          expect(body.error.code).toBe("conflict");
        }
        const suspended = find(kind, "SUSPENDED");
        const viewer = await post(cancel, "cancel", kind, suspended.id, org.keys.VIEWER);
        expect(viewer.status, kind).toBe(403);
        const foreign = await post(cancel, "cancel", kind, suspended.id, other.keys.ADMIN);
        expect(foreign.status, kind).toBe(404);
        expect((await table(kind).findUniqueOrThrow({ where: { id: suspended.id } })).cancelRequestedAt, kind).toBeNull();
      }
      expect((await post(cancel, "cancel", "robot", "x", org.keys.OPERATOR)).status).toBe(400);
    });

    it("cancels a campaign waiting for approval at once and expires its review", async () => {
      const organizationId = org.organization.id;
      const waiting = await db.prisma.campaign.create({
        data: {
          organizationId,
          status: "SUSPENDED",
          phase: "awaiting_plan_approval",
          source: "manual",
          name: "Waiting campaign",
          intent: "Wait",
          parameters: {},
        },
      });
      const approval = await requestReview(db.prisma, { organizationId, sourceType: "campaign", title: "Approve the plan", campaignId: waiting.id });

      const { status, body } = await post(cancel, "cancel", "campaign", waiting.id, org.keys.OPERATOR);
      expect(status).toBe(200);
      expect(body.run).toMatchObject({ kind: "campaign", id: waiting.id, status: "CANCELLED" });
      expect(await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "expired" });
    });
  });

  describe("POST retry", () => {
    it("creates a new run with the same inputs, linked back, source retry, and enqueues its event (202)", async () => {
      for (const kind of ["agent", "workflow", "network", "campaign", "pulse"] as const) {
        const original = find(kind, "FAILED");
        const { status, body } = await post(retry, "retry", kind, original.id, org.keys.OPERATOR);
        expect(status, kind).toBe(202);
        expect(body).toEqual({ kind, runId: expect.any(String), eventId: expect.any(String) });
        expect(body.runId).not.toBe(original.id);
        const created = await table(kind).findUniqueOrThrow({ where: { id: body.runId } });
        expect(created, kind).toMatchObject({ retryOfId: original.id, source: "retry" });
        const before = await table(kind).findUniqueOrThrow({ where: { id: original.id } });
        if (kind === "campaign") expect(created.parameters).toEqual(before.parameters);
        else if (kind !== "pulse") expect(created.input).toEqual(before.input);
        const job = await db.prisma.executionJob.findUnique({ where: { eventId: body.eventId } });
        expect(job, kind).toMatchObject({ organizationId: org.organization.id, status: "PENDING" });
      }
    });

    it("routes agent, workflow and network retries through the dispatch table", async () => {
      const names: Record<string, string> = { agent: "agent/trigger.fire", workflow: "workflow/trigger.fire", network: "network/trigger.fire" };
      for (const kind of ["agent", "workflow", "network"] as const) {
        const { body } = await post(retry, "retry", kind, find(kind, "COMPLETED").id, org.keys.OPERATOR);
        const job = await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: body.eventId } });
        expect(job.eventName).toBe(names[kind]);
        expect(job.payload).toMatchObject({ source: "retry", dedupeKey: body.eventId });
      }
    });

    it("retries a campaign made without a template from its own intent", async () => {
      const adHoc = seeded.find((r) => r.kind === "campaign" && r.name === "Ad hoc campaign")!;
      const { status, body } = await post(retry, "retry", "campaign", adHoc.id, org.keys.OPERATOR);
      expect(status).toBe(202);
      const created = await db.prisma.campaign.findUniqueOrThrow({ where: { id: body.runId } });
      expect(created).toMatchObject({ name: "Ad hoc campaign", templateId: null, retryOfId: adHoc.id });
    });

    it("refuses a viewer (403) and another organization (404)", async () => {
      for (const kind of ["agent", "workflow", "network", "campaign", "pulse"] as const) {
        const id = find(kind, "COMPLETED").id;
        expect((await post(retry, "retry", kind, id, org.keys.VIEWER)).status, kind).toBe(403);
        expect((await post(retry, "retry", kind, id, other.keys.OWNER)).status, kind).toBe(404);
      }
    });
  });

  describe("POST feedback", () => {
    it("records a rating and comment on workflow and network runs", async () => {
      for (const kind of ["workflow", "network"] as const) {
        const run = find(kind, "COMPLETED");
        const { status, body } = await post(feedback, "feedback", kind, run.id, org.keys.VIEWER, { rating: 5, comment: "great" });
        expect(status, kind).toBe(201);
        expect(body.feedback).toMatchObject({ rating: 5, comment: "great" });
      }
      const stored = await db.prisma.workflowRunFeedback.findMany({ where: { workflowRunId: find("workflow", "COMPLETED").id } });
      expect(stored).toHaveLength(1);
      expect(await db.prisma.networkRunFeedback.count({ where: { networkRunId: find("network", "COMPLETED").id } })).toBe(1);
    });

    it("answers 400 for bad ratings and other kinds, 404 across organizations", async () => {
      const id = find("workflow", "FAILED").id;
      for (const body of [{ rating: 0 }, { rating: 6 }, { rating: 3.5 }, { comment: "no rating" }, { rating: "5" }]) {
        const { status, body: error } = await post(feedback, "feedback", "workflow", id, org.keys.VIEWER, body);
        expect(status, JSON.stringify(body)).toBe(400);
        expect(error.error.code).toBe("validation_failed");
      }
      const agent = await post(feedback, "feedback", "agent", find("agent", "COMPLETED").id, org.keys.VIEWER, { rating: 3 });
      expect(agent.status).toBe(400);
      const foreign = await post(feedback, "feedback", "workflow", id, other.keys.ADMIN, { rating: 3 });
      expect(foreign.status).toBe(404);
      expect(await db.prisma.workflowRunFeedback.count({ where: { workflowRunId: id } })).toBe(0);
    });
  });
});
