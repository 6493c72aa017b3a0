import { randomBytes } from "node:crypto";
import type { Database, Prisma } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgentFire } from "../agents/runtime.ts";
import { dispatchFire } from "../dispatch.ts";
import { AppError } from "../errors.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { recoverStaleRuns } from "../execution/recovery.ts";
import { getRunDetail } from "../runs/detail.ts";
import { requestRunCancel } from "../runs/lifecycle.ts";
import { tickAllSchedules } from "../scheduler.ts";
import { createResearchDesk } from "../networks/testing.ts";
import { createTestOrganization } from "../testing.ts";
import { createWorkflow } from "../workflows/service.ts";
import { claimRunnerRun, MAX_LEASE_LAPSES } from "./claims.ts";
import { completeRunnerRun, failRunnerRun, heartbeatRunnerRun, recordRunnerEvents, storeRunnerArtifact, type RunnerClaim } from "./reports.ts";

type TestOrg = Awaited<ReturnType<typeof createTestOrganization>>;

const OUTPUT_SCHEMA = { type: "object", properties: { targets: { type: "array", items: { type: "string" } } }, required: ["targets"] };

describe("external runners", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  async function setup() {
    const org = await createTestOrganization(db.prisma);
    const agent = await addAgent(org, "target-builder", { runtime: "external", outputSchema: OUTPUT_SCHEMA });
    return { org, agent, organizationId: org.organization.id };
  }

  async function addAgent(org: TestOrg, slug: string, data: Partial<Prisma.AgentUncheckedCreateInput> = {}) {
    return db.prisma.agent.create({
      data: { organizationId: org.organization.id, slug, name: slug, instructions: "Build targets.", modelName: "gpt-4o-mini", ...data },
    });
  }

  /** A direct fire of the agent through the one agent execution path, as a trigger's job runs it. */
  async function fire(agent: { id: string; organizationId: string }, extra: { triggerEventId?: string; input?: unknown } = {}) {
    return runAgentFire(
      db.prisma,
      {
        organizationId: agent.organizationId,
        entityId: agent.id,
        source: "manual",
        input: extra.input ?? { thesis: "grow" },
        dedupeKey: `test:${randomBytes(6).toString("hex")}`,
        triggerEventId: extra.triggerEventId,
      },
      { workerId: "worker", sleep: async () => {} },
    );
  }

  const claimOf = (organizationId: string, run: { id: string; attempt: number }, runnerId: string): RunnerClaim => ({
    organizationId,
    runId: run.id,
    runnerId,
    attempt: run.attempt,
  });

  async function rejection(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it("queues a direct fire of an external agent without calling a model, and settles its trigger event when the runner completes it", async () => {
    const { agent, organizationId } = await setup();
    const event = await db.prisma.triggerEvent.create({ data: { organizationId, source: "webhook", payload: {}, status: "DISPATCHED" } });
    const run = await fire(agent, { triggerEventId: event.id });
    expect(run.status).toBe("QUEUED");
    expect(await db.prisma.runtimeEvent.count({ where: { entityId: run.id, layer: "provider_runtime" } })).toBe(0);
    expect((await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("DISPATCHED");

    const claimed = await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-a", leaseSeconds: 60 });
    expect(claimed).toMatchObject({ id: run.id, attempt: 1, input: { thesis: "grow" }, agent: { slug: "target-builder", outputSchema: OUTPUT_SCHEMA } });
    const stored = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ status: "RUNNING", claimedBy: "runner-a", modelProvider: "external", attempt: 1, leaseLapses: 0 });
    expect(stored.leaseExpiresAt!.getTime() - stored.claimedAt!.getTime()).toBe(60_000);

    const done = await completeRunnerRun(db.prisma, claimOf(organizationId, claimed!, "runner-a"), {
      output: { targets: ["acme"] },
      usage: { promptTokens: 1000, completionTokens: 500, model: "gpt-4o" },
    });
    expect(done.run).toMatchObject({ status: "COMPLETED", error: null });
    const completed = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(completed).toMatchObject({ output: { targets: ["acme"] }, promptTokens: 1000, completionTokens: 500, totalTokens: 1500, modelName: "gpt-4o" });
    expect(completed.costUsd).toBeCloseTo((1000 * 2.5 + 500 * 10) / 1e6, 9);
    expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "FIRED", agentRunId: run.id });
  });

  it("gives a queued run to exactly one of several concurrent claims, and two runs to two runners", async () => {
    const { agent, organizationId } = await setup();
    const runners = ["runner-a", "runner-b", "runner-c", "runner-d", "runner-e", "runner-f"];
    // Several rounds: on PostgreSQL the claims really overlap (a pool of connections), and a pick without its row lock loses most rounds.
    for (let round = 0; round < 10; round++) {
      const run = await fire(agent);
      const claims = await Promise.all(runners.map((runnerId) => claimRunnerRun(db.prisma, organizationId, { runnerId, leaseSeconds: 30 })));
      const winners = claims.filter((claim) => claim !== null);
      expect(winners.map((claim) => [claim.id, claim.attempt])).toEqual([[run.id, 1]]);
      const stored = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(stored).toMatchObject({ claimedBy: runners[claims.indexOf(winners[0])], attempt: 1, leaseLapses: 0 });
    }

    const [second, third] = [await fire(agent), await fire(agent)];
    const pair = await Promise.all(["runner-g", "runner-h"].map((runnerId) => claimRunnerRun(db.prisma, organizationId, { runnerId, leaseSeconds: 30 })));
    const claimedIds = pair.map((claim) => claim?.id).filter(Boolean);
    // SKIP LOCKED may leave one runner empty-handed for a moment; it never hands one run to both.
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    const rest = await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-i", leaseSeconds: 30 });
    expect([...claimedIds, rest?.id].filter(Boolean).sort()).toEqual([second.id, third.id].sort());
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-j", leaseSeconds: 30 })).toBeNull();
  });

  it("claims only the organization's external agents (optionally by slug), oldest first", async () => {
    const { org, agent, organizationId } = await setup();
    const other = await setup();
    const modelAgent = await fire({ id: org.agent.id, organizationId });
    expect(modelAgent.status).toBe("COMPLETED");
    const scorer = await addAgent(org, "scorer", { runtime: "external" });
    const older = await fire(agent);
    const newer = await fire(scorer);
    await fire(other.agent);

    expect((await claimRunnerRun(db.prisma, organizationId, { runnerId: "r", leaseSeconds: 30, agents: ["scorer"] }))?.id).toBe(newer.id);
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "r", leaseSeconds: 30, agents: ["scorer", "nope"] })).toBeNull();
    expect((await claimRunnerRun(db.prisma, organizationId, { runnerId: "r", leaseSeconds: 30 }))?.id).toBe(older.id);
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "r", leaseSeconds: 30 })).toBeNull();
  });

  it("makes a run whose lease lapsed claimable again as attempt 2, and fails it after the last allowed lapse", async () => {
    const { org, agent, organizationId } = await setup();
    const run = await fire(agent);
    const t0 = new Date();
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

    const first = await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-a", leaseSeconds: 10, at: t0 });
    expect(first?.attempt).toBe(1);
    // Inside the lease nobody else gets it, and the holder's heartbeat moves the lease on.
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-b", leaseSeconds: 10, at: at(9) })).toBeNull();
    await heartbeatRunnerRun(db.prisma, claimOf(organizationId, first!, "runner-a"), { leaseSeconds: 10, at: at(9) });
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-b", leaseSeconds: 10, at: at(15) })).toBeNull();
    await recordRunnerEvents(db.prisma, claimOf(organizationId, first!, "runner-a"), [{ type: "stage", stage: "producing" }]);

    const second = await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-b", leaseSeconds: 10, at: at(20) });
    expect(second).toMatchObject({ id: run.id, attempt: 2 });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ claimedBy: "runner-b", attempt: 2, leaseLapses: 1 });
    // The run started at its first claim; the timeline does not move that to the takeover.
    const started = (await getRunDetail(org.ctx("VIEWER"), "agent", run.id)).timeline.find((entry) => entry.state === "started");
    expect(started?.at).toBe(t0.toISOString());
    // The runner that lost it is told so on every call.
    const lost = await rejection(heartbeatRunnerRun(db.prisma, claimOf(organizationId, first!, "runner-a"), { at: at(21) }));
    expect([lost.status, lost.details]).toEqual([409, { status: "RUNNING", attempt: 2, claimedBy: "runner-b" }]);
    expect((await rejection(completeRunnerRun(db.prisma, claimOf(organizationId, first!, "runner-a"), { output: { targets: [] } }))).status).toBe(409);

    const third = await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-c", leaseSeconds: 10, at: at(40) });
    expect(third?.attempt).toBe(MAX_LEASE_LAPSES);
    // The last lapse is not offered again: the next claim fails the run with the reason instead.
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-d", leaseSeconds: 10, at: at(60) })).toBeNull();
    const failed = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed).toMatchObject({ status: "FAILED", leaseLapses: MAX_LEASE_LAPSES, attempt: MAX_LEASE_LAPSES });
    expect(failed.error).toBe(`Runner lease lapsed 3 times (last: runner runner-c, attempt 3); not offered again after 3 lapses`);
    expect((await rejection(heartbeatRunnerRun(db.prisma, claimOf(organizationId, third!, "runner-c")))).message).toBe("Run is already failed");
  });

  it("settles on the scheduler tick what no runner will finish: a cancelled run whose runner vanished, and a run out of lapses", async () => {
    const { org, agent, organizationId } = await setup();
    const event = await db.prisma.triggerEvent.create({ data: { organizationId, source: "webhook", payload: {}, status: "DISPATCHED" } });
    const exhausted = await fire(agent);
    const cancelled = await fire(agent, { triggerEventId: event.id });
    const t0 = new Date();
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    // The older run is claimed three times, each lease left to lapse; then the other one, which is cancelled while its runner is gone.
    for (const [n, seconds] of [0, 20, 40].entries()) {
      const claimed = await claimRunnerRun(db.prisma, organizationId, { runnerId: `gone-${n}`, leaseSeconds: 10, at: at(seconds) });
      expect([claimed?.id, claimed?.attempt]).toEqual([exhausted.id, n + 1]);
    }
    expect((await claimRunnerRun(db.prisma, organizationId, { runnerId: "gone", leaseSeconds: 10, at: at(41) }))?.id).toBe(cancelled.id);
    await requestRunCancel(org.ctx("OPERATOR"), "agent", cancelled.id);

    // Inside the leases the tick leaves both alone; once they lapsed it ends both with the reason.
    expect((await tickAllSchedules(db.prisma, createLocalEngine(db.prisma), at(45))).settledRunnerLeases).toBe(0);
    expect((await tickAllSchedules(db.prisma, createLocalEngine(db.prisma), at(60))).settledRunnerLeases).toBe(2);
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: cancelled.id } })).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; runner gone stopped heartbeating before it stopped the run (attempt 1)",
    });
    expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "FAILED", agentRunId: cancelled.id });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: exhausted.id } })).toMatchObject({ status: "FAILED", leaseLapses: 3 });
  });

  it("leaves a runner-held run to its lease when workers recover stale runs", async () => {
    const { agent, organizationId } = await setup();
    const run = await fire(agent);
    const t0 = new Date(Date.now() - 10 * 60_000);
    await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-a", leaseSeconds: 30, at: t0 });
    const report = await recoverStaleRuns(db.prisma, createLocalEngine(db.prisma));
    expect(report.failed.map((failed) => failed.id)).not.toContain(run.id);
    expect((await db.prisma.agentRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("RUNNING");
    expect((await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-b", leaseSeconds: 30 }))?.attempt).toBe(2);
  });

  it("checks that the caller holds the claim: runner, attempt, organization, and only runs a runner claimed", async () => {
    const { org, agent, organizationId } = await setup();
    const other = await setup();
    await fire(agent);
    const claimed = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-a", leaseSeconds: 30 }))!;
    const held = claimOf(organizationId, claimed, "runner-a");

    expect((await rejection(heartbeatRunnerRun(db.prisma, { ...held, runnerId: "runner-b" }))).status).toBe(409);
    expect((await rejection(recordRunnerEvents(db.prisma, { ...held, attempt: 2 }, [{ type: "log", message: "x" }]))).status).toBe(409);
    expect((await rejection(heartbeatRunnerRun(db.prisma, { ...held, organizationId: other.organizationId }))).status).toBe(404);
    // A run the model path executed was never a runner's: not found, whatever runner id is claimed.
    const modelRun = await fire({ id: org.agent.id, organizationId });
    const spoofed = { organizationId, runId: modelRun.id, runnerId: "worker", attempt: 1 };
    expect((await rejection(completeRunnerRun(db.prisma, spoofed, { output: {} }))).status).toBe(404);

    await recordRunnerEvents(db.prisma, held, [
      { type: "stage", stage: "producing", message: "Producing attempt 1" },
      { type: "log", message: "wrote attempt-1.md" },
      { type: "score", score: 0.72, metadata: { feedback: "thin" } },
    ]);
    await storeRunnerArtifact(db.prisma, held, { attempt: 1, filename: "attempt-1.md", artifactType: "output", content: "# Targets" });
    const json = await storeRunnerArtifact(db.prisma, held, { attempt: 1, filename: "attempt-1.eval", artifactType: "evaluation", content: { score: 0.72 } });
    expect(json.artifact.contentType).toBe("application/json");
    await failRunnerRun(db.prisma, held, { error: "exit code 2: boom" });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: claimed.id } })).toMatchObject({ status: "FAILED", error: "exit code 2: boom" });
    const finished = await rejection(recordRunnerEvents(db.prisma, held, [{ type: "log", message: "late" }]));
    expect([finished.status, finished.message]).toEqual([409, "Run is already failed"]);

    const detail = await getRunDetail(org.ctx("VIEWER"), "agent", claimed.id);
    expect((detail.detail.events as { eventType: string; attempt: number }[]).map((event) => [event.eventType, event.attempt])).toEqual([
      ["stage", 1],
      ["log", 1],
      ["score", 1],
    ]);
    expect((detail.detail.artifacts as { filename: string; content: string }[]).map((artifact) => artifact.filename)).toEqual([
      "attempt-1.md",
      "attempt-1.eval",
    ]);
    expect(detail.detail.runner).toMatchObject({ claimedBy: "runner-a", attempt: 1, leaseLapses: 0 });
  });

  it("answers a heartbeat with the cancel request; the runner's fail or complete then ends the run cancelled", async () => {
    const { org, agent, organizationId } = await setup();
    const [one, two] = [await fire(agent), await fire(agent)];
    const first = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-a", leaseSeconds: 30 }))!;
    const second = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-b", leaseSeconds: 30 }))!;
    expect([first.id, second.id]).toEqual([one.id, two.id]);
    expect(await heartbeatRunnerRun(db.prisma, claimOf(organizationId, first, "runner-a"))).toMatchObject({ cancelRequested: false });

    for (const run of [one, two]) expect((await requestRunCancel(org.ctx("OPERATOR"), "agent", run.id)).status).toBe("RUNNING");
    expect(await heartbeatRunnerRun(db.prisma, claimOf(organizationId, first, "runner-a"))).toMatchObject({ cancelRequested: true });

    await failRunnerRun(db.prisma, claimOf(organizationId, first, "runner-a"), { error: "killed by SIGTERM" });
    await completeRunnerRun(db.prisma, claimOf(organizationId, second, "runner-b"), {
      output: { targets: ["late"] },
      usage: { promptTokens: 10, completionTokens: 5 },
    });
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: one.id } })).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; the runner stopped: killed by SIGTERM",
    });
    // What the runner spent is kept; its answer is not delivered.
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: two.id } })).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; the runner's output was discarded",
      output: null,
      totalTokens: 15,
    });

    // A cancel of a queued run ends it at once, so no runner is offered it.
    const queued = await fire(agent);
    expect((await requestRunCancel(org.ctx("OPERATOR"), "agent", queued.id)).status).toBe("CANCELLED");
    expect(await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-c", leaseSeconds: 30 })).toBeNull();
  });

  it("completes only with output that matches the agent's output schema; anything else fails the run with the schema's complaint", async () => {
    const { agent, organizationId } = await setup();
    const [bad, good] = [await fire(agent), await fire(agent)];
    const badClaim = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "r", leaseSeconds: 30 }))!;
    const goodClaim = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "r", leaseSeconds: 30 }))!;
    expect([badClaim.id, goodClaim.id]).toEqual([bad.id, good.id]);

    const rejected = await completeRunnerRun(db.prisma, claimOf(organizationId, badClaim, "r"), { output: { targets: "acme" } });
    expect(rejected.run).toMatchObject({
      status: "FAILED",
      error: "The runner's output does not match the agent's output schema: output/targets must be array",
    });
    expect((await db.prisma.agentRun.findUniqueOrThrow({ where: { id: bad.id } })).output).toEqual({ targets: "acme" });
    expect((await completeRunnerRun(db.prisma, claimOf(organizationId, goodClaim, "r"), { output: { targets: ["a", "b"] } })).run.status).toBe("COMPLETED");
  });

  it("runs a workflow whose step is an external agent: the step waits (without using up job attempts) until the runner completes it", async () => {
    const { org, organizationId } = await setup();
    const workflow = await createWorkflow(org.ctx(), {
      slug: "build-and-summarize",
      name: "Build and summarize",
      definition: {
        nodes: [
          { id: "build", type: "agent", agent: "target-builder", input: { thesis: "{{ input.thesis }}" } },
          { id: "report", type: "tool", tool: "echo", dependsOn: ["build"], input: { targets: "{{ steps.build.targets }}" } },
        ],
      },
    });
    const dedupeKey = `wf:${randomBytes(6).toString("hex")}`;
    await dispatchFire(createLocalEngine(db.prisma), "workflow", {
      organizationId,
      entityId: workflow.id,
      source: "manual",
      input: { thesis: "grow" },
      dedupeKey,
    });
    const handlers = createEventHandlers({ db: db.prisma, workerId: "worker", sleep: async () => {} });
    let now = Date.now();
    const drain = () => drainLocalJobs({ db: db.prisma, handlers, workerId: "worker", clock: () => new Date(now), logger: { error: () => {} } });

    // More looks than the job has attempts: waiting is not failing.
    for (let look = 0; look < 6; look++) {
      await drain();
      now += 16_000;
    }
    const job = await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: dedupeKey } });
    expect(job).toMatchObject({ status: "PENDING", attempts: 0 });
    expect(job.lastError).toMatch(/waits for an external runner \(queued\)$/);
    const waiting = await db.prisma.workflowRun.findUniqueOrThrow({ where: { organizationId_dedupeKey: { organizationId, dedupeKey } } });
    expect(waiting.status).toBe("RUNNING");
    expect(await db.prisma.agentRun.count({ where: { workflowRunId: waiting.id } })).toBe(1);

    const claimed = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "runner-a", leaseSeconds: 30 }))!;
    expect(claimed).toMatchObject({ workflowRunId: waiting.id, input: { thesis: "grow" } });
    await drain();
    now += 16_000;
    expect((await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: dedupeKey } })).lastError).toMatch(/\(running\)$/);
    await completeRunnerRun(db.prisma, claimOf(organizationId, claimed, "runner-a"), { output: { targets: ["acme", "globex"] } });
    await drain();

    const finished = await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: waiting.id } });
    expect(finished.status).toBe("COMPLETED");
    expect(finished.output).toEqual({ report: { targets: ["acme", "globex"] } });
    expect(await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: dedupeKey } })).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("keeps a network waiting on an external member until a runner answers, then routes on", async () => {
    const desk = await createResearchDesk(db.prisma);
    const organizationId = desk.organization.id;
    await db.prisma.agent.updateMany({ where: { organizationId, slug: "writer" }, data: { runtime: "external" } });
    const dedupeKey = `net:${randomBytes(6).toString("hex")}`;
    await dispatchFire(createLocalEngine(db.prisma), "network", {
      organizationId,
      entityId: desk.network.id,
      source: "manual",
      input: { topic: "batteries" },
      dedupeKey,
    });
    const handlers = createEventHandlers({ db: db.prisma, workerId: "worker", sleep: async () => {} });
    let now = Date.now();
    const drain = async () => {
      await drainLocalJobs({ db: db.prisma, handlers, workerId: "worker", clock: () => new Date(now), logger: { error: () => {} } });
      now += 16_000;
    };

    for (let look = 0; look < 5; look++) await drain();
    const waiting = await db.prisma.networkRun.findUniqueOrThrow({
      where: { organizationId_dedupeKey: { organizationId, dedupeKey } },
      include: { steps: true },
    });
    expect(waiting.status).toBe("RUNNING");
    expect(waiting.steps.map((step) => step.status)).toEqual(["COMPLETED", "RUNNING"]);
    expect((await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: dedupeKey } })).attempts).toBe(0);

    const claimed = (await claimRunnerRun(db.prisma, organizationId, { runnerId: "writer-box", leaseSeconds: 30 }))!;
    expect(claimed).toMatchObject({ networkRunId: waiting.id, agent: { slug: "writer" } });
    await completeRunnerRun(db.prisma, claimOf(organizationId, claimed, "writer-box"), { output: { text: "The report on batteries." } });
    await drain();

    const finished = await db.prisma.networkRun.findUniqueOrThrow({ where: { id: waiting.id }, include: { steps: { orderBy: { stepNumber: "asc" } } } });
    expect(finished.status).toBe("COMPLETED");
    expect(finished.steps.map((step) => [step.status, step.agentRunId === claimed.id])).toEqual([
      ["COMPLETED", false],
      ["COMPLETED", true],
      ["COMPLETED", false],
    ]);
  });
});
