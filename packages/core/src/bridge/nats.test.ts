import { randomBytes } from "node:crypto";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, createInbox, headers, type Msg, type NatsConnection } from "@nats-io/transport-node";
import type { Database } from "@switchyard/database";
import { createDatabase } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { decideReview } from "../reviews/decisions.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { createTrigger } from "../triggers/service.ts";
import { createWorkflow } from "../workflows/service.ts";
import { isTransientError } from "./incoming.ts";
import { startNatsBridge, type NatsBridge } from "./nats.ts";
import { natsUnreachable, TEST_NATS_URL as NATS_URL } from "./testing.ts";

// The machine and CI run NATS with JetStream on 127.0.0.1:4222; elsewhere these tests say so and skip.
const natsProbe = await natsUnreachable();
if (natsProbe) console.warn(`[nats.test] NATS is not reachable at ${NATS_URL} (${natsProbe}): the NATS bridge tests are skipped. CI runs NATS.`);

type TestOrg = Awaited<ReturnType<typeof createTestOrganization>>;

describe.skipIf(natsProbe !== null)("NATS bridge", () => {
  let db: Database;
  let nc: NatsConnection;
  let bridge: NatsBridge | null = null;
  // Names of this run only, so parallel runs and a dev server on the same NATS never meet.
  const suffix = randomBytes(4).toString("hex");
  const names = { stream: `SYTEST_${suffix}`, durable: `sytest-${suffix}`, subjectPrefix: `sytest-${suffix}` };

  beforeAll(async () => {
    db = await createTestDatabase();
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await bridge?.stop();
    if (nc) {
      await (await jetstreamManager(nc)).streams.delete(names.stream).catch(() => false);
      await nc.close();
    }
    await flushRuntimeEvents();
    await db?.close();
  });

  async function start(prisma = db.prisma) {
    bridge = await startNatsBridge({ db: prisma, natsUrl: NATS_URL, engine: createLocalEngine(prisma), workerId: "test-bridge", ...names });
    return bridge;
  }
  async function stop() {
    await bridge?.stop();
    bridge = null;
  }

  async function drain() {
    const deps = { db: db.prisma, workerId: "test-worker", sleep: async () => {} };
    await drainLocalJobs({ db: db.prisma, handlers: createEventHandlers(deps), workerId: "test-worker" });
  }

  /** An organization with the bridge on (unless told otherwise) and a workflow fired by the event `order.created`. */
  async function setupOrg(options: { enabled?: boolean; nodes?: unknown[] } = {}) {
    const org = await createTestOrganization(db.prisma);
    await db.prisma.organization.update({ where: { id: org.organization.id }, data: { natsBridgeEnabled: options.enabled ?? true } });
    const workflow = await createWorkflow(org.ctx(), {
      slug: "on-order",
      name: "On order",
      definition: { nodes: options.nodes ?? [{ id: "echo", type: "tool", tool: "echo", input: { order: "{{ input.orderId }}" } }] },
    });
    const { trigger } = await createTrigger(org.ctx(), "workflow", "on-order", { type: "event", name: "Orders", eventName: "order.created" });
    return { org, workflow, trigger };
  }

  const subjectOf = (org: TestOrg, eventName = "order.created") => `${names.subjectPrefix}.${org.organization.slug}.events.${eventName}`;

  async function publish(subject: string, body: string, options: { msgID?: string; replyTo?: string; replyHeader?: string } = {}) {
    const h = headers();
    if (options.replyTo) h.set(options.replyHeader ?? "Reply-To", options.replyTo);
    return jetstream(nc).publish(subject, body, { msgID: options.msgID, headers: h });
  }

  /** Resolves once the consumer has settled every message in the stream. */
  async function settled() {
    const jsm = await jetstreamManager(nc);
    await expect
      .poll(
        async () => {
          const info = await jsm.consumers.info(names.stream, names.durable);
          return info.num_pending + info.num_ack_pending;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(0);
  }

  /** Collects every message on `subject` from now on. */
  function collect(subject: string) {
    const received: { subject: string; body: Record<string, unknown> }[] = [];
    const sub = nc.subscribe(subject, {
      callback: (_error, msg: Msg) => {
        received.push({ subject: msg.subject, body: msg.json() });
      },
    });
    return { received, stop: () => sub.unsubscribe() };
  }

  /** Collects what the bridge announces for an organization (its runs and approvals, not the events it was sent). */
  function collectOutgoing(org: TestOrg) {
    const collected = collect(`${names.subjectPrefix}.${org.organization.slug}.>`);
    return {
      get received() {
        return collected.received.filter((message) => !message.subject.includes(".events."));
      },
      stop: collected.stop,
    };
  }

  const runsOf = (org: TestOrg) => db.prisma.workflowRun.findMany({ where: { organizationId: org.organization.id }, orderBy: { createdAt: "asc" } });

  it("fires a workflow once per id, from messages published while it was stopped, whether the id is a Nats-Msg-Id or the body's", async () => {
    const { org, trigger } = await setupOrg();
    // The first start creates the stream and the durable consumer; then Switchyard goes away.
    await start();
    await stop();

    const body = (id?: string) => JSON.stringify({ ...(id ? { id } : {}), payload: { orderId: id ?? "no-id" } });
    const first = await publish(subjectOf(org), body(), { msgID: "order-1" });
    const again = await publish(subjectOf(org), body(), { msgID: "order-1" });
    expect(again).toMatchObject({ duplicate: true, seq: first.seq });
    await publish(subjectOf(org), body("order-2"));
    await publish(subjectOf(org), body("order-2"));
    const stream = await (await jetstreamManager(nc)).streams.info(names.stream);
    expect(stream.state.messages).toBe(3);
    expect(await db.prisma.triggerEvent.count({ where: { triggerId: trigger.id } })).toBe(0);

    await start();
    await settled();
    const events = await db.prisma.triggerEvent.findMany({ where: { triggerId: trigger.id }, orderBy: { receivedAt: "asc" } });
    expect(events.map((event) => event.dedupeKey)).toEqual([`${trigger.id}:order-1`, `${trigger.id}:order-2`]);
    expect(events.every((event) => event.source === "event" && event.eventName === "order.created")).toBe(true);

    await drain();
    const runs = await runsOf(org);
    expect(runs).toHaveLength(2);
    expect(runs.map((run) => run.status)).toEqual(["COMPLETED", "COMPLETED"]);
    // The engine runs them concurrently: which started first is not the point.
    expect(runs.map((run) => (run.input as { orderId: string }).orderId).sort()).toEqual(["no-id", "order-2"]);
    expect(runs.map((run) => run.source)).toEqual(["event", "event"]);

    // Redelivery after the runs exist changes nothing either.
    await publish(subjectOf(org), body("order-2"));
    await settled();
    await drain();
    expect(await runsOf(org)).toHaveLength(2);
  });

  it("publishes each status change of a run once, and approvals as they are requested and decided", async () => {
    const { org } = await setupOrg({
      nodes: [{ id: "review", type: "agent", agent: "test-agent", prompt: "Review order {{ input.orderId }}" }],
    });
    await db.prisma.agent.update({ where: { id: org.agent.id }, data: { riskLevel: "APPROVAL_REQUIRED" } });
    bridge ?? (await start());
    const out = collectOutgoing(org);
    const inbox = createInbox();
    const replies = collect(inbox);

    await publish(subjectOf(org), JSON.stringify({ id: "order-9", payload: { orderId: "9" } }), { replyTo: inbox });
    await settled();
    await expect.poll(() => replies.received.length).toBe(1);
    expect(replies.received[0].body).toMatchObject({
      eventName: "order.created",
      matched: 1,
      deliveries: [{ entityType: "workflow", fired: true, duplicate: false }],
    });

    await drain();
    const [run] = await runsOf(org);
    expect(run.status).toBe("SUSPENDED");
    const approval = await db.prisma.approvalRequest.findFirstOrThrow({ where: { workflowRunId: run.id } });
    await decideReview(org.ctx("OPERATOR"), createLocalEngine(db.prisma), { id: approval.id, decision: "approve", notes: "ok" });
    await drain();
    expect((await runsOf(org))[0].status).toBe("COMPLETED");

    await bridge!.flushOutgoing();
    await nc.flush();
    const prefix = `${names.subjectPrefix}.${org.organization.slug}`;
    const workflowSubjects = out.received.map((message) => message.subject).filter((subject) => !subject.includes(".runs.agent."));
    expect(workflowSubjects).toEqual([
      `${prefix}.runs.workflow.started`,
      `${prefix}.approvals.requested`,
      `${prefix}.runs.workflow.suspended`,
      `${prefix}.approvals.decided`,
      `${prefix}.runs.workflow.completed`,
    ]);
    const completed = out.received.filter((message) => message.subject === `${prefix}.runs.workflow.completed`);
    expect(completed).toHaveLength(1);
    const finished = (await runsOf(org))[0];
    expect(completed[0].body).toEqual({
      runId: finished.id,
      kind: "workflow",
      status: "completed",
      entity: { id: finished.workflowId, slug: "on-order" },
      costUsd: finished.costUsd,
      durationMs: finished.durationMs,
      startedAt: finished.startedAt.toISOString(),
      completedAt: finished.completedAt!.toISOString(),
    });
    expect(finished.costUsd).toBeGreaterThan(0);
    const agentRuns = out.received.filter((message) => message.subject.startsWith(`${prefix}.runs.agent.`));
    expect(agentRuns.map((message) => message.subject)).toEqual([`${prefix}.runs.agent.started`, `${prefix}.runs.agent.completed`]);
    expect(agentRuns[1].body).toMatchObject({ kind: "agent", entity: { id: org.agent.id, slug: "test-agent" } });
    const decided = out.received.find((message) => message.subject === `${prefix}.approvals.decided`);
    expect(decided?.body).toMatchObject({ approvalId: approval.id, status: "approved", workflowRunId: run.id, decidedBy: "test OPERATOR", notes: "ok" });
    out.stop();
    replies.stop();
  });

  it("answers a message that is not JSON or not { id?, payload }, records it, and keeps consuming", async () => {
    const { org, trigger } = await setupOrg();
    bridge ?? (await start());
    const inbox = createInbox();
    const replies = collect(inbox);

    await publish(subjectOf(org), "{ not json", { replyTo: inbox });
    await publish(subjectOf(org), JSON.stringify({ orderId: "flat" }), { replyTo: inbox });
    await publish(subjectOf(org), JSON.stringify({ payload: { orderId: "ok" } }), { replyTo: inbox });
    await settled();
    await expect.poll(() => replies.received.length).toBe(3);
    expect(replies.received[0].body).toMatchObject({ error: { code: "invalid_json" } });
    expect(replies.received[1].body).toMatchObject({ error: { code: "validation_failed", details: [{ message: expect.stringContaining("orderId") }] } });
    expect(replies.received[2].body).toMatchObject({ matched: 1 });

    await expect
      .poll(() =>
        db.prisma.runtimeEvent.count({
          where: { layer: "nats_bridge", reasonCode: "BRIDGE_BAD_MESSAGE", metadata: { path: ["subject"], equals: subjectOf(org) } },
        }),
      )
      .toBe(2);
    // The good message after the bad ones fired, with its stream sequence as its id.
    const events = await db.prisma.triggerEvent.findMany({ where: { triggerId: trigger.id } });
    expect(events).toHaveLength(1);
    expect(events[0].dedupeKey).toMatch(new RegExp(`^${trigger.id}:nats:${names.stream}:`));
    replies.stop();
  });

  it("serves only organizations that enabled the bridge: others are acked and recorded, never processed", async () => {
    const { org, trigger, workflow } = await setupOrg({ enabled: false });
    bridge ?? (await start());
    const inbox = createInbox();
    const replies = collect(inbox);
    const out = collectOutgoing(org);

    await publish(subjectOf(org), JSON.stringify({ id: "x-1", payload: {} }), { replyTo: inbox });
    await publish(`${names.subjectPrefix}.no-such-org-${suffix}.events.order.created`, JSON.stringify({ payload: {} }), {
      replyTo: inbox,
      replyHeader: "reply-to",
    });
    await settled();
    await expect.poll(() => replies.received.length).toBe(2);
    expect(replies.received.map((reply) => reply.body)).toMatchObject([{ error: { code: "not_found" } }, { error: { code: "not_found" } }]);
    await expect
      .poll(() => db.prisma.runtimeEvent.findMany({ where: { layer: "nats_bridge", reasonCode: { in: ["BRIDGE_DISABLED", "BRIDGE_UNKNOWN_ORG"] } } }))
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reasonCode: "BRIDGE_DISABLED", organizationId: org.organization.id }),
          expect.objectContaining({ reasonCode: "BRIDGE_UNKNOWN_ORG", organizationId: null }),
        ]),
      );
    expect(await db.prisma.triggerEvent.count({ where: { triggerId: trigger.id } })).toBe(0);

    // Its runs are not announced either.
    await createLocalEngine(db.prisma).send({
      id: `manual-${suffix}`,
      name: "workflow/trigger.fire",
      data: { organizationId: org.organization.id, entityId: workflow.id, source: "manual", input: {}, dedupeKey: `manual-${suffix}` },
    });
    await drain();
    expect((await runsOf(org)).map((run) => run.status)).toEqual(["COMPLETED"]);
    await bridge!.flushOutgoing();
    await nc.flush();
    expect(out.received).toEqual([]);
    out.stop();
    replies.stop();
  });

  it("leaves a message in the stream while the database is down (nak with a delay) and fires it once the database is back", async () => {
    const { org, trigger } = await setupOrg();
    await stop();
    // Nothing listens on port 1: every query fails to connect, as with a database that is down.
    const down = await createDatabase({ url: "postgresql://postgres@127.0.0.1:1/none", migrate: false });
    try {
      const error = await down.prisma.organization.findFirst().catch((caught: unknown) => caught);
      expect(isTransientError(error)).toBe(true);
      await start(down.prisma);
      await publish(subjectOf(org), JSON.stringify({ id: "while-down", payload: { orderId: "d" } }));
      const jsm = await jetstreamManager(nc);
      // Nak'ed with a delay, then delivered again: it was neither acked nor dropped.
      await expect.poll(async () => (await jsm.consumers.info(names.stream, names.durable)).num_redelivered, { timeout: 20_000 }).toBeGreaterThan(0);
      await stop();
    } finally {
      await down.close();
    }
    await start();
    await settled();
    expect(await db.prisma.triggerEvent.count({ where: { triggerId: trigger.id, dedupeKey: `${trigger.id}:while-down` } })).toBe(1);
    await drain();
    expect((await runsOf(org)).map((run) => run.status)).toEqual(["COMPLETED"]);
  });
});
