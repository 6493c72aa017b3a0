import { join } from "node:path";
import { startReceiver, type Receiver } from "@switchyard/core/alerts/testing";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "@switchyard/core/triggers/signature";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage } from "./support";

// The receiver is reached as localhost, which server.ts allows (SWITCHYARD_HTTP_ALLOWED_HOSTS=localhost);
// a server given by E2E_BASE_URL must be started with that setting too.
const baseUrl = inject("baseUrl");

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${DEMO.apiKey}`, "content-type": "application/json", ...init.headers } });
}

describe("/settings/alerts", () => {
  let browser: Browser;
  let page: Page;
  let receiver: Receiver;
  const suffix = Date.now().toString(36);
  const channelName = `E2E receiver ${suffix}`;
  const ruleName = `E2E failures ${suffix}`;
  const slug = `e2e-alerting-${suffix}`;

  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await startReceiver();
    // A workflow that always fails: its http step aims at loopback, which the app refuses (only localhost is allowed in these tests).
    const created = await api("/api/workflows", {
      method: "POST",
      body: JSON.stringify({
        slug,
        name: `Alerting ${suffix}`,
        definition: { nodes: [{ id: "call", type: "tool", tool: "http", input: { url: "http://127.0.0.1:9/refused" } }] },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/settings/alerts");
  });
  afterAll(async () => {
    // Leave the shared demo organization as it was: the rule and channel go (their incidents with them).
    const rules = (await (await api("/api/alerts/rules")).json()) as { rules: { id: string; name: string }[] };
    for (const rule of rules.rules.filter((row) => row.name === ruleName)) await api(`/api/alerts/rules/${rule.id}`, { method: "DELETE" });
    const channels = (await (await api("/api/alerts/channels")).json()) as { channels: { id: string; name: string }[] };
    for (const channel of channels.channels.filter((row) => row.name === channelName)) await api(`/api/alerts/channels/${channel.id}`, { method: "DELETE" });
    await receiver?.close();
    await browser?.close();
  });

  it("creates a webhook channel and a run_failed rule, and shows the failed run's incident delivered to the receiver", { timeout: 120_000 }, async () => {
    await page.getByRole("heading", { name: "Alerts" }).waitFor();
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Alerts" }).getAttribute("aria-current")).resolves.toBe("page");

    // A channel: the secret is shown once, the target only masked.
    const channelForm = page.getByRole("form", { name: "Add a channel" });
    const channelRow = page.getByTestId(`alert-channel-${channelName}`);
    const addChannel = channelForm.getByRole("button", { name: "Add channel" });
    // The button stays off until the page has hydrated (an earlier click would submit natively).
    await expect.poll(() => addChannel.isEnabled(), { timeout: 30_000 }).toBe(true);
    await channelForm.getByLabel("Name").fill(channelName);
    await channelForm.getByLabel("URL").fill(receiver.url("/e2e-alerts/T0KEN", "localhost"));
    await addChannel.click();
    await channelRow.waitFor({ timeout: 20_000 });
    const secret = (await page.getByTestId("secret-value").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await expect(channelRow.textContent()).resolves.toContain(`http://localhost:${receiver.port}/…`);
    await expect(page.locator("body").textContent()).resolves.not.toContain("T0KEN");

    // The test button sends a signed test message and says how it went.
    await channelRow.getByRole("button", { name: "Send test" }).click();
    const testResult = channelRow.getByTestId("channel-test-result");
    await testResult.waitFor({ timeout: 20_000 });
    await expect(testResult.getAttribute("data-ok")).resolves.toBe("true");
    await expect(testResult.textContent()).resolves.toContain("HTTP 200");
    const testMessage = receiver.received.find((request) => JSON.parse(request.body).event === "alert.test");
    expect(testMessage).toBeDefined();

    // A rule on failed runs of this workflow, to that channel.
    const ruleForm = page.getByRole("form", { name: "Add a rule" });
    await ruleForm.getByLabel("Name").fill(ruleName);
    await ruleForm.getByLabel("Runs of").selectOption("workflow");
    await ruleForm.getByLabel("Only this slug (optional)").fill(slug);
    await ruleForm.getByRole("checkbox", { name: new RegExp(channelName) }).check();
    const ruleRow = page.getByTestId(`alert-rule-${ruleName}`);
    await ruleForm.getByRole("button", { name: "Add rule" }).click();
    await ruleRow.waitFor({ timeout: 20_000 });
    await expect(ruleRow.textContent()).resolves.toContain(`A workflow run of "${slug}" fails`);
    await expect(ruleRow.textContent()).resolves.toContain(`To ${channelName}`);

    // The workflow fails; its incident appears with its delivery delivered.
    const started = await api("/api/runs", { method: "POST", body: JSON.stringify({ kind: "workflow", slug, input: {} }) });
    expect(started.status, await started.clone().text()).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    const incident = page.locator('[data-testid="alert-incident"]').filter({ hasText: `Workflow "Alerting ${suffix}" failed` });
    await incident.waitFor({ timeout: 60_000 });
    const delivery = incident.getByTestId("alert-delivery");
    await expect.poll(() => delivery.getAttribute("data-status"), { timeout: 30_000 }).toBe("delivered");
    await expect(delivery.getByTestId("delivery-attempts").textContent()).resolves.toBe("1/6");
    await expect(delivery.getByTestId("delivery-status-code").textContent()).resolves.toBe("HTTP 200");
    await expect(incident.getAttribute("data-status")).resolves.toBe("open");

    // The receiver got exactly one incident for the run, signed with the secret the page showed.
    const incidents = receiver.received.filter((request) => JSON.parse(request.body).event === "alert.incident");
    expect(incidents).toHaveLength(1);
    const body = JSON.parse(incidents[0]!.body);
    expect(body).toMatchObject({ incident: { context: { runKind: "workflow", runId } }, rule: { name: ruleName, kind: "run_failed" } });
    expect(verifyWebhookSignature(secret, incidents[0]!.body, incidents[0]!.headers[SIGNATURE_HEADER] as string, new Date())).toEqual({ ok: true });
    await page.screenshot({ path: join(RESULTS_DIR, "settings-alerts.png"), fullPage: true });

    // An admin resolves it by hand: it stays listed, resolved, without the button.
    await incident.getByRole("button", { name: "Resolve" }).click();
    await expect.poll(() => incident.getAttribute("data-status"), { timeout: 15_000 }).toBe("resolved");
    await expect(incident.getByRole("button", { name: "Resolve" }).count()).resolves.toBe(0);
  });
});
