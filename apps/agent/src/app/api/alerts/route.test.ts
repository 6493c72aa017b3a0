import { settleAlertDeliveries } from "@switchyard/core/alerts/delivery";
import { startReceiver, type Receiver } from "@switchyard/core/alerts/testing";
import { finishOnce } from "@switchyard/core/runs/lifecycle";
import { recordRunQueued } from "@switchyard/core/runs/recorder";
import { createTestOrganization } from "@switchyard/core/testing";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "@switchyard/core/triggers/signature";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { DELETE as deleteChannel, PUT as putChannel } from "./channels/[id]/route";
import { POST as testChannel } from "./channels/[id]/test/route";
import { GET as listChannels, POST as postChannel } from "./channels/route";
import { POST as resolveIncident } from "./incidents/[id]/resolve/route";
import { GET as listIncidents } from "./incidents/route";
import { DELETE as deleteRule, PUT as putRule } from "./rules/[id]/route";
import { GET as listRules, POST as postRule } from "./rules/route";

describe("/api/alerts", () => {
  let db: Database;
  let receiver: Receiver;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let other: Awaited<ReturnType<typeof createTestOrganization>>;
  const previousAllowedHosts = process.env.SWITCHYARD_HTTP_ALLOWED_HOSTS;

  beforeAll(async () => {
    db = await useTestDatabase();
    receiver = await startReceiver();
    process.env.SWITCHYARD_HTTP_ALLOWED_HOSTS = "127.0.0.1";
    org = await createTestOrganization(db.prisma);
    other = await createTestOrganization(db.prisma);
  });
  afterAll(async () => {
    process.env.SWITCHYARD_HTTP_ALLOWED_HOSTS = previousAllowedHosts;
    await receiver?.close();
    await db?.close();
  });

  const createChannel = (body: unknown, key = org.keys.ADMIN) => call(postChannel, { method: "POST", path: "/api/alerts/channels", body, key });
  const createRule = (body: unknown, key = org.keys.ADMIN) => call(postRule, { method: "POST", path: "/api/alerts/rules", body, key });

  it("creates a webhook channel whose secret is shown once and whose target is never returned in clear", async () => {
    const target = receiver.url("/hooks/T0KEN-IN-PATH?signature=abc");
    const created = await createChannel({ kind: "webhook", name: "Pager", target });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.channel).toMatchObject({
      name: "Pager",
      kind: "webhook",
      target: `http://127.0.0.1:${receiver.port}/…`,
      hasSecret: true,
      isActive: true,
    });

    const listed = await call(listChannels, { key: org.keys.OPERATOR });
    expect(listed.status).toBe(200);
    expect(listed.body.channels).toHaveLength(1);
    const everywhere = JSON.stringify([created.body.channel, listed.body]);
    expect(everywhere).not.toContain("T0KEN-IN-PATH");
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    // Stored encrypted; the audit entry shows only the masked target.
    const stored = await db.prisma.alertChannel.findUniqueOrThrow({ where: { id: created.body.channel.id } });
    expect(stored.encryptedTarget).not.toContain("T0KEN");
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.organization.id, action: "alert_channel.created" } });
    expect(JSON.stringify(audit)).not.toContain("T0KEN-IN-PATH");

    // Rotating gives a new secret, once; a later answer has none.
    const rotated = await call(putChannel, { method: "PUT", params: { id: created.body.channel.id }, body: { rotateSecret: true }, key: org.keys.ADMIN });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const renamed = await call(putChannel, { method: "PUT", params: { id: created.body.channel.id }, body: { name: "Pager duty" }, key: org.keys.ADMIN });
    expect(renamed.body).toMatchObject({ channel: { name: "Pager duty" }, secret: null });
  });

  it("answers 400 for bad channels and rules, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ kind: "webhook", name: "x", target: "not a url" }, "target"],
      [{ kind: "webhook", name: "x", target: "ftp://example.com/x" }, "target"],
      [{ kind: "email", name: "x", target: "nobody" }, "target"],
      [{ kind: "pager", name: "x", target: "https://example.com" }, "kind"],
      [{ kind: "slack", name: "", target: "https://hooks.example.com/x" }, "name"],
      [{ kind: "webhook", name: "x", target: "http://192.168.1.10/hook" }, "target"],
    ];
    for (const [body, path] of cases) {
      const response = await createChannel(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
      expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    const ruleCases: [unknown, string][] = [
      [{ kind: "success_rate_below", name: "r" }, "config.thresholdPercent"],
      [{ kind: "success_rate_below", name: "r", config: { thresholdPercent: 150, windowRuns: 10 } }, "config.thresholdPercent"],
      [{ kind: "approval_waiting", name: "r", config: { minutes: 0 } }, "config.minutes"],
      [{ kind: "run_failed", name: "r", config: { kind: "robot" } }, "config.kind"],
      [{ kind: "run_failed", name: "r", config: { typo: 1 } }, "config"],
      [{ kind: "everything", name: "r" }, "kind"],
      [{ kind: "run_failed", name: "r", channelIds: ["no-such-channel"] }, "channelIds.0"],
    ];
    for (const [body, path] of ruleCases) {
      const response = await createRule(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }
    const duplicate = await createChannel({ kind: "email", name: "Pager duty", target: "ops@example.com" });
    expect(duplicate.status).toBe(409);
  });

  it("lets operators read but only admins write (403), and finds nothing of another organization (404)", async () => {
    const channel = (await createChannel({ kind: "slack", name: "Slack", target: receiver.url("/slack") })).body.channel;
    const rule = (await createRule({ kind: "queue_age", name: "Queue", config: { seconds: 120 }, channelIds: [channel.id] })).body.rule;
    expect(rule).toMatchObject({ kind: "queue_age", config: { seconds: 120 }, channelIds: [channel.id], isActive: true, openIncidents: 0 });
    expect(rule.description).toBe("The oldest due job has waited longer than 120 s");

    for (const key of [org.keys.OPERATOR, org.keys.VIEWER]) {
      expect((await createChannel({ kind: "slack", name: "No", target: "https://hooks.example.com/x" }, key)).status).toBe(403);
      expect((await createRule({ kind: "breaker_open", name: "No" }, key)).status).toBe(403);
      expect((await call(putRule, { method: "PUT", params: { id: rule.id }, body: { isActive: false }, key })).status).toBe(403);
      expect((await call(deleteChannel, { method: "DELETE", params: { id: channel.id }, key })).status).toBe(403);
      expect((await call(testChannel, { method: "POST", params: { id: channel.id }, key })).status).toBe(403);
    }
    expect((await call(listRules, { key: org.keys.VIEWER })).status).toBe(403);
    expect((await call(listIncidents, { key: org.keys.VIEWER })).status).toBe(403);
    expect((await call(listRules, { key: org.keys.OPERATOR })).status).toBe(200);

    const foreign = [
      call(putChannel, { method: "PUT", params: { id: channel.id }, body: { name: "hijacked" }, key: other.keys.ADMIN }),
      call(deleteChannel, { method: "DELETE", params: { id: channel.id }, key: other.keys.ADMIN }),
      call(testChannel, { method: "POST", params: { id: channel.id }, key: other.keys.ADMIN }),
      call(putRule, { method: "PUT", params: { id: rule.id }, body: { isActive: false }, key: other.keys.ADMIN }),
      call(deleteRule, { method: "DELETE", params: { id: rule.id }, key: other.keys.ADMIN }),
    ];
    for (const response of await Promise.all(foreign)) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    // Naming another organization's channel in a rule is as unknown as a made-up id.
    const borrowed = await createRule({ kind: "run_failed", name: "Borrowed", channelIds: [channel.id] }, other.keys.ADMIN);
    expect(borrowed.status).toBe(400);
    expect((await call(listChannels, { key: other.keys.ADMIN })).body.channels).toEqual([]);
    expect((await call(listRules, { key: other.keys.ADMIN })).body.rules).toEqual([]);

    // Editing a rule checks its config against its kind; toggling it off is audited.
    expect((await call(putRule, { method: "PUT", params: { id: rule.id }, body: { config: { minutes: 5 } }, key: org.keys.ADMIN })).status).toBe(400);
    const off = await call(putRule, { method: "PUT", params: { id: rule.id }, body: { isActive: false, config: { seconds: 300 } }, key: org.keys.ADMIN });
    expect(off.body.rule).toMatchObject({ isActive: false, config: { seconds: 300 } });
    expect(await db.prisma.auditLog.count({ where: { organizationId: org.organization.id, action: "alert_rule.updated", targetId: rule.id } })).toBe(1);

    // Deleting the channel takes it off the rule.
    const removed = await call(deleteChannel, { method: "DELETE", params: { id: channel.id }, key: org.keys.ADMIN });
    expect(removed.body).toEqual({ id: channel.id, removedFromRules: 1 });
    expect((await db.prisma.alertRule.findUniqueOrThrow({ where: { id: rule.id } })).channelIds).toEqual([]);
    expect((await call(deleteRule, { method: "DELETE", params: { id: rule.id }, key: org.keys.ADMIN })).status).toBe(200);
  });

  it("tests a channel on demand and lists incidents with their deliveries' last result, paged", async () => {
    const created = await createChannel({ kind: "webhook", name: "Receiver", target: receiver.url("/incidents") });
    const { channel, secret } = created.body;
    receiver.answerNext(200);
    const tested = await call(testChannel, { method: "POST", params: { id: channel.id }, key: org.keys.ADMIN });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, statusCode: 200, error: null, latencyMs: expect.any(Number) });
    const testRequest = receiver.received.filter((request) => request.path === "/incidents").at(-1)!;
    expect(JSON.parse(testRequest.body)).toMatchObject({ event: "alert.test", rule: null, organization: { id: org.organization.id } });
    expect(verifyWebhookSignature(secret, testRequest.body, testRequest.headers[SIGNATURE_HEADER] as string, new Date())).toEqual({ ok: true });
    receiver.answerNext(502);
    expect((await call(testChannel, { method: "POST", params: { id: channel.id }, key: org.keys.ADMIN })).body).toMatchObject({ ok: false, statusCode: 502 });

    const rule = (await createRule({ kind: "run_failed", name: "Failures", channelIds: [channel.id] })).body.rule;
    const failed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { run } = await recordRunQueued(db.prisma, { organizationId: org.organization.id, agentId: org.agent.id, source: "api", input: {} });
      await finishOnce(db.prisma, "agent", run, { status: "FAILED", error: `failure ${i}` });
      failed.push(run.id);
    }
    await settleAlertDeliveries();

    const first = await call(listIncidents, { path: "/api/alerts/incidents?limit=2", key: org.keys.OPERATOR });
    expect(first.status).toBe(200);
    expect(first.body.incidents).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(listIncidents, { path: `/api/alerts/incidents?limit=2&cursor=${first.body.nextCursor}`, key: org.keys.OPERATOR });
    expect(second.body).toMatchObject({ nextCursor: null });
    const incidents = [...first.body.incidents, ...second.body.incidents];
    expect(incidents.map((incident: { context: { runId: string } }) => incident.context.runId).sort()).toEqual([...failed].sort());
    for (const incident of incidents) {
      expect(incident).toMatchObject({ rule: { id: rule.id, name: "Failures", kind: "run_failed" }, status: "open" });
      expect(incident.deliveries).toEqual([
        expect.objectContaining({
          channel: { id: channel.id, name: "Receiver", kind: "webhook" },
          status: "delivered",
          attempts: 1,
          maxAttempts: 6,
          lastStatusCode: 200,
          nextAttemptAt: null,
        }),
      ]);
    }
    expect((await call(listRules, { key: org.keys.OPERATOR })).body.rules.find((row: { id: string }) => row.id === rule.id).openIncidents).toBe(3);
    expect((await call(listIncidents, { path: "/api/alerts/incidents?status=resolved", key: org.keys.OPERATOR })).body.incidents).toEqual([]);
    expect((await call(listIncidents, { path: "/api/alerts/incidents?status=sideways", key: org.keys.OPERATOR })).status).toBe(400);
    expect((await call(listIncidents, { key: other.keys.ADMIN })).body.incidents).toEqual([]);
  });

  it("resolves an open incident by hand once, audited; again is a no-op; operators get 403 and other organizations 404", async () => {
    const rule = (await createRule({ kind: "run_failed", name: "By hand" })).body.rule;
    const { run } = await recordRunQueued(db.prisma, { organizationId: org.organization.id, agentId: org.agent.id, source: "api", input: {} });
    await finishOnce(db.prisma, "agent", run, { status: "FAILED", error: "flaky" });
    await settleAlertDeliveries();
    const incident = await db.prisma.alertIncident.findFirstOrThrow({ where: { ruleId: rule.id } });
    const resolve = (key: string, id = incident.id) => call(resolveIncident, { method: "POST", params: { id }, key });

    expect((await resolve(org.keys.OPERATOR)).status).toBe(403);
    const foreign = await resolve(other.keys.ADMIN);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await resolve(org.keys.ADMIN, "no-such-incident")).status).toBe(404);
    expect((await db.prisma.alertIncident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");

    const resolved = await resolve(org.keys.ADMIN);
    expect(resolved.status).toBe(200);
    expect(resolved.body.incident).toMatchObject({ id: incident.id, status: "resolved", rule: { id: rule.id }, key: `run:agent:${run.id}` });
    expect(new Date(resolved.body.incident.resolvedAt).getTime()).toBeGreaterThanOrEqual(incident.openedAt.getTime());
    const again = await resolve(org.keys.ADMIN);
    expect(again.status).toBe(200);
    expect(again.body.incident.resolvedAt).toBe(resolved.body.incident.resolvedAt);
    const audits = await db.prisma.auditLog.findMany({ where: { organizationId: org.organization.id, action: "alert_incident.resolved" } });
    expect(audits.map((entry) => [entry.targetId, entry.before, entry.actorLabel])).toEqual([[incident.id, { status: "open" }, "API key admin key"]]);
    const open = await call(listIncidents, { path: `/api/alerts/incidents?status=open&ruleId=${rule.id}`, key: org.keys.OPERATOR });
    expect(open.body.incidents).toEqual([]);
  });
});
