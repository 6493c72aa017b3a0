import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainJobs } from "@/test/engine";
import { call } from "@/test/http";
import { GET as getRun } from "../runs/[kind]/[id]/route";
import { POST as cancelRun } from "../runs/[kind]/[id]/cancel/route";
import { POST as startRun } from "../runs/route";
import { POST as claim } from "./claim/route";
import { POST as artifacts } from "./runs/[id]/artifacts/route";
import { POST as complete } from "./runs/[id]/complete/route";
import { POST as events } from "./runs/[id]/events/route";
import { POST as fail } from "./runs/[id]/fail/route";
import { POST as heartbeat } from "./runs/[id]/heartbeat/route";

const OUTPUT_SCHEMA = { type: "object", properties: { targets: { type: "array" } }, required: ["targets"] };

describe("/api/runner", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
    for (const { organization } of [org, other]) {
      await db.prisma.agent.create({
        data: {
          organizationId: organization.id,
          slug: "target-builder",
          name: "Target builder",
          instructions: "Build the target list.",
          modelName: "gpt-4o-mini",
          runtime: "external",
          outputSchema: OUTPUT_SCHEMA,
        },
      });
    }
  });
  afterAll(async () => db?.close());

  const headers = (runnerId = "runner-1") => ({ "x-runner-id": runnerId });
  const post = (handler: typeof claim, path: string, body: unknown, options: { key?: string; runnerId?: string | null; id?: string } = {}) =>
    call(handler, {
      method: "POST",
      path,
      body,
      key: options.key ?? org.keys.OPERATOR,
      headers: options.runnerId === null ? {} : headers(options.runnerId),
      params: options.id ? { id: options.id } : {},
    });
  const onRun = (handler: typeof claim, id: string, body: unknown, options: { key?: string; runnerId?: string } = {}) =>
    post(handler, `/api/runner/runs/${id}`, body, { ...options, id });

  /** Start run (source api) of the external agent, as a person or a service would, and let the engine queue it. */
  async function startExternalRun(input: unknown = { thesis: "grow" }) {
    const started = await call(startRun, { method: "POST", path: "/api/runs", key: org.keys.OPERATOR, body: { kind: "agent", slug: "target-builder", input } });
    expect(started.status).toBe(202);
    await drainJobs(db);
    return started.body.runId as string;
  }

  it("authenticates with an API key of at least the operator role and needs the runner's id", async () => {
    expect((await post(claim, "/api/runner/claim", {}, { key: "sy_not_a_key" })).status).toBe(401);
    expect((await post(claim, "/api/runner/claim", {}, { key: org.keys.VIEWER })).status).toBe(403);
    const anonymous = await post(claim, "/api/runner/claim", {}, { runnerId: null });
    expect([anonymous.status, anonymous.body.error.code, anonymous.body.error.details]).toEqual([400, "bad_request", { header: "X-Runner-Id" }]);
    const badLease = await post(claim, "/api/runner/claim", { leaseSeconds: 0 });
    expect([badLease.status, badLease.body.error.details[0].path]).toEqual([400, "leaseSeconds"]);
    expect((await post(claim, "/api/runner/claim", {})).status).toBe(204);
  });

  it("claims a started run, records events and artifacts, and completes it; the run detail shows all of it", async () => {
    const runId = await startExternalRun();
    expect((await db.prisma.agentRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("QUEUED");
    // Another organization's runner sees nothing of it.
    expect((await post(claim, "/api/runner/claim", {}, { key: other.keys.OPERATOR })).status).toBe(204);

    const claimed = await post(claim, "/api/runner/claim", { agents: ["target-builder"], leaseSeconds: 30 });
    expect(claimed.status).toBe(200);
    expect(claimed.body.run).toMatchObject({
      id: runId,
      attempt: 1,
      source: "api",
      input: { thesis: "grow" },
      agent: { slug: "target-builder", instructions: "Build the target list.", outputSchema: OUTPUT_SCHEMA },
    });
    expect(Date.parse(claimed.body.run.leaseExpiresAt)).toBeGreaterThan(Date.now() + 20_000);

    const beat = await onRun(heartbeat, runId, { attempt: 1, leaseSeconds: 45 });
    expect(beat.status).toBe(200);
    expect(beat.body.cancelRequested).toBe(false);
    const logged = await onRun(events, runId, {
      attempt: 1,
      events: [
        { type: "stage", stage: "producing" },
        { type: "log", message: "fetched 12 sources" },
        { type: "score", score: 0.91 },
      ],
    });
    expect([logged.status, logged.body]).toEqual([200, { recorded: 3 }]);
    const stored = await onRun(artifacts, runId, { attempt: 1, filename: "attempt-1.md", content: "# Targets\n\n- Acme" });
    expect([stored.status, stored.body.artifact.contentType]).toEqual([201, "text/markdown"]);
    const done = await onRun(complete, runId, { attempt: 1, output: { targets: ["Acme"] }, usage: { promptTokens: 100, completionTokens: 20, costUsd: 0.5 } });
    expect(done.body).toEqual({ run: { id: runId, status: "COMPLETED", error: null, attempt: 1 } });

    const detail = await call(getRun, { path: `/api/runs/agent/${runId}`, key: org.keys.VIEWER, params: { kind: "agent", id: runId } });
    expect(detail.body.run).toMatchObject({ status: "COMPLETED", costUsd: 0.5, tokens: 120 });
    expect(detail.body.detail.output).toEqual({ targets: ["Acme"] });
    expect(
      detail.body.detail.events.map(
        (event: { stage: string | null; message: string | null; score: number | null }) => event.stage ?? event.message ?? event.score,
      ),
    ).toEqual(["producing", "fetched 12 sources", 0.91]);
    expect(detail.body.detail.artifacts.map((artifact: { filename: string; attempt: number }) => [artifact.filename, artifact.attempt])).toEqual([
      ["attempt-1.md", 1],
    ]);
    expect(detail.body.detail.runner).toMatchObject({ claimedBy: "runner-1", attempt: 1, leaseLapses: 0 });
    expect(detail.body.timeline.map((entry: { state: string }) => entry.state)).toEqual(["queued", "started", "completed"]);

    // Finished: every further call is a 409.
    const late = await onRun(heartbeat, runId, { attempt: 1 });
    expect([late.status, late.body.error.message]).toEqual([409, "Run is already completed"]);
  });

  it("refuses calls that do not hold the claim (409), other organizations' runs (404), bad bodies (400) and oversized artifacts (413)", async () => {
    const runId = await startExternalRun();
    expect((await post(claim, "/api/runner/claim", {}, { runnerId: "runner-a" })).body.run.id).toBe(runId);

    const wrongRunner = await onRun(heartbeat, runId, { attempt: 1 }, { runnerId: "runner-b" });
    expect([wrongRunner.status, wrongRunner.body.error.details]).toEqual([409, { status: "RUNNING", attempt: 1, claimedBy: "runner-a" }]);
    expect((await onRun(complete, runId, { attempt: 2, output: {} }, { runnerId: "runner-a" })).status).toBe(409);
    // Another organization's key finds nothing, through every runner call, even naming the right runner and attempt.
    const foreign = { runnerId: "runner-a", key: other.keys.OPERATOR };
    const crossTenant = await Promise.all([
      onRun(heartbeat, runId, { attempt: 1 }, foreign),
      onRun(events, runId, { attempt: 1, events: [{ type: "log", message: "x" }] }, foreign),
      onRun(artifacts, runId, { attempt: 1, filename: "x.md", content: "x" }, foreign),
      onRun(complete, runId, { attempt: 1, output: { targets: [] } }, foreign),
      onRun(fail, runId, { attempt: 1, error: "x" }, foreign),
    ]);
    expect(crossTenant.map((response) => [response.status, response.body.error.code])).toEqual(Array(5).fill([404, "not_found"]));
    expect(await db.prisma.agentRun.findUniqueOrThrow({ where: { id: runId }, include: { events: true, artifacts: true } })).toMatchObject({
      status: "RUNNING",
      events: [],
      artifacts: [],
    });
    expect((await onRun(heartbeat, "no-such-run", { attempt: 1 }, { runnerId: "runner-a" })).status).toBe(404);

    const noAttempt = await onRun(events, runId, { events: [{ type: "stage" }] }, { runnerId: "runner-a" });
    expect(noAttempt.status).toBe(400);
    expect(noAttempt.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(["attempt", "events.0.stage"]);
    expect((await onRun(complete, runId, { attempt: 1 }, { runnerId: "runner-a" })).body.error.details).toEqual([
      { path: "output", message: "Send the run's output (any JSON value)" },
    ]);
    const huge = await onRun(artifacts, runId, { attempt: 1, filename: "big.md", content: "x".repeat(1_000_001) }, { runnerId: "runner-a" });
    expect([huge.status, huge.body.error.code]).toEqual([413, "payload_too_large"]);

    // Output that misses the schema fails the run, and says why.
    const invalid = await onRun(complete, runId, { attempt: 1, output: { targets: 3 } }, { runnerId: "runner-a" });
    expect(invalid.body.run).toMatchObject({
      status: "FAILED",
      error: "The runner's output does not match the agent's output schema: output/targets must be array",
    });
  });

  it("answers the heartbeat with a cancel requested through the API; the runner's fail then ends the run cancelled", async () => {
    const runId = await startExternalRun();
    expect((await post(claim, "/api/runner/claim", {})).body.run.id).toBe(runId);
    const cancelled = await call(cancelRun, {
      method: "POST",
      path: `/api/runs/agent/${runId}/cancel`,
      key: org.keys.OPERATOR,
      params: { kind: "agent", id: runId },
    });
    expect(cancelled.body.run.status).toBe("RUNNING");

    expect((await onRun(heartbeat, runId, { attempt: 1 })).body.cancelRequested).toBe(true);
    const stopped = await onRun(fail, runId, { attempt: 1, error: "stopped on cancel" });
    expect(stopped.body.run).toMatchObject({ status: "CANCELLED", error: "Cancelled on request; the runner stopped: stopped on cancel" });
  });
});
