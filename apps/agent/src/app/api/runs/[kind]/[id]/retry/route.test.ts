import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import { seedMixedRuns, type SeededRun } from "@switchyard/core/runs/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { POST } from "./route";

describe("POST /api/runs/[kind]/[id]/retry, executed", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let seeded: SeededRun[];

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    seeded = await seedMixedRuns(db.prisma, org.organization.id, org.agent.id, new Date(Date.now() - 3_600_000), 2);
  });
  afterAll(async () => db?.close());

  it("the worker executes exactly the retry run the endpoint created, once", async () => {
    const retries: Record<string, { original: string; runId: string }> = {};
    for (const kind of ["agent", "workflow", "network", "pulse"] as const) {
      const original = seeded.find((r) => r.kind === kind)!;
      const { status, body } = await call(POST, {
        method: "POST",
        path: `/api/runs/${kind}/${original.id}/retry`,
        params: { kind, id: original.id },
        key: org.keys.OPERATOR,
      });
      expect(status, kind).toBe(202);
      retries[kind] = { original: original.id, runId: body.runId };
    }
    const handlers = createEventHandlers({ db: db.prisma, workerId: "test-worker", sleep: async () => {} });
    await drainLocalJobs({ db: db.prisma, handlers, workerId: "test-worker", logger: { error: () => {} } });

    const agentRuns = await db.prisma.agentRun.findMany({ where: { retryOfId: retries.agent.original } });
    expect(agentRuns.map((r) => [r.id, r.status, r.source])).toEqual([[retries.agent.runId, "COMPLETED", "retry"]]);
    const workflowRuns = await db.prisma.workflowRun.findMany({ where: { retryOfId: retries.workflow.original } });
    expect(workflowRuns).toHaveLength(1);
    expect(workflowRuns[0].id).toBe(retries.workflow.runId);
    expect(workflowRuns[0].status).not.toBe("QUEUED");
    // The fixture's network has no members: the retry run itself fails, and no second run appears.
    const networkRuns = await db.prisma.networkRun.findMany({ where: { retryOfId: retries.network.original } });
    expect(networkRuns.map((r) => [r.id, r.status])).toEqual([[retries.network.runId, "FAILED"]]);
    const evaluations = await db.prisma.pulseEvaluation.findMany({ where: { retryOfId: retries.pulse.original } });
    expect(evaluations.map((e) => [e.id, e.status])).toEqual([[retries.pulse.runId, "COMPLETED"]]);
    expect(await db.prisma.pulseEvaluation.count({ where: { source: "retry" } })).toBe(1);
  });
});
