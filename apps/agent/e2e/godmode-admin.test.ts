import { createHmac } from "node:crypto";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, untilQueryParam } from "./support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const signedIn = (email: string, next: string) => signedInPage(browser, baseUrl, email, next);

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${DEMO.apiKey}`, "content-type": "application/json", ...init.headers } });
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as a webhook sender computes it. */
function signWebhook(secret: string, rawBody: string): string {
  const timestamp = Math.floor(Date.now() / 1000);
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
}

const PIPELINE_NODES = [
  { id: "shape", type: "transform", expression: '{"event": input.event}' },
  { id: "publish", type: "tool", tool: "echo", input: { event: "{{ steps.shape.event }}" }, dependsOn: ["shape"] },
];

/** A workflow with no agent step (so no simulated model failure) and a webhook trigger for it. */
async function createWebhookWorkflow(
  name = "E2E webhook pipeline",
  nodes: unknown[] = PIPELINE_NODES,
): Promise<{ webhookUrl: string; secret: string; triggerId: string }> {
  const slug = `e2e-godmode-${Date.now()}`;
  const created = await api("/api/workflows", { method: "POST", body: JSON.stringify({ slug, name, definition: { nodes } }) });
  expect(created.status, await created.clone().text()).toBe(201);
  const trigger = await api(`/api/workflows/${slug}/execution-triggers`, {
    method: "POST",
    body: JSON.stringify({ type: "webhook", name: "E2E godmode webhook" }),
  });
  expect(trigger.status, await trigger.clone().text()).toBe(201);
  const body = (await trigger.json()) as { trigger: { id: string; webhookPath: string }; secret: string };
  const webhookUrl = body.trigger.webhookPath.startsWith("/") ? body.trigger.webhookPath : `/api/webhooks/${body.trigger.webhookPath}`;
  return { webhookUrl, secret: body.secret, triggerId: body.trigger.id };
}

async function fireWebhook(webhookUrl: string, secret: string): Promise<void> {
  const rawBody = JSON.stringify({ event: "e2e.godmode", sentAt: new Date().toISOString() });
  const delivered = await fetch(`${baseUrl}${webhookUrl}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-switchyard-signature": signWebhook(secret, rawBody) },
    body: rawBody,
  });
  expect(delivered.status, await delivered.clone().text()).toBe(202);
}

