import { randomBytes } from "node:crypto";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAgent } from "../agents/definitions.ts";
import { finishOnce } from "../runs/lifecycle.ts";
import { recordRunQueued } from "../runs/recorder.ts";
import { createTestOrganization } from "../testing.ts";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../triggers/signature.ts";
import { createAlertChannel } from "./channels.ts";
import { DELIVERY_ID_HEADER, MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_MS, settleAlertDeliveries, sweepAlertDeliveries } from "./delivery.ts";
import { reportRunFinished, sweepAlertConditions } from "./evaluate.ts";
import { createAlertRule, type CreateAlertRuleBody } from "./rules.ts";
import { startReceiver, type Receiver } from "./testing.ts";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;

describe("alerts", () => {
  let db: Database;
  let receiver: Receiver;
  const previousAllowedHosts = process.env.SWITCHYARD_HTTP_ALLOWED_HOSTS;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startReceiver();
    // The receiver is on loopback, which deliveries refuse unless allowed (as the http tool does).
    process.env.SWITCHYARD_HTTP_ALLOWED_HOSTS = "127.0.0.1";
  });
  afterAll(async () => {
    process.env.SWITCHYARD_HTTP_ALLOWED_HOSTS = previousAllowedHosts;
    await receiver?.close();
    await db?.close();
  });

  /** An organization with a webhook channel to its own path on the receiver and one rule on it. */
  async function withRule(rule: Omit<CreateAlertRuleBody, "name" | "channelIds" | "isActive">, channelTarget?: string) {
    const org = await createTestOrganization(db.prisma);
    const ctx = org.ctx("ADMIN");
    const path = `/hook-${randomBytes(4).toString("hex")}`;
    const { channel, secret } = await createAlertChannel(ctx, { kind: "webhook", name: "ops", target: channelTarget ?? receiver.url(path), isActive: true });
    const created = await createAlertRule(ctx, { ...rule, name: `rule ${rule.kind}`, channelIds: [channel.id], isActive: true } as CreateAlertRuleBody);
    const requests = () => receiver.received.filter((request) => request.path === path);
    return { org, ctx, channel, secret: secret!, rule: created, requests };
  }

  let clock = Date.parse("2026-03-01T00:00:00Z");
  /** Runs an agent run through the real lifecycle to the given end, a second after the previous one. */
  async function runAgent(org: Org, status: "COMPLETED" | "FAILED", agentId = org.agent.id) {
    clock += 1_000;
    const at = new Date(clock);
    const { run } = await recordRunQueued(db.prisma, { organizationId: org.organization.id, agentId, source: "api", input: {}, at });
    const { run: finished } = await finishOnce(
      db.prisma,
      "agent",
      run,
      { status, error: status === "FAILED" ? "model exploded" : null },
      { from: ["QUEUED"], at },
    );
    await settleAlertDeliveries();
    return finished;
  }

  const incidentsOf = (ruleId: string) => db.prisma.alertIncident.findMany({ where: { ruleId }, orderBy: { openedAt: "asc" }, include: { deliveries: true } });

  it("delivers one signed webhook per failed run, and never a second for the same run", async () => {
    const { org, rule, secret, requests } = await withRule({ kind: "run_failed", config: {} });
    const first = await runAgent(org, "FAILED");
    await runAgent(org, "COMPLETED");
    const second = await runAgent(org, "FAILED");

    expect(requests()).toHaveLength(2);
    for (const [index, request] of requests().entries()) {
      // The receiver checks the signature exactly as documented: HMAC-SHA256 of "<t>.<raw body>".
      expect(verifyWebhookSignature(secret, request.body, request.headers[SIGNATURE_HEADER] as string, new Date())).toEqual({ ok: true });
      expect(verifyWebhookSignature(secret, `${request.body} `, request.headers[SIGNATURE_HEADER] as string, new Date()).ok).toBe(false);
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({
        event: "alert.incident",
        incident: { status: "open", title: 'Agent "Test Agent" failed: model exploded', context: { runKind: "agent", runId: [first, second][index]!.id } },
        rule: { id: rule.id, kind: "run_failed" },
        organization: { id: org.organization.id, slug: org.organization.slug },
      });
      expect(request.headers["content-type"]).toBe("application/json");
    }

    // The run's finish announced again (a re-delivered event, a second finisher) changes nothing.
    expect((await finishOnce(db.prisma, "agent", first, { status: "FAILED", error: "again" })).finished).toBe(false);
    await reportRunFinished(db.prisma, "agent", first);
    await settleAlertDeliveries();
    await sweepAlertDeliveries(db.prisma, new Date(Date.now() + 3_600_000));
    expect(requests()).toHaveLength(2);
    const incidents = await incidentsOf(rule.id);
    expect(incidents.map((incident) => incident.key)).toEqual([`run:agent:${first.id}`, `run:agent:${second.id}`]);
    expect(incidents.flatMap((incident) => incident.deliveries.map((delivery) => [delivery.status, delivery.attempts, delivery.lastStatusCode]))).toEqual([
      ["delivered", 1, 200],
      ["delivered", 1, 200],
    ]);
  });

  it("resolves an agent's open failed-run incidents when a later run of it completes, and leaves other agents' open", async () => {
    const { org, rule, requests } = await withRule({ kind: "run_failed", config: {} });
    const other = await insertAgent(db.prisma, {
      organizationId: org.organization.id,
      slug: "other-agent",
      name: "Other",
      instructions: "x",
      modelName: "gpt-4o-mini",
    });
    const first = await runAgent(org, "FAILED");
    const second = await runAgent(org, "FAILED");
    const elsewhere = await runAgent(org, "FAILED", other.id);
    const state = async () => new Map((await incidentsOf(rule.id)).map((incident) => [(incident.context as { runId: string }).runId, incident]));
    expect([...(await state()).values()].map((incident) => incident.status)).toEqual(["open", "open", "open"]);

    const before = Date.now();
    await runAgent(org, "COMPLETED");
    let incidents = await state();
    expect([first, second, elsewhere].map((run) => incidents.get(run.id)?.status)).toEqual(["resolved", "resolved", "open"]);
    expect(incidents.get(first.id)!.resolvedAt!.getTime()).toBeGreaterThanOrEqual(before);
    // A run's incident keeps its key when resolved: the failure announced again neither reopens nor duplicates it.
    expect(incidents.get(first.id)!.key).toBe(`run:agent:${first.id}`);
    await reportRunFinished(db.prisma, "agent", first);
    await settleAlertDeliveries();
    incidents = await state();
    expect(incidents.size).toBe(3);
    expect(incidents.get(first.id)!.status).toBe("resolved");

    // A new failure after the recovery is a new open incident; the other agent completing resolves only its own.
    const third = await runAgent(org, "FAILED");
    expect((await state()).get(third.id)!.status).toBe("open");
    await runAgent(org, "COMPLETED", other.id);
    incidents = await state();
    expect([third, elsewhere].map((run) => incidents.get(run.id)!.status)).toEqual(["open", "resolved"]);
    // Resolving sends nothing: one delivery per failure.
    expect(requests()).toHaveLength(4);
  });

  it("retries a receiver that answered 500 when the sweep's clock reaches the backoff, then records it delivered", async () => {
    const { org, rule, secret, requests } = await withRule({ kind: "run_failed", config: { kind: "agent" } });
    receiver.answerNext(500);
    const before = Date.now();
    await runAgent(org, "FAILED");
    expect(requests()).toHaveLength(1);
    const [incident] = await incidentsOf(rule.id);
    const failed = incident!.deliveries[0]!;
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "Answered 500: receiver says 500" });
    // 30 s with ±20 % jitter after the attempt (made on the wall clock).
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 0.8 * RETRY_DELAYS_MS[0]);
    expect(failed.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1.2 * RETRY_DELAYS_MS[0]);

    // Not due yet: nothing is sent.
    await sweepAlertDeliveries(db.prisma, new Date(failed.nextAttemptAt.getTime() - 1_000));
    expect(requests()).toHaveLength(1);
    const outcome = await sweepAlertDeliveries(db.prisma, new Date(failed.nextAttemptAt.getTime() + 1_000));
    expect(outcome.delivered).toBeGreaterThanOrEqual(1);
    expect(requests()).toHaveLength(2);
    const [firstTry, retry] = requests();
    expect(retry!.headers[DELIVERY_ID_HEADER]).toBe(failed.id);
    expect(firstTry!.headers[DELIVERY_ID_HEADER]).toBe(failed.id);
    expect(verifyWebhookSignature(secret, retry!.body, retry!.headers[SIGNATURE_HEADER] as string, new Date())).toEqual({ ok: true });
    const delivered = await db.prisma.alertDelivery.findUniqueOrThrow({ where: { id: failed.id } });
    expect(delivered).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200, lastError: null });
  });

  it("gives up after the last attempt, with the waits growing from 30 s to an hour", async () => {
    const { org, rule, requests } = await withRule({ kind: "run_failed", config: {} });
    receiver.answerNext(...Array.from({ length: MAX_DELIVERY_ATTEMPTS }, () => 503));
    let attemptedAt = Date.now();
    await runAgent(org, "FAILED");
    const waits: number[] = [];
    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      const [incident] = await incidentsOf(rule.id);
      const delivery = incident!.deliveries[0]!;
      expect(delivery).toMatchObject({ status: "pending", attempts: attempt - 1 });
      waits.push(delivery.nextAttemptAt.getTime() - attemptedAt);
      attemptedAt = delivery.nextAttemptAt.getTime();
      await sweepAlertDeliveries(db.prisma, delivery.nextAttemptAt);
    }
    const [incident] = await incidentsOf(rule.id);
    expect(incident!.deliveries[0]).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, lastStatusCode: 503 });
    expect(requests()).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    // Each wait is its step of the schedule within the jitter (the first is measured from the wall clock, the rest from the swept moment).
    const steps = [30_000, 120_000, 600_000, 3_600_000, 3_600_000];
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThan(steps[index]! * 0.75);
      expect(wait).toBeLessThan(steps[index]! * 1.25);
    });
    await sweepAlertDeliveries(db.prisma, new Date(Date.now() + 24 * 3_600_000));
    expect(requests()).toHaveLength(MAX_DELIVERY_ATTEMPTS);
  });

  it("opens one success-rate incident when the rate drops, resolves it when it recovers, and opens a new one when it drops again", async () => {
    const { org, rule, requests } = await withRule({ kind: "success_rate_below", config: { thresholdPercent: 50, windowRuns: 4 } });
    const statuses = async () => (await incidentsOf(rule.id)).map((incident) => incident.status);
    for (let i = 0; i < 4; i++) await runAgent(org, "COMPLETED");
    await runAgent(org, "FAILED");
    await runAgent(org, "FAILED"); // 2 of 4: not below 50 %
    expect(await statuses()).toEqual([]);
    await runAgent(org, "FAILED"); // 1 of 4
    await runAgent(org, "FAILED"); // 0 of 4: still the same incident
    expect(await statuses()).toEqual(["open"]);
    const [opened] = await incidentsOf(rule.id);
    expect(opened).toMatchObject({ key: `rate:agent:${org.agent.id}`, title: 'Agent "Test Agent" succeeded in 25% of its last 4 runs (below 50%)' });
    await runAgent(org, "COMPLETED"); // 1 of 4
    expect(await statuses()).toEqual(["open"]);
    await runAgent(org, "COMPLETED"); // 2 of 4: recovered
    expect(await statuses()).toEqual(["resolved"]);
    await runAgent(org, "FAILED");
    await runAgent(org, "FAILED");
    await runAgent(org, "FAILED"); // 1 of 4 again
    expect(await statuses()).toEqual(["resolved", "open"]);
    // One delivery per incident.
    expect(requests().map((request) => JSON.parse(request.body).incident.status)).toEqual(["open", "open"]);
  });

  it("fires approval_waiting for an approval pending longer than its minutes, and resolves it once decided", async () => {
    const { org, rule, requests } = await withRule({ kind: "approval_waiting", config: { minutes: 60 } });
    const now = new Date();
    const organizationId = org.organization.id;
    const old = await db.prisma.approvalRequest.create({
      data: { organizationId, sourceType: "workflow", title: "Ship the release", requestedAt: new Date(now.getTime() - 2 * 3_600_000) },
    });
    await db.prisma.approvalRequest.create({
      data: { organizationId, sourceType: "workflow", title: "Fresh one", requestedAt: new Date(now.getTime() - 5 * 60_000) },
    });

    await sweepAlertConditions(db.prisma, now);
    await settleAlertDeliveries();
    let incidents = await incidentsOf(rule.id);
    expect(incidents.map((incident) => [incident.key, incident.status, incident.title])).toEqual([
      [`approval:${old.id}`, "open", 'Approval "Ship the release" has waited 2 h (over 60 min)'],
    ]);
    expect(requests()).toHaveLength(1);
    await sweepAlertConditions(db.prisma, new Date(now.getTime() + 60_000));
    await settleAlertDeliveries();
    expect(await incidentsOf(rule.id)).toHaveLength(1);
    expect(requests()).toHaveLength(1);

    await db.prisma.approvalRequest.update({ where: { id: old.id }, data: { status: "approved", decidedAt: now } });
    await sweepAlertConditions(db.prisma, new Date(now.getTime() + 120_000));
    incidents = await incidentsOf(rule.id);
    expect(incidents.map((incident) => incident.status)).toEqual(["resolved"]);
    expect(incidents[0]!.key).toMatch(new RegExp(`^approval:${old.id}@`));
  });

  it("opens breaker_open and queue_age incidents while the condition holds and resolves them when it clears", async () => {
    const breakerRule = await withRule({ kind: "breaker_open", config: {} });
    const queueRule = await withRule({ kind: "queue_age", config: { seconds: 60 } });
    const name = `test-provider-${randomBytes(3).toString("hex")}`;
    const now = new Date();
    await db.prisma.circuitBreaker.create({ data: { name, state: "open", consecutiveFailures: 5, openedAt: now, lastReason: "429" } });
    const job = await db.prisma.executionJob.create({
      data: {
        organizationId: queueRule.org.organization.id,
        eventName: "test/waiting",
        eventId: `job-${name}`,
        payload: {},
        runAt: new Date(now.getTime() - 10 * 60_000),
      },
    });
    await sweepAlertConditions(db.prisma, now);
    await settleAlertDeliveries();
    expect((await incidentsOf(breakerRule.rule.id)).map((incident) => [incident.key, incident.status])).toEqual([[`breaker:${name}`, "open"]]);
    expect((await incidentsOf(queueRule.rule.id)).map((incident) => [incident.key, incident.status, incident.title])).toEqual([
      ["queue", "open", "The oldest due job has waited 600 s (over 60 s)"],
    ]);
    expect(breakerRule.requests()).toHaveLength(1);
    expect(queueRule.requests()).toHaveLength(1);

    await db.prisma.circuitBreaker.update({ where: { name }, data: { state: "closed", consecutiveFailures: 0, openedAt: null } });
    await db.prisma.executionJob.update({ where: { id: job.id }, data: { status: "COMPLETED" } });
    await sweepAlertConditions(db.prisma, new Date(now.getTime() + 60_000));
    expect((await incidentsOf(breakerRule.rule.id)).map((incident) => incident.status)).toEqual(["resolved"]);
    expect((await incidentsOf(queueRule.rule.id)).map((incident) => incident.status)).toEqual(["resolved"]);
  });

  it("opens a health_policy incident when a schedule's policy fires its alert action, resolved once the policy is re-armed", async () => {
    const { org, rule, requests } = await withRule({ kind: "health_policy", config: {} });
    const schedule = await db.prisma.agentSchedule.create({
      data: {
        organizationId: org.organization.id,
        agentId: org.agent.id,
        name: "Nightly digest",
        cronExpr: "0 3 * * *",
        healthPolicyEnabled: true,
        healthThreshold: 60,
        healthWindow: 2,
        healthAction: "alert",
      },
    });
    for (let i = 0; i < 2; i++) {
      clock += 1_000;
      const at = new Date(clock);
      const { run } = await recordRunQueued(db.prisma, {
        organizationId: org.organization.id,
        agentId: org.agent.id,
        source: "schedule",
        triggerId: schedule.id,
        input: {},
        at,
      });
      await finishOnce(db.prisma, "agent", run, { status: "FAILED", error: "timeout" }, { from: ["QUEUED"], at });
    }
    await settleAlertDeliveries();
    const [incident] = await incidentsOf(rule.id);
    expect(incident).toMatchObject({
      key: `health:${schedule.id}`,
      status: "open",
      title: 'Health policy: "Nightly digest" succeeded in 0% of its last 2 runs (below 60%)',
    });
    expect(requests()).toHaveLength(1);

    await db.prisma.agentSchedule.update({ where: { id: schedule.id }, data: { healthTriggeredAt: null } });
    await sweepAlertConditions(db.prisma, new Date());
    expect((await incidentsOf(rule.id)).map((row) => row.status)).toEqual(["resolved"]);
  });

  it("refuses a private address: an IP literal when the channel is saved, a host name that resolves to one when connecting", async () => {
    const org = await createTestOrganization(db.prisma);
    const ctx = org.ctx("ADMIN");
    await expect(createAlertChannel(ctx, { kind: "webhook", name: "internal", target: "http://10.1.2.3/hook", isActive: true })).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "target", message: expect.stringContaining("SWITCHYARD_HTTP_ALLOW_PRIVATE") }],
    });
    await expect(createAlertChannel(ctx, { kind: "slack", name: "metadata", target: "http://169.254.169.254/latest", isActive: true })).rejects.toMatchObject({
      code: "validation_failed",
    });

    // localhost is a name: it is only found to be loopback when the delivery connects, and refused there.
    const { org: named, rule, requests } = await withRule({ kind: "run_failed", config: {} }, receiver.url("/named", "localhost"));
    await runAgent(named, "FAILED");
    const [incident] = await incidentsOf(rule.id);
    expect(incident!.deliveries[0]).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(incident!.deliveries[0]!.lastError).toMatch(/^Refused: localhost resolves to .*loopback.*SWITCHYARD_HTTP_ALLOW_PRIVATE=1/);
    expect(incident!.deliveries[0]!.lastError).not.toContain("/named");
    expect(requests()).toHaveLength(0);
    expect(receiver.received.filter((request) => request.path === "/named")).toHaveLength(0);
  });

  it("sends Slack-compatible text, and an email channel without SMTP_URL reports why", async () => {
    const org = await createTestOrganization(db.prisma);
    const ctx = org.ctx("ADMIN");
    const path = `/slack-${randomBytes(3).toString("hex")}`;
    const slack = await createAlertChannel(ctx, { kind: "slack", name: "slack", target: receiver.url(path), isActive: true });
    const email = await createAlertChannel(ctx, { kind: "email", name: "email", target: "oncall@example.com", isActive: true });
    expect(slack.secret).toBeNull();
    expect(email.channel.target).toBe("…@example.com");
    const rule = await createAlertRule(ctx, { kind: "run_failed", name: "both", config: {}, channelIds: [slack.channel.id, email.channel.id], isActive: true });
    const previousSmtp = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      await runAgent(org, "FAILED");
    } finally {
      if (previousSmtp !== undefined) process.env.SMTP_URL = previousSmtp;
    }
    const slackRequests = receiver.received.filter((request) => request.path === path);
    expect(slackRequests).toHaveLength(1);
    const body = JSON.parse(slackRequests[0]!.body);
    expect(Object.keys(body)).toEqual(["text"]);
    expect(body.text).toContain('Agent "Test Agent" failed: model exploded');
    expect(slackRequests[0]!.headers[SIGNATURE_HEADER]).toBeUndefined();
    const [incident] = await incidentsOf(rule.id);
    const byChannel = new Map(incident!.deliveries.map((delivery) => [delivery.channelId, delivery]));
    expect(byChannel.get(slack.channel.id)).toMatchObject({ status: "delivered" });
    expect(byChannel.get(email.channel.id)).toMatchObject({ status: "pending", lastError: "SMTP_URL not configured" });
  });
});
