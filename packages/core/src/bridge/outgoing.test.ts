import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expirePendingReviews, requestReview } from "../reviews/requests.ts";
import { finishOnce } from "../runs/lifecycle.ts";
import { recordRunQueued } from "../runs/recorder.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { createOutgoingPublisher } from "./outgoing.ts";
import { setRunEventPublisher, type RunStatusEvent } from "./publisher.ts";

describe("outgoing run events", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  const runEvent = (organizationId: string, runId: string, entityId: string | null): RunStatusEvent => ({
    type: "run",
    organizationId,
    runId,
    kind: "agent",
    status: "completed",
    entityId,
    costUsd: 0.25,
    durationMs: 1200,
    startedAt: new Date("2026-12-01T10:00:00Z"),
    completedAt: new Date("2026-12-01T10:00:01.200Z"),
    error: null,
  });

  it("sends for organizations with the bridge on only, drops past its buffer, and records failures at most once a minute", async () => {
    const on = await createTestOrganization(db.prisma);
    const off = await createTestOrganization(db.prisma);
    await db.prisma.organization.update({ where: { id: on.organization.id }, data: { natsBridgeEnabled: true } });
    const sent: { subject: string; data: string; msgId: string }[] = [];
    const publisher = createOutgoingPublisher({
      db: db.prisma,
      subjectPrefix: "sy",
      workerId: "outgoing-test",
      bufferSize: 2,
      transport: { publish: (subject, data, msgId) => void sent.push({ subject, data, msgId }) },
    });

    // The first event is taken at once; two wait; the rest do not fit and are dropped.
    for (const runId of ["r1", "r2", "r3", "r4", "r5"]) publisher.publish(runEvent(on.organization.id, runId, on.agent.id));
    await publisher.flush();
    expect(sent.map((message) => message.msgId)).toEqual(["r1:completed", "r2:completed", "r3:completed"]);
    expect(sent[0].subject).toBe(`sy.${on.organization.slug}.runs.agent.completed`);
    expect(JSON.parse(sent[0].data)).toEqual({
      runId: "r1",
      kind: "agent",
      status: "completed",
      entity: { id: on.agent.id, slug: "test-agent" },
      costUsd: 0.25,
      durationMs: 1200,
      startedAt: "2026-12-01T10:00:00.000Z",
      completedAt: "2026-12-01T10:00:01.200Z",
    });

    publisher.publish(runEvent(off.organization.id, "r6", off.agent.id));
    await publisher.flush();
    expect(sent).toHaveLength(3);

    await flushRuntimeEvents();
    const failures = await db.prisma.runtimeEvent.findMany({ where: { layer: "nats_bridge", reasonCode: "BRIDGE_PUBLISH_FAILED", workerId: "outgoing-test" } });
    expect(failures).toHaveLength(1);
    expect(failures[0].metadata).toMatchObject({ error: expect.stringContaining("buffer full") });
  });

  it("never lets a failing transport reach the caller", async () => {
    const org = await createTestOrganization(db.prisma);
    await db.prisma.organization.update({ where: { id: org.organization.id }, data: { natsBridgeEnabled: true } });
    let attempts = 0;
    const publisher = createOutgoingPublisher({
      db: db.prisma,
      subjectPrefix: "sy",
      workerId: "failing-transport",
      transport: {
        publish: () => {
          attempts += 1;
          throw new Error("connection closed");
        },
      },
    });
    expect(() => {
      publisher.publish(runEvent(org.organization.id, "a", null));
      publisher.publish(runEvent(org.organization.id, "b", null));
    }).not.toThrow();
    await publisher.flush();
    expect(attempts).toBe(2);
    await flushRuntimeEvents();
    const failures = await db.prisma.runtimeEvent.findMany({ where: { reasonCode: "BRIDGE_PUBLISH_FAILED", workerId: "failing-transport" } });
    expect(failures.map((failure) => failure.metadata)).toEqual([{ error: "connection closed", failures: 1 }]);
  });

  it("announces an approval that expires with its run as decided, status expired, once; one decided before is not announced again", async () => {
    const org = await createTestOrganization(db.prisma);
    const organizationId = org.organization.id;
    await db.prisma.organization.update({ where: { id: organizationId }, data: { natsBridgeEnabled: true } });
    const sent: { subject: string; body: Record<string, unknown>; msgId: string }[] = [];
    const publisher = createOutgoingPublisher({
      db: db.prisma,
      subjectPrefix: "sy",
      workerId: "expiry-test",
      transport: { publish: (subject, data, msgId) => void sent.push({ subject, body: JSON.parse(data), msgId }) },
    });
    const unset = setRunEventPublisher(publisher);
    try {
      const { run } = await recordRunQueued(db.prisma, { organizationId, agentId: org.agent.id, source: "api", input: {} });
      const review = (title: string) => requestReview(db.prisma, { organizationId, sourceType: "agent", title, agentId: org.agent.id, agentRunId: run.id });
      const held = await review("Hold the run");
      const decided = await review("Decided already");
      await db.prisma.approvalRequest.update({ where: { id: decided.id }, data: { status: "approved", decidedAt: new Date() } });

      // Cancelling the run expires its pending review; ending or expiring it again announces nothing more.
      const { run: cancelled } = await finishOnce(db.prisma, "agent", run, { status: "CANCELLED", error: "Cancelled by test" }, { from: ["QUEUED"] });
      await finishOnce(db.prisma, "agent", cancelled, { status: "CANCELLED", error: "again" });
      await expirePendingReviews(db.prisma, { organizationId, agentRunId: run.id }, "again");
      await publisher.flush();

      const approvals = sent.filter((message) => message.subject.startsWith(`sy.${org.organization.slug}.approvals.`));
      expect(approvals.map((message) => [message.subject.split(".").at(-1), message.msgId])).toEqual([
        ["requested", `${held.id}:requested`],
        ["requested", `${decided.id}:requested`],
        ["decided", `${held.id}:decided`],
      ]);
      const expired = await db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: held.id } });
      expect(approvals[2]!.body).toEqual({
        approvalId: held.id,
        sourceType: "agent",
        status: "expired",
        title: "Hold the run",
        workflowRunId: null,
        campaignId: null,
        missionId: null,
        agentRunId: run.id,
        requestedAt: held.requestedAt.toISOString(),
        decidedAt: expired.decidedAt!.toISOString(),
        decidedBy: null,
        notes: "Agent run cancelled: Cancelled by test",
      });
    } finally {
      unset();
      publisher.close();
    }
  });
});
