import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, createInbox, headers, type Msg, type NatsConnection } from "@nats-io/transport-node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "./server";
import { launchChromium, RESULTS_DIR, until } from "./support";

// CI and the development machines run NATS with JetStream on 127.0.0.1:4222; elsewhere this file says so and skips.
const NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";
const natsProbe = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false }).then(
  async (nc) => {
    await nc.close();
    return null;
  },
  (error: Error) => error.message,
);
if (natsProbe) console.warn(`[settings-nats] NATS is not reachable at ${NATS_URL} (${natsProbe}): skipped. CI runs NATS.`);

// A server of its own with NATS_URL set (and names of this run only), over an installation made from nothing.
describe.skipIf(natsProbe !== null)("the NATS bridge of a running server", () => {
  const suffix = randomBytes(4).toString("hex");
  const names = { NATS_STREAM: `E2E_${suffix}`, NATS_DURABLE: `e2e-${suffix}`, NATS_SUBJECT_PREFIX: `e2e-${suffix}` };
  let server: AppServer;
  let browser: Browser;
  let nc: NatsConnection;
  let cookie = "";

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? "GET",
      headers: { cookie, origin: server.baseUrl, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    [server, browser, nc] = await Promise.all([
      startAppServer(join(RESULTS_DIR, "e2e-server-nats.log"), { SWITCHYARD_DEMO: "0", DATABASE_URL: "", NATS_URL, ...names }),
      launchChromium(),
      connect({ servers: NATS_URL }),
    ]);
    const owner = { ownerName: "Nat", ownerEmail: "nat@relay.test", ownerPassword: "nat-password-1" };
    const created = await fetch(`${server.baseUrl}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organizationName: "Relay", organizationSlug: "relay", ...owner }),
    });
    expect(created.status).toBe(201);
    const signIn = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.baseUrl },
      body: JSON.stringify({ email: owner.ownerEmail, password: owner.ownerPassword }),
    });
    cookie = signIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (nc) {
      await (await jetstreamManager(nc)).streams.delete(names.NATS_STREAM).catch(() => false);
      await nc.close();
    }
  });

  async function settingsPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1440, height: 900 } });
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const split = pair.indexOf("=");
        return { name: pair.slice(0, split), value: pair.slice(split + 1), url: server.baseUrl };
      }),
    );
    const page = await context.newPage();
    await page.goto("/settings/organization");
    return page;
  }

  it("is switched on in settings, then a message published to NATS fires the organization's workflow once and its run is announced", async () => {
    // The bridge starts in the background; its stream exists once it consumes.
    const jsm = await jetstreamManager(nc);
    await expect
      .poll(
        () =>
          jsm.streams.info(names.NATS_STREAM).then(
            () => true,
            () => false,
          ),
        { timeout: 60_000, interval: 250 },
      )
      .toBe(true);
    const page = await settingsPage();
    const toggle = page.getByRole("switch", { name: "NATS bridge" });
    await expect(toggle.getAttribute("aria-checked")).resolves.toBe("false");
    await expect(page.getByTestId("nats-configured").textContent()).resolves.toContain("NATS_URL is set");
    await page.getByText(`${names.NATS_SUBJECT_PREFIX}.relay.events.<eventName>`).waitFor();
    await until(
      page,
      async () => (await toggle.getAttribute("aria-checked")) === "true",
      async () => {
        if ((await toggle.getAttribute("aria-checked")) === "false" && (await toggle.isEnabled())) await toggle.click();
      },
      "the bridge switched on",
    );
    await page.reload();
    await expect(page.getByRole("switch", { name: "NATS bridge" }).getAttribute("aria-checked")).resolves.toBe("true");
    await page.screenshot({ path: join(RESULTS_DIR, "settings-organization-nats.png"), fullPage: true });
    expect((await api("/api/organization")).body.organization).toMatchObject({ slug: "relay", natsBridgeEnabled: true });

    const workflow = await api("/api/workflows", {
      method: "POST",
      body: {
        slug: "relay-order",
        name: "Relay order",
        definition: { nodes: [{ id: "echo", type: "tool", tool: "echo", input: { order: "{{ input.orderId }}" } }] },
      },
    });
    expect(workflow.status).toBe(201);
    const trigger = await api("/api/workflows/relay-order/execution-triggers", {
      method: "POST",
      body: { type: "event", name: "Orders", eventName: "order.created" },
    });
    expect(trigger.status).toBe(201);

    const prefix = `${names.NATS_SUBJECT_PREFIX}.relay`;
    const announced: { subject: string; body: { runId: string; status: string } }[] = [];
    const replies: { fired?: boolean; duplicate?: boolean }[] = [];
    const inbox = createInbox();
    nc.subscribe(`${prefix}.runs.>`, {
      callback: (_error, msg: Msg) => {
        announced.push({ subject: msg.subject, body: msg.json() });
      },
    });
    nc.subscribe(inbox, {
      callback: (_error, msg: Msg) => {
        replies.push(msg.json<{ deliveries: { fired: boolean; duplicate: boolean }[] }>().deliveries[0] ?? {});
      },
    });
    const h = headers();
    h.set("Reply-To", inbox);
    const js = jetstream(nc);
    const body = JSON.stringify({ id: "relay-1", payload: { orderId: "R1" } });
    await js.publish(`${prefix}.events.order.created`, body, { headers: h });
    await expect.poll(() => replies.length, { timeout: 30_000 }).toBe(1);
    await js.publish(`${prefix}.events.order.created`, body, { headers: h });
    await expect.poll(() => replies.length, { timeout: 30_000 }).toBe(2);
    expect(replies).toEqual([expect.objectContaining({ fired: true, duplicate: false }), expect.objectContaining({ fired: false, duplicate: true })]);

    await expect.poll(() => announced.map((message) => message.subject), { timeout: 60_000 }).toContain(`${prefix}.runs.workflow.completed`);
    const runs = await api("/api/live/runs?kind=workflow");
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.runs[0]).toMatchObject({ status: "COMPLETED", source: "event" });
    const completed = announced.filter((message) => message.subject === `${prefix}.runs.workflow.completed`);
    expect(completed.map((message) => message.body.runId)).toEqual([runs.body.runs[0].id]);
  });
});
