import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchFire } from "../dispatch.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { cancelRun } from "../runs/actions.ts";
import { createTestOrganization } from "../testing.ts";
import { createWorkflow } from "../workflows/service.ts";
import { listRuntimeTasks, ListRuntimeTasksQuery } from "./runtime.ts";

type TestOrg = Awaited<ReturnType<typeof createTestOrganization>>;

describe("listRuntimeTasks", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  /** Fires the workflow through the dispatch table, runs the job, and returns the job's task row. */
  async function fireAndList(org: TestOrg, workflowId: string) {
    const dedupeKey = `test:${randomBytes(6).toString("hex")}`;
    await dispatchFire(createLocalEngine(db.prisma), "workflow", {
      organizationId: org.organization.id,
      entityId: workflowId,
      source: "manual",
      input: {},
      dedupeKey,
    });
    const deps = { db: db.prisma, workerId: "test-worker", sleep: async () => {} };
    await drainLocalJobs({ db: db.prisma, handlers: createEventHandlers(deps), workerId: "test-worker" });
    const { tasks } = await listRuntimeTasks(org.ctx(), ListRuntimeTasksQuery.parse({}));
    return { task: tasks.find((task) => task.eventId === dedupeKey)!, dedupeKey };
  }

  it("reports a completed job whose workflow run failed with the run's outcome and error", async () => {
    const org = await createTestOrganization(db.prisma, { failureRate: 1 });
    const workflow = await createWorkflow(org.ctx(), {
      slug: "doomed",
      name: "Doomed",
      definition: { nodes: [{ id: "draft", type: "agent", agent: "test-agent", prompt: "Draft it" }] },
    });

    const { task, dedupeKey } = await fireAndList(org, workflow.id);

    const run = await db.prisma.workflowRun.findUniqueOrThrow({ where: { organizationId_dedupeKey: { organizationId: org.organization.id, dedupeKey } } });
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(/^Step "draft" failed: /);
    expect(task).toMatchObject({
      status: "COMPLETED",
      outcome: { status: "FAILED", reason: run.error },
      run: { kind: "workflow", id: run.id, status: "FAILED", error: run.error },
    });
  });

  it("follows the run after the job: a suspended run that is then cancelled reports CANCELLED", async () => {
    const org = await createTestOrganization(db.prisma);
    const workflow = await createWorkflow(org.ctx(), {
      slug: "held",
      name: "Held",
      definition: { nodes: [{ id: "hold", type: "human", title: "Hold", prompt: "Wait" }] },
    });

    const { task } = await fireAndList(org, workflow.id);
    expect(task).toMatchObject({ status: "COMPLETED", outcome: { status: "SUSPENDED" }, run: { kind: "workflow", status: "SUSPENDED" } });

    await cancelRun(org.ctx(), "workflow", task.run!.id);
    const { tasks } = await listRuntimeTasks(org.ctx(), ListRuntimeTasksQuery.parse({}));
    expect(tasks.find((row) => row.id === task.id)).toMatchObject({ status: "COMPLETED", outcome: { status: "CANCELLED" }, run: { status: "CANCELLED" } });
  });

  it("reports a job that returned without starting a run as SKIPPED, with the reason", async () => {
    const org = await createTestOrganization(db.prisma);

    const { task } = await fireAndList(org, "no-such-workflow");

    expect(task).toMatchObject({ status: "COMPLETED", outcome: { status: "SKIPPED", reason: "Workflow not found" }, run: null });
  });

  it("never reads another organization's run", async () => {
    const org = await createTestOrganization(db.prisma, { failureRate: 1 });
    const other = await createTestOrganization(db.prisma);
    const workflow = await createWorkflow(org.ctx(), {
      slug: "doomed",
      name: "Doomed",
      definition: { nodes: [{ id: "draft", type: "agent", agent: "test-agent", prompt: "Draft it" }] },
    });
    const { task } = await fireAndList(org, workflow.id);
    // The job now belongs to `other`, but the run it names is still the first organization's.
    await db.prisma.executionJob.update({ where: { id: task.id }, data: { organizationId: other.organization.id } });

    const { tasks } = await listRuntimeTasks(other.ctx(), ListRuntimeTasksQuery.parse({}));

    expect(tasks.find((row) => row.id === task.id)).toMatchObject({ run: null, outcome: { status: "COMPLETED" } });
  });
});
