import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { DELETE as deleteRun } from "../[kind]/[id]/route";
import { POST } from "./route";

const UNFINISHED = ["QUEUED", "RUNNING", "SUSPENDED"];

describe("POST /api/runs/bulk and DELETE /api/runs/[kind]/[id]", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];
  let foreign: SeededRun[];

  const bulk = (body: unknown, key = org.keys.OPERATOR) => call(POST, { method: "POST", path: "/api/runs/bulk", body, key });
  const remove = (kind: string, id: string, key = org.keys.ADMIN) =>
    call(deleteRun, { method: "DELETE", path: `/api/runs/${kind}/${id}`, params: { kind, id }, key });

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
    const recent = new Date(Date.now() - 3_600_000);
    seeded = await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, recent, 7);
    foreign = await seedMixedRuns(db.prisma, other.organization.id, other.agent.id, recent, 7);
  });
  afterAll(async () => db?.close());

  it("cancels every unfinished agent run matching a filter, in one request, and leaves the rest alone", async () => {
    const targets = seeded.filter((run) => run.kind === "agent" && UNFINISHED.includes(run.status));
    expect(targets.length).toBeGreaterThan(0);
    const { status, body } = await bulk({ action: "cancel", filter: { kind: "agent" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ action: "cancel", matched: targets.length, truncated: false, succeeded: targets.length, failed: 0 });
    expect(body.results.map((result: { id: string }) => result.id).sort()).toEqual(targets.map((run) => run.id).sort());
    const stored = await db.prisma.agentRun.findMany({ where: { id: { in: targets.map((run) => run.id) } } });
    expect(stored.every((run) => run.cancelRequestedAt !== null)).toBe(true);
    // Another organization's runs and this organization's other kinds were not touched.
    const untouched = await db.prisma.agentRun.count({ where: { organizationId: other.organization.id, cancelRequestedAt: { not: null } } });
    expect(untouched).toBe(0);
    const workflowRunning = seeded.find((run) => run.kind === "workflow" && run.status === "RUNNING")!;
    expect((await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: workflowRunning.id } })).cancelRequestedAt).toBeNull();
  });

  it("reports each listed run's own outcome: a finished run is refused without stopping the others", async () => {
    const queued = seeded.find((run) => run.kind === "network" && run.status === "QUEUED")!;
    const completed = seeded.find((run) => run.kind === "network" && run.status === "COMPLETED")!;
    const elsewhere = foreign.find((run) => run.kind === "network" && run.status === "QUEUED")!;
    const { status, body } = await bulk({
      action: "cancel",
      runs: [completed, queued, elsewhere].map(({ kind, id }) => ({ kind, id })),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ matched: 3, succeeded: 1, failed: 2 });
    expect(body.results).toEqual([
      { kind: "network", id: completed.id, ok: false, error: { code: "conflict", message: expect.stringContaining("completed") } },
      { kind: "network", id: queued.id, ok: true, status: "CANCELLED" },
      { kind: "network", id: elsewhere.id, ok: false, error: { code: "not_found", message: expect.any(String) } },
    ]);
    expect((await db.prisma.networkRun.findUniqueOrThrow({ where: { id: elsewhere.id } })).status).toBe("QUEUED");
  });

  it("retries the failed workflow runs of a filter as new runs pointing back at them", async () => {
    const failed = seeded.filter((run) => run.kind === "workflow" && run.status === "FAILED");
    const { status, body } = await bulk({ action: "retry", filter: { kind: "workflow", status: "FAILED" } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ matched: failed.length, succeeded: failed.length, failed: 0 });
    for (const result of body.results) {
      const retry = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: result.retryRunId } });
      expect(retry).toMatchObject({ retryOfId: result.id, source: "retry" });
    }
    // A filter on a status the action cannot apply to selects nothing.
    const none = await bulk({ action: "retry", filter: { kind: "workflow", status: "RUNNING" } });
    expect(none.body).toMatchObject({ matched: 0, results: [] });
  });

  it("refuses a body with both or neither of runs and filter (400) and a viewer (403)", async () => {
    expect((await bulk({ action: "cancel" })).status).toBe(400);
    expect((await bulk({ action: "cancel", runs: [{ kind: "agent", id: "x" }], filter: { kind: "all" } })).status).toBe(400);
    expect((await bulk({ action: "explode", filter: { kind: "all" } })).status).toBe(400);
    expect((await bulk({ action: "cancel", runs: [] })).status).toBe(400);
    const viewer = await bulk({ action: "cancel", filter: { kind: "all" } }, org.keys.VIEWER);
    expect(viewer.status).toBe(403);
  });

  it("deletes a finished workflow run with its sub-runs and activity, audited; refuses unfinished runs, operators and other organizations", async () => {
    const organizationId = org.organization.id;
    const finished = seeded.find((run) => run.kind === "workflow" && run.status === "COMPLETED")!;
    await db.prisma.agentRun.create({
      data: { organizationId, agentId: org.agent.id, source: "workflow", workflowRunId: finished.id, input: {}, status: "COMPLETED" },
    });
    await db.prisma.activityEvent.create({ data: { organizationId, type: "WORKFLOW_COMPLETED", title: "done", workflowRunId: finished.id } });

    expect((await remove("workflow", finished.id, org.keys.OPERATOR)).status).toBe(403);
    expect((await remove("workflow", finished.id, other.keys.ADMIN)).status).toBe(404);
    // The first test asked this organization's agent runs to stop; its workflow runs were left running.
    const running = seeded.find((run) => run.kind === "workflow" && run.status === "RUNNING")!;
    const refused = await remove("workflow", running.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("cancel it before deleting it");

    const { status, body } = await remove("workflow", finished.id);
    expect(status).toBe(200);
    expect(body).toEqual({ kind: "workflow", id: finished.id, deletedSubRuns: 1 });
    expect(await db.prisma.workflowRun.count({ where: { id: finished.id } })).toBe(0);
    expect(await db.prisma.agentRun.count({ where: { workflowRunId: finished.id } })).toBe(0);
    expect(await db.prisma.activityEvent.count({ where: { workflowRunId: finished.id } })).toBe(0);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { organizationId, action: "run.deleted", targetId: finished.id } });
    expect(audit.before).toMatchObject({ kind: "workflow", status: "COMPLETED", deletedSubRuns: 1 });
    expect((await remove("workflow", finished.id)).status).toBe(404);
  });
});
