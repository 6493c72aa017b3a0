import { signWebhook } from "@switchyard/core/triggers/signature";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createTrigger } from "@/app/api/agents/[slug]/execution-triggers/route";
import { PATCH as updateTrigger } from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/route";
import { drainJobs } from "@/test/engine";
import { call } from "@/test/http";
import { POST as deliver } from "./route";

describe("POST /api/webhooks/[path]", () => {
  let db: Database;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let trigger: { id: string; webhookPath: string };
  let secret: string;

  beforeAll(async () => {
    db = await useTestDatabase();
    org = await createTestOrganization(db.prisma);
    const created = await call(createTrigger, {
      method: "POST",
      params: { slug: "test-agent" },
      key: org.keys.OPERATOR,
      body: { type: "webhook", name: "Inbound" },
    });
    expect(created.status).toBe(201);
    ({ trigger, secret } = created.body);
  });
  afterAll(async () => db?.close());

  function post(rawBody: string, headers: Record<string, string> = {}, path = trigger.webhookPath) {
    return call(deliver, { method: "POST", params: { path }, rawBody, headers });
  }
  const now = () => Math.floor(Date.now() / 1000);
  const signed = (rawBody: string, extra: Record<string, string> = {}, t = now()) => ({
    "x-switchyard-signature": signWebhook(secret, rawBody, t),
    ...extra,
  });

  it("stores the delivery as a TriggerEvent, acknowledges 202, and the run links back to it", async () => {
    const body = JSON.stringify({ topic: "launch" });
    const response = await post(body, signed(body));
    expect(response.status).toBe(202);
    const stored = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: response.body.triggerEventId } });
    expect(stored).toMatchObject({ triggerId: trigger.id, organizationId: org.organization.id, source: "webhook", payload: { topic: "launch" } });
    expect(JSON.stringify(stored.headers)).not.toContain("v1=");

    await drainJobs(db);
    const linked = await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: stored.id } });
    expect(linked.status).toBe("FIRED");
    const run = await db.prisma.agentRun.findUniqueOrThrow({ where: { id: linked.agentRunId! } });
    expect(run).toMatchObject({ triggerId: trigger.id, triggerEventId: stored.id, source: "webhook", status: "COMPLETED" });
    expect(run.costUsd).toBeGreaterThan(0);
  });

  it("answers a redelivery with the same Idempotency-Key with the first TriggerEvent and fires once", async () => {
    const body = JSON.stringify({ topic: "redelivered" });
    const first = await post(body, signed(body, { "idempotency-key": "delivery-42" }));
    const second = await post(body, signed(body, { "idempotency-key": "delivery-42" }));
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ triggerEventId: first.body.triggerEventId, duplicate: true });
    await drainJobs(db);
    expect(await db.prisma.triggerEvent.count({ where: { dedupeKey: `${trigger.id}:delivery-42` } })).toBe(1);
    expect(await db.prisma.agentRun.count({ where: { triggerEventId: first.body.triggerEventId } })).toBe(1);
  });

  it("refuses a missing, malformed or wrong signature with 401", async () => {
    const body = JSON.stringify({ a: 1 });
    const before = await db.prisma.triggerEvent.count();
    expect((await post(body)).status).toBe(401);
    expect((await post(body, { "x-switchyard-signature": "garbage" })).status).toBe(401);
    expect((await post(body, { "x-switchyard-signature": signWebhook("whsec_wrong", body, now()) })).status).toBe(401);
    const tampered = await post(JSON.stringify({ a: 2 }), signed(body));
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe("invalid_signature");
    expect(await db.prisma.triggerEvent.count()).toBe(before);
  });

  it("refuses a signature older than 5 minutes with 401", async () => {
    const body = JSON.stringify({ a: 1 });
    const response = await post(body, signed(body, {}, now() - 301));
    expect(response.status).toBe(401);
    expect(response.body.error.message).toMatch(/5 minute/);
    expect((await post(body, signed(body, {}, now() - 240))).status).toBe(202);
  });

  it("answers 404 for an unknown path", async () => {
    const body = "{}";
    const response = await post(body, signed(body), "no-such-webhook");
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("not_found");
  });

  it("answers 400 for a signed body that is not JSON", async () => {
    const body = "not json at all";
    const response = await post(body, signed(body));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_json");
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const body = JSON.stringify({ blob: "x".repeat(1024 * 1024) });
    const response = await post(body, signed(body));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("payload_too_large");
  });

  it("answers 409 for an inactive trigger", async () => {
    const off = await call(updateTrigger, {
      method: "PATCH",
      params: { slug: "test-agent", triggerId: trigger.id },
      key: org.keys.OPERATOR,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    const body = "{}";
    const response = await post(body, signed(body));
    expect(response.status).toBe(409);
    await call(updateTrigger, { method: "PATCH", params: { slug: "test-agent", triggerId: trigger.id }, key: org.keys.OPERATOR, body: { isActive: true } });
  });
});
