import { EVENT_NAMES } from "@switchyard/core/execution/events";
import { createLocalEngine } from "@switchyard/core/execution/local-engine";
import { createTestOrganization } from "@switchyard/core/testing";
import { flushRuntimeEvents } from "@switchyard/core/telemetry/events";
import { signWebhook } from "@switchyard/core/triggers/signature";
import type { AgentRun, Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createAgent } from "@/app/api/agents/route";
import { POST as createTrigger } from "@/app/api/agents/[slug]/execution-triggers/route";
import { POST as executeTrigger } from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/execute/route";
import { GET as listReviews, POST as decide } from "@/app/api/reviews/route";
import { POST as cancelRun } from "@/app/api/runs/[kind]/[id]/cancel/route";
import { GET as getRunDetail } from "@/app/api/runs/[kind]/[id]/route";
import { POST as retryRun } from "@/app/api/runs/[kind]/[id]/retry/route";
import { POST as startRun } from "@/app/api/runs/route";
import { POST as createSchedule } from "@/app/api/schedules/route";
import { POST as emitEvent } from "@/app/api/triggers/event/route";
import { POST as deliverWebhook } from "@/app/api/webhooks/[path]/route";
import { drainJobs } from "./engine";
import { call } from "./http";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type ReviewView = {
  id: string;
  source: string;
  status: string;
  title: string;
  agent: { slug: string } | null;
  agentRunId: string | null;
  agentRun: { id: string; status: string } | null;
  context: { input: unknown; source: string; trigger: Record<string, unknown> };
};

const GATED = "release-agent";

/**
 * The risk gate on every direct path: Start run, manual execute, webhook, event and schedule each
 * leave an APPROVAL_REQUIRED agent's run SUSPENDED with one `agent` review; the decision API
 * approves (the engine resumes and completes it) or rejects (cancelled with the note).
 */