/** The trigger's workflow run once it has reached one of `statuses` (by default: finished). */
async function runOfTrigger(triggerId: string, statuses = ["COMPLETED", "FAILED"], timeoutMs = 60_000): Promise<{ id: string; status: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await api(`/api/live/runs?triggerId=${encodeURIComponent(triggerId)}`);
    const { runs } = (await response.json()) as { runs: { id: string; status: string }[] };
    const run = runs[0];
    if (run && statuses.includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no ${statuses.join(" or ")} run for trigger ${triggerId}`);
}

/** Clicks until the pause button says `pressed` (a click before hydration has no handler yet). */
async function setPaused(page: Page, pressed: boolean) {
  const button = page.getByTestId("feed-pause");
  for (let attempt = 0; attempt < 20 && (await button.getAttribute("aria-pressed")) !== String(pressed); attempt++) {
    if (attempt > 0) await page.waitForTimeout(250);
    await button.click();
    await page.waitForTimeout(100);
  }
  expect(await button.getAttribute("aria-pressed")).toBe(String(pressed));
}

const HYDRATION_ERROR = /hydrat|react\.dev\/errors\/(418|423|425)\b|React error #(418|423|425)\b/i;

/**
 * The hydration errors React reports while `path` loads with its scripts held back 5.5 s: past the
 * 5 s of "just now", so a relative time the browser computed from its own clock would differ from the
 * server's text ("just now" against "5s ago").
 */
async function hydrationErrorsOn(path: string): Promise<string[]> {
  const page = await signedIn(DEMO.adminEmail, path);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    await route.continue();
  });
  await page.reload({ waitUntil: "load" });
  // Hydration runs once the held-back scripts have loaded; give it a moment to report.
  await page.waitForTimeout(1_500);
  await page.close();
  return errors.filter((error) => HYDRATION_ERROR.test(error));
}

describe("/godmode and /admin/ai/runtime", () => {
  it("renders relative times from the server's clock until hydrated: no hydration mismatch on the pages that show them", { timeout: 120_000 }, async () => {
    for (const path of ["/admin/ai/runtime", "/godmode", "/observe", "/schedule"]) {
      expect({ path, errors: await hydrationErrorsOn(path) }).toEqual({ path, errors: [] });
    }
  });

  it("shows workflow lifecycle events on /godmode, and runtime health, older events and the layer filter on /admin/ai/runtime", async () => {
    // Workflow events only: unfiltered, the newest page of the demo's feed may hold no completion.
    const page = await signedIn(DEMO.adminEmail, "/godmode?type=workflows");
    await page.getByText("Workflow started").first().waitFor({ timeout: 30_000 });
    await page.getByText("Workflow completed").first().waitFor({ timeout: 30_000 });

    await page.goto("/admin/ai/runtime");
    await expect(page.getByText("Not allowed").count()).resolves.toBe(0);
    await page.screenshot({ path: join(RESULTS_DIR, "admin-runtime.png"), fullPage: true });

    // Health cards: the server's own local worker has reported, and nothing has opened a breaker.
    await expect(page.getByTestId("runtime-workers").textContent()).resolves.toMatch(/local:/);
    await expect(page.getByTestId("runtime-breakers").textContent()).resolves.toContain("All closed");

    // Older events come by cursor, below the newest page (over all time: the demo's history is older than 24 h).
    await untilQueryParam(page, "range", "all", async () => {
      await page.getByLabel("Time range").selectOption("all");
    });
    const eventRows = page.getByTestId("runtime-events").locator("tbody tr");
    await expect.poll(() => eventRows.count(), { timeout: 10_000 }).toBe(100);
    const firstPage = await eventRows.count();
    await page.getByRole("button", { name: "Load older events" }).click();
    await expect.poll(() => eventRows.count(), { timeout: 10_000 }).toBeGreaterThan(firstPage);

    // The layer filter lands in the URL and narrows the stream to that layer.
    await untilQueryParam(page, "layer", "worker", async () => {
      await page.getByLabel("Layer").selectOption("worker");
    });
    await expect
      .poll(async () => [...new Set(await page.getByTestId("runtime-events").locator("tbody tr td:nth-child(2)").allTextContents())], { timeout: 10_000 })
      .toEqual(["worker"]);
  });

  it("pauses the live feed, then on resume shows a webhook-fired workflow's STARTED and COMPLETED events and its completed tree", {
    timeout: 120_000,
  }, async () => {
    const { webhookUrl, secret, triggerId } = await createWebhookWorkflow();
    const page = await signedIn(DEMO.adminEmail, "/godmode");
    await page.getByTestId("activity-feed").waitFor();
    // The health bar is coloured by the shared severity bands from exact 24 h counts.
    expect(["healthy", "degrading", "unstable", "failing"]).toContain(await page.getByTestId("system-health").getAttribute("data-severity"));
    await setPaused(page, true);
    await expect(page.getByText("Paused", { exact: true }).count()).resolves.toBe(1);

    await fireWebhook(webhookUrl, secret);
    const run = await runOfTrigger(triggerId);
    expect(run.status).toBe("COMPLETED");
    const rowsOfRun = page.locator(`[data-testid="activity-feed"] li[data-workflow-run-id="${run.id}"]`);
    // Well past the 3 s poll: nothing of the new run may appear while paused.
    await page.waitForTimeout(4_500);
    await expect(rowsOfRun.count()).resolves.toBe(0);

    await setPaused(page, false);
    const started = page.locator(`[data-testid="activity-feed"] li[data-workflow-run-id="${run.id}"][data-event-type="WORKFLOW_STARTED"]`);
    const completed = page.locator(`[data-testid="activity-feed"] li[data-workflow-run-id="${run.id}"][data-event-type="WORKFLOW_COMPLETED"]`);
    await started.waitFor({ timeout: 15_000 });
    await completed.waitFor({ timeout: 15_000 });
    await expect(started.textContent()).resolves.toContain("Workflow started");
    await expect(completed.textContent()).resolves.toContain("Workflow completed");
    // Each event links to the run's detail page.
    await expect(completed.getByRole("link").getAttribute("href")).resolves.toBe(`/observe/runs/workflow/${run.id}`);

    // The run's execution tree: one completed run, not its STARTED event counted as "running".
    const group = page.locator(`[data-testid="execution-groups"] li[data-group-key="${run.id}"]`);
    await group.waitFor({ timeout: 15_000 });
    await expect(group.getAttribute("data-group-status")).resolves.toBe("completed");
    const stats = (await group.getByTestId("group-stats").textContent()) ?? "";
    expect(stats).toContain("Completed");
    expect(stats).toMatch(/(?<!\d)1 run(?!s)/);
    expect(stats).toContain("2 events");
    expect(stats).not.toMatch(/running/i);
    await page.screenshot({ path: join(RESULTS_DIR, "godmode.png"), fullPage: true });

    // The tree opens the trace-chain inspector: the workflow run and its steps, with a link to the run.
    await group.locator('button[title="Open the chain inspector"]').click();
    const inspector = page.getByRole("dialog");
    await inspector.getByRole("list", { name: "Workflow trace" }).getByRole("listitem").first().waitFor({ timeout: 15_000 });
    await expect(inspector.getByRole("heading").first().textContent()).resolves.toBe("Workflow trace");
    await expect(inspector.getByRole("link", { name: "Open run details" }).getAttribute("href")).resolves.toBe(`/observe/runs/workflow/${run.id}`);
    expect(new URL(page.url()).searchParams.get("chain")).toBe(`workflow:${run.id}`);
    await page.screenshot({ path: join(RESULTS_DIR, "godmode-chain.png") });
    await page.keyboard.press("Escape");
    await inspector.waitFor({ state: "detached" });

    // The Workflows filter keeps the run; its tree opens to both lifecycle events.
    await untilQueryParam(page, "type", "workflows", () => page.getByRole("radio", { name: "Workflows" }).click());
    const filteredGroup = page.locator(`[data-testid="execution-groups"] li[data-group-key="${run.id}"][data-group-status="completed"]`);
    await filteredGroup.waitFor({ timeout: 15_000 });
    await filteredGroup.getByRole("button", { name: "Show events" }).click();
    await filteredGroup.locator('li[data-event-type="WORKFLOW_STARTED"]').waitFor();
    await filteredGroup.locator('li[data-event-type="WORKFLOW_COMPLETED"]').waitFor();
    await page.locator('[data-testid="activity-feed"][aria-busy="false"]').waitFor({ timeout: 15_000 });
    const otherTypes = await page
      .locator('[data-testid="activity-feed"] li[data-event-type]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-event-type")));
    expect(otherTypes.length).toBeGreaterThan(0);
    for (const type of otherTypes) expect(type).toMatch(/^WORKFLOW_/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(RESULTS_DIR, "godmode-grouped.png") });

    // Older events page in below the newest ones.
    const feedRows = page.locator('[data-testid="activity-feed"] li[data-event-type]');
    const firstPage = await feedRows.count();
    await page.getByTestId("feed-load-more").click();
    await expect.poll(() => feedRows.count(), { timeout: 10_000 }).toBeGreaterThan(firstPage);
  });

  it("shows a cancelled workflow's tree as cancelled, with its WORKFLOW_CANCELLED event under the Workflows filter", { timeout: 120_000 }, async () => {
    const hold = [{ id: "hold", type: "human", title: "E2E hold", prompt: "Wait here until cancelled" }];
    const { webhookUrl, secret, triggerId } = await createWebhookWorkflow("E2E cancelled pipeline", hold);
    await fireWebhook(webhookUrl, secret);
    const run = await runOfTrigger(triggerId, ["SUSPENDED"]);
    const cancelled = await api(`/api/runs/workflow/${run.id}/cancel`, { method: "POST" });
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);

    const page = await signedIn(DEMO.adminEmail, "/godmode");
    await page.goto("/godmode?type=workflows");
    const group = page.locator(`[data-testid="execution-groups"] li[data-group-key="${run.id}"]`);
    await group.waitFor({ timeout: 15_000 });
    await expect(group.getAttribute("data-group-status")).resolves.toBe("cancelled");
    await expect(group.getByTestId("group-status").textContent()).resolves.toBe("Cancelled");
    const event = page.locator(`[data-testid="activity-feed"] li[data-workflow-run-id="${run.id}"][data-event-type="WORKFLOW_CANCELLED"]`);
    await event.waitFor({ timeout: 15_000 });
    await expect(event.textContent()).resolves.toContain("Workflow cancelled");
    await page.screenshot({ path: join(RESULTS_DIR, "godmode-cancelled.png") });
  });

  it("lists the task of a failed workflow run as failed, with the run's error and links to the run and the task's events", { timeout: 90_000 }, async () => {
    // The default outbound policy refuses loopback, so the run fails while its job completes.
    const refused = [{ id: "call", type: "tool", tool: "http", input: { url: "http://127.0.0.1:9/refused" } }];
    const { webhookUrl, secret, triggerId } = await createWebhookWorkflow("E2E refused pipeline", refused);
    await fireWebhook(webhookUrl, secret);
    const run = await runOfTrigger(triggerId);
    expect(run.status).toBe("FAILED");

    const page = await signedIn(DEMO.adminEmail, "/admin/ai/runtime");
    const row = page
      .getByTestId("runtime-tasks")
      .locator("tbody tr")
      .filter({ has: page.locator(`a[href="/observe/runs/workflow/${run.id}"]`) });
    await row.waitFor({ timeout: 15_000 });
    await expect(row.getAttribute("data-outcome")).resolves.toBe("FAILED");
    await expect(row.getByTestId("task-outcome").textContent()).resolves.toBe("failed");
    await expect(row.getByTestId("task-reason").textContent()).resolves.toMatch(/^Step "call" failed: .*refused/);
    await expect(row.getByRole("link", { name: /Events/ }).count()).resolves.toBe(1);
  });

  it("refuses a viewer on /admin/ai/runtime with a clear page", async () => {
    const page = await signedIn(DEMO.viewerEmail, "/observe");
    await page.goto("/admin/ai/runtime");
    await page.getByText("Not allowed").waitFor();
    await expect(page.getByText("403 · Forbidden").count()).resolves.toBe(1);
  });
});