describe("risk gate of APPROVAL_REQUIRED agents", () => {
  let db: Database;
  let org: Org;
  let agentId: string;
  const triggers: Record<"webhook" | "event" | "manual", { id: string; webhookPath?: string }> = {} as never;
  let webhookSecret: string;
  let scheduleId: string;
  let scheduleSlot = 0;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    const created = await call(createAgent, {
      method: "POST",
      path: "/api/agents",
      key: org.keys.ADMIN,
      body: {
        slug: GATED,
        name: "Release Agent",
        modelName: "gpt-4o-mini",
        instructions: "Publish the release notes.",
        riskLevel: "APPROVAL_REQUIRED",
        simulation: { failureRate: 0, latencyMs: 1 },
      },
    });
    expect(created.status).toBe(201);
    agentId = created.body.agent.id;
    const trigger = async (body: object) => {
      const response = await call(createTrigger, { method: "POST", params: { slug: GATED }, key: org.keys.OPERATOR, body });
      expect(response.status).toBe(201);
      return response.body as { trigger: { id: string; webhookPath: string | null }; secret: string | null };
    };
    const webhook = await trigger({ type: "webhook", name: "Release hook" });
    triggers.webhook = { id: webhook.trigger.id, webhookPath: webhook.trigger.webhookPath! };
    webhookSecret = webhook.secret!;
    triggers.event = { id: (await trigger({ type: "event", name: "Release requested", eventName: "release.requested" })).trigger.id };
    triggers.manual = { id: (await trigger({ type: "manual", name: "Release by hand" })).trigger.id };
    const schedule = await call(createSchedule, {
      method: "POST",
      path: "/api/schedules",
      key: org.keys.ADMIN,
      body: { entity: { type: "agent", slug: GATED }, name: "Nightly release", cronExpr: "0 3 * * *", input: { prompt: "nightly" } },
    });
    expect(schedule.status).toBe(201);
    scheduleId = schedule.body.schedule.id;
  });
  afterAll(async () => db?.close());

  const drain = async () => {
    await drainJobs(db);
    // Every job the gate, the resume and the tick produced finished: none failed or waits for a retry.
    expect(await db.prisma.executionJob.findMany({ where: { status: { not: "COMPLETED" } }, select: { eventName: true, lastError: true } })).toEqual([]);
  };
  const runOfEvent = async (triggerEventId: string) => {
    const event = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEventId } });
    expect(event.agentRunId, "the TriggerEvent is linked to its run").toBeTruthy();
    return event.agentRunId!;
  };
  const reviewsOf = async (runId: string, status = "all") => {
    const response = await call(listReviews, { path: `/api/reviews?source=agent&status=${status}`, key: org.keys.VIEWER });
    expect(response.status).toBe(200);
    return (response.body.reviews as ReviewView[]).filter((review) => review.agentRunId === runId);
  };
  const decideOn = (id: string, decision: "approve" | "reject", notes?: string) =>
    call(decide, { method: "POST", path: "/api/reviews", key: org.keys.OPERATOR, body: { id, decision, notes } });
  const run = (id: string) => db.prisma.agentRun.findUniqueOrThrow({ where: { id } });

  /** Each direct path fires the gated agent once with this prompt and answers the run it made (draining the engine first). */
  const ENTRY_POINTS: Record<string, { trigger: Record<string, unknown>; fire: (prompt: string) => Promise<{ runId: string; triggerEventId?: string }> }> = {
    "Start run (POST /api/runs)": {
      trigger: { type: "api", id: null },
      async fire(prompt) {
        const response = await call(startRun, {
          method: "POST",
          path: "/api/runs",
          key: org.keys.OPERATOR,
          body: { kind: "agent", slug: GATED, input: { prompt } },
        });
        expect(response.status).toBe(202);
        // Held at once: the answer's run is already waiting, before any worker ran.
        expect((await run(response.body.runId)).status).toBe("SUSPENDED");
        await drain();
        return { runId: response.body.runId };
      },
    },
    "manual execute (POST …/execution-triggers/[id]/execute)": {
      trigger: { type: "manual", name: "Release by hand" },
      async fire(prompt) {
        const response = await call(executeTrigger, {
          method: "POST",
          params: { slug: GATED, triggerId: triggers.manual.id },
          key: org.keys.OPERATOR,
          body: { payload: { prompt } },
        });
        expect(response.status).toBe(202);
        await drain();
        return { runId: await runOfEvent(response.body.triggerEventId), triggerEventId: response.body.triggerEventId };
      },
    },
    "webhook (POST /api/webhooks/[path])": {
      trigger: { type: "webhook", name: "Release hook" },
      async fire(prompt) {
        const rawBody = JSON.stringify({ prompt });
        const signature = signWebhook(webhookSecret, rawBody, Math.floor(Date.now() / 1000));
        const response = await call(deliverWebhook, {
          method: "POST",
          params: { path: triggers.webhook.webhookPath! },
          rawBody,
          headers: { "x-switchyard-signature": signature },
        });
        expect(response.status).toBe(202);
        await drain();
        return { runId: await runOfEvent(response.body.triggerEventId), triggerEventId: response.body.triggerEventId };
      },
    },
    "event (POST /api/triggers/event)": {
      trigger: { type: "event", name: "Release requested", eventName: "release.requested" },
      async fire(prompt) {
        const response = await call(emitEvent, { method: "POST", key: org.keys.OPERATOR, body: { eventName: "release.requested", payload: { prompt } } });
        expect(response.status).toBe(202);
        expect(response.body.deliveries).toHaveLength(1);
        await drain();
        const { triggerEventId } = response.body.deliveries[0];
        return { runId: await runOfEvent(triggerEventId), triggerEventId };
      },
    },
    "schedule (scheduler tick)": {
      trigger: { type: "schedule", name: "Nightly release", cronExpr: "0 3 * * *" },
      async fire() {
        // Each call is the schedule's next slot: the tick finds it due and fires it.
        const schedule = await db.prisma.agentSchedule.findUniqueOrThrow({ where: { id: scheduleId } });
        const slot = schedule.nextRunAt!;
        scheduleSlot += 1;
        await createLocalEngine(db.prisma).send({
          id: `test-tick:${scheduleSlot}`,
          name: EVENT_NAMES.schedulerTick,
          data: { now: new Date(slot.getTime() + 1_000).toISOString() },
        });
        await drain();
        const fired = await db.prisma.agentRun.findUniqueOrThrow({
          where: { organizationId_dedupeKey: { organizationId: org.organization.id, dedupeKey: `schedule:${scheduleId}:${slot.toISOString()}` } },
        });
        return { runId: fired.id };
      },
    },
  };

  const expectHeld = async (held: AgentRun) => {
    expect(held).toMatchObject({ status: "SUSPENDED", agentId, totalTokens: 0, costUsd: 0, claimedAt: null, completedAt: null });
    expect(await db.prisma.agentToolCall.count({ where: { agentRunId: held.id } })).toBe(0);
  };

  for (const [name, entry] of Object.entries(ENTRY_POINTS)) {
    describe(name, () => {
      it("suspends the run with one pending agent review; approving resumes it through the engine to COMPLETED", async () => {
        const prompt = `approve via ${name}`;
        const { runId, triggerEventId } = await entry.fire(prompt);
        await expectHeld(await run(runId));
        const pending = await reviewsOf(runId, "pending");
        expect(pending).toHaveLength(1);
        const [review] = pending;
        expect(review).toMatchObject({
          source: "agent",
          status: "pending",
          title: expect.stringContaining("Release Agent"),
          agent: { slug: GATED },
          agentRun: { id: runId, status: "SUSPENDED" },
          context: { trigger: expect.objectContaining(entry.trigger) },
        });
        const expectedInput = name.startsWith("schedule") ? { prompt: "nightly" } : { prompt };
        expect(review.context.input).toEqual(expectedInput);
        if (triggerEventId) {
          // Waiting for a human is a fire that went well.
          expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEventId } })).toMatchObject({ status: "FIRED", agentRunId: runId });
        }

        const approved = await decideOn(review.id, "approve", "ship it");
        expect(approved.status).toBe(200);
        expect(approved.body.approval).toMatchObject({ status: "approved", decisionNotes: "ship it" });
        await drain();
        const done = await run(runId);
        expect(done).toMatchObject({ status: "COMPLETED", claimedBy: "test-worker", error: null });
        expect(done.totalTokens).toBeGreaterThan(0);
        expect(done.output).toMatchObject({ text: expect.any(String) });
        if (triggerEventId) expect((await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEventId } })).status).toBe("FIRED");

        const [decided] = await reviewsOf(runId);
        expect(decided).toMatchObject({ status: "approved", agentRun: { status: "COMPLETED" } });
        const audit = await db.prisma.approvalAudit.findMany({ where: { approvalRequestId: review.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
        expect(audit.map((entry) => entry.action)).toEqual(["requested", "approved"]);
        const activity = await db.prisma.activityEvent.findMany({ where: { approvalId: review.id }, orderBy: { createdAt: "asc" } });
        expect(activity.map((event) => [event.type, event.runId, event.agentId])).toEqual([
          ["APPROVAL_REQUESTED", runId, agentId],
          ["APPROVAL_DECIDED", runId, agentId],
        ]);
      });

      it("rejecting cancels the run with the reviewer's note, and the model is never called", async () => {
        const { runId, triggerEventId } = await entry.fire(`reject via ${name}`);
        await expectHeld(await run(runId));
        const [review] = await reviewsOf(runId, "pending");
        const rejected = await decideOn(review.id, "reject", "not during the freeze");
        expect(rejected.status).toBe(200);
        await drain();
        const cancelled = await run(runId);
        expect(cancelled).toMatchObject({
          status: "CANCELLED",
          error: "Rejected by API key operator key: not during the freeze",
          totalTokens: 0,
          claimedAt: null,
          durationMs: 0,
        });
        if (triggerEventId) {
          expect(await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: triggerEventId } })).toMatchObject({
            status: "FAILED",
            error: "Rejected by API key operator key: not during the freeze",
          });
        }
        // A second decision changes nothing.
        expect((await decideOn(review.id, "approve")).status).toBe(409);
        await drain();
        expect((await run(runId)).status).toBe("CANCELLED");
      });
    });
  }

  it("a redelivered fire and a resent resume create no second run or review and run the model once", async () => {
    const rawBody = JSON.stringify({ prompt: "redelivered" });
    const headers = { "x-switchyard-signature": signWebhook(webhookSecret, rawBody, Math.floor(Date.now() / 1000)), "idempotency-key": "release-7" };
    const delivery = () => call(deliverWebhook, { method: "POST", params: { path: triggers.webhook.webhookPath! }, rawBody, headers });
    const first = await delivery();
    const second = await delivery();
    expect(second.body).toMatchObject({ triggerEventId: first.body.triggerEventId, duplicate: true });
    await drain();
    const runId = await runOfEvent(first.body.triggerEventId);

    // The engine delivers the same fire again (a lost acknowledgement): same payload, same dedupe key.
    const fire = await db.prisma.executionJob.findFirstOrThrow({
      where: { eventName: EVENT_NAMES.agentTriggerFire, payload: { path: ["dedupeKey"], equals: `trigger-event:${first.body.triggerEventId}` } },
    });
    const engine = createLocalEngine(db.prisma);
    await engine.send({ id: `${fire.eventId}:redelivered`, name: EVENT_NAMES.agentTriggerFire, data: fire.payload });
    await drain();
    expect(await db.prisma.agentRun.count({ where: { triggerEventId: first.body.triggerEventId } })).toBe(1);
    const reviews = await reviewsOf(runId);
    expect(reviews).toHaveLength(1);
    await expectHeld(await run(runId));

    expect((await decideOn(reviews[0].id, "approve")).status).toBe(200);
    await drain();
    const completed = await run(runId);
    expect(completed.status).toBe("COMPLETED");
    // A resend of the decision's resume event, and one more redelivery of the fire, continue nothing.
    const resume = await db.prisma.executionJob.findUniqueOrThrow({ where: { eventId: `decision:${reviews[0].id}` } });
    await engine.send({ id: `decision:${reviews[0].id}`, name: EVENT_NAMES.agentResume, data: resume.payload });
    await engine.send({ id: `decision:${reviews[0].id}:resent`, name: EVENT_NAMES.agentResume, data: resume.payload });
    await engine.send({ id: `${fire.eventId}:redelivered-again`, name: EVENT_NAMES.agentTriggerFire, data: fire.payload });
    await drain();
    expect(await run(runId)).toEqual(completed);
    expect(await reviewsOf(runId)).toHaveLength(1);
    expect(await db.prisma.agentRun.count({ where: { triggerEventId: first.body.triggerEventId } })).toBe(1);
    // Every model call is a runtime event: this run's model was called exactly once.
    await flushRuntimeEvents();
    expect(await db.prisma.runtimeEvent.count({ where: { entityId: runId, layer: "provider_runtime", operation: "CALL" } })).toBe(1);
  });

  it("leaves an AUTO agent unaffected: its fires run at once and open no review", async () => {
    const started = await call(startRun, {
      method: "POST",
      path: "/api/runs",
      key: org.keys.OPERATOR,
      body: { kind: "agent", slug: org.agent.slug, input: { prompt: "hi" } },
    });
    expect(started.status).toBe(202);
    const emitted = await call(createTrigger, {
      method: "POST",
      params: { slug: org.agent.slug },
      key: org.keys.OPERATOR,
      body: { type: "manual", name: "Auto by hand" },
    });
    const executed = await call(executeTrigger, {
      method: "POST",
      params: { slug: org.agent.slug, triggerId: emitted.body.trigger.id },
      key: org.keys.OPERATOR,
      body: {},
    });
    expect(executed.status).toBe(202);
    await drain();
    expect(await run(started.body.runId)).toMatchObject({ status: "COMPLETED" });
    expect(await run(await runOfEvent(executed.body.triggerEventId))).toMatchObject({ status: "COMPLETED" });
    expect(await db.prisma.approvalRequest.count({ where: { agentId: org.agent.id } })).toBe(0);
  });

  it("cancelling a held run ends it at once and expires its review; a later decision is a 409", async () => {
    const { runId } = await ENTRY_POINTS["Start run (POST /api/runs)"].fire("cancel me");
    const [review] = await reviewsOf(runId, "pending");
    // The run's page shows it held, not started, with the review it waits for.
    const detail = await call(getRunDetail, { params: { kind: "agent", id: runId }, key: org.keys.VIEWER });
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.map((entry: { state: string }) => entry.state)).toEqual(["queued", "suspended"]);
    expect(detail.body.detail.approvals).toMatchObject([{ id: review.id, sourceType: "agent", status: "pending" }]);
    const cancelled = await call(cancelRun, { method: "POST", params: { kind: "agent", id: runId }, key: org.keys.OPERATOR });
    expect(cancelled.status).toBe(200);
    expect(await run(runId)).toMatchObject({ status: "CANCELLED", error: "Cancelled by API key operator key while awaiting approval", durationMs: 0 });
    const [expired] = await reviewsOf(runId);
    expect(expired).toMatchObject({ id: review.id, status: "expired", agentRun: { status: "CANCELLED" } });
    const late = await decideOn(review.id, "approve");
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
    await drain();
    expect((await run(runId)).status).toBe("CANCELLED");

    // A retry is a direct fire too: a new run, held with a review of its own.
    const retried = await call(retryRun, { method: "POST", params: { kind: "agent", id: runId }, key: org.keys.OPERATOR });
    expect(retried.status).toBe(202);
    const retryRunId = retried.body.runId as string;
    await drain();
    expect(await run(retryRunId)).toMatchObject({ status: "SUSPENDED", source: "retry", retryOfId: runId });
    const [retryReview] = await reviewsOf(retryRunId, "pending");
    expect(retryReview.context).toMatchObject({ source: "retry", trigger: { type: "retry", retryOfId: runId }, input: { prompt: "cancel me" } });
  });

  it("does not gate a workflow's agent step twice: the workflow's own gate decides, and the sub-run opens no agent review", async () => {
    const definition = { version: 1, nodes: [{ id: "release", type: "agent", agent: GATED, prompt: "Release {{ input.version }}" }] };
    await db.prisma.workflow.create({
      data: { organizationId: org.organization.id, slug: "release-flow", name: "Release flow", definition, versions: { create: { version: 1, definition } } },
    });
    const started = await call(startRun, {
      method: "POST",
      path: "/api/runs",
      key: org.keys.OPERATOR,
      body: { kind: "workflow", slug: "release-flow", input: { version: "2.0" } },
    });
    expect(started.status).toBe(202);
    await drain();
    const gates = await db.prisma.approvalRequest.findMany({ where: { workflowRunId: started.body.runId } });
    expect(gates.map((gate) => gate.sourceType)).toEqual(["workflow-review"]);
    expect((await decideOn(gates[0].id, "approve")).status).toBe(200);
    await drain();
    const subRun = await db.prisma.agentRun.findFirstOrThrow({ where: { workflowRunId: started.body.runId } });
    expect(subRun).toMatchObject({ status: "COMPLETED", source: "workflow", agentId });
    expect(await db.prisma.approvalRequest.count({ where: { agentRunId: subRun.id } })).toBe(0);
    expect((await db.prisma.workflowRun.findUniqueOrThrow({ where: { id: started.body.runId } })).status).toBe("COMPLETED");
  });
});
