import { createHmac } from "node:crypto";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, RESULTS_DIR, untilQueryParam } from "./support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

const DEMO_ADMIN = { email: "admin@switchyard.local", password: "switchyard-demo" };
const DEMO_API_KEY = "sy_demo_local_only_key_do_not_use_in_production";
const DEMO_AGENT_SLUG = "social-scout";
const FINAL_ROW = 'tr[data-run-id][data-status="COMPLETED"], tr[data-run-id][data-status="FAILED"]';

let browser: Browser;
/** One signed-in session shared by the /observe tests: sign-ins are rate limited per IP (10 a minute). */
let adminSession: Awaited<ReturnType<BrowserContext["storageState"]>>;

beforeAll(async () => {
  browser = await launchChromium();

  const context = await newContext();
  const page = await context.newPage();
  await page.goto("/sign-in?next=/observe");
  await signIn(page);
  await page.waitForURL((url) => url.pathname === "/observe");
  adminSession = await context.storageState();
  await context.close();
});

afterAll(async () => {
  await browser?.close();
});

async function newContext(storageState?: typeof adminSession): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, storageState });
}

async function signIn(page: Page, password = DEMO_ADMIN.password): Promise<void> {
  await page.getByLabel("Email").fill(DEMO_ADMIN.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${DEMO_API_KEY}`, "content-type": "application/json", ...init.headers },
  });
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as a webhook sender computes it. */
function signWebhook(secret: string, rawBody: string): string {
  const timestamp = Math.floor(Date.now() / 1000);
  const digest = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return `t=${timestamp},v1=${digest}`;
}

async function waitForRunOfTrigger(triggerId: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await api(`/api/live/runs?triggerId=${encodeURIComponent(triggerId)}`);
    if (response.ok && ((await response.json()) as { runs: unknown[] }).runs.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no run for trigger ${triggerId} after ${timeoutMs / 1000}s`);
}

describe("sign-in", () => {
  it("redirects a signed-out request for any operator page to sign-in with a 307 that keeps the view", async () => {
    for (const path of [
      "/observe?status=FAILED&kind=workflow",
      "/observe/runs/workflow/any-id",
      "/schedule?view=calendar",
      "/command",
      "/godmode",
      "/admin/ai/runtime",
    ]) {
      const response = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(307);
      const location = new URL(response.headers.get("location") ?? "", baseUrl);
      expect([location.pathname, location.searchParams.get("next")], path).toEqual(["/sign-in", path]);
    }
  });

  it("sends a signed-out visitor to /sign-in and back to the same view after signing in", async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      await page.goto("/observe?status=FAILED");
      await page.waitForURL((url) => url.pathname === "/sign-in");
      expect(new URL(page.url()).searchParams.get("next")).toBe("/observe?status=FAILED");

      await signIn(page, "not-the-password");
      await expect(page.locator('form [role="alert"]').textContent()).resolves.toMatch(/\S/);
      expect(new URL(page.url()).pathname).toBe("/sign-in");

      await signIn(page);
      await page.waitForURL((url) => url.pathname === "/observe" && url.searchParams.get("status") === "FAILED");
      await expect(page.getByTestId("current-user").textContent()).resolves.toBeTruthy();
    } finally {
      await context.close();
    }
  });
});

describe("/observe", () => {
  it("shows a webhook-triggered agent run live, with its final status and cost", { timeout: 120_000 }, async () => {
    const context = await newContext(adminSession);
    const page = await context.newPage();
    try {
      const created = await api(`/api/agents/${DEMO_AGENT_SLUG}/execution-triggers`, {
        method: "POST",
        body: JSON.stringify({ type: "webhook", name: `e2e observe ${Date.now()}` }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { trigger, secret } = (await created.json()) as { trigger: { id: string; webhookPath: string }; secret: string };
      expect(secret).toBeTruthy();

      const rawBody = JSON.stringify({ event: "e2e.observe", sentAt: new Date().toISOString() });
      const webhookUrl = trigger.webhookPath.startsWith("/") ? trigger.webhookPath : `/api/webhooks/${trigger.webhookPath}`;
      const delivered = await fetch(`${baseUrl}${webhookUrl}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-switchyard-signature": signWebhook(secret, rawBody) },
        body: rawBody,
      });
      expect(delivered.status, await delivered.clone().text()).toBe(202);

      // Open the page once the run exists (the engine creates it asynchronously) and while it is
      // normally still queued or running: from there the page's own polling must carry it to the end.
      await waitForRunOfTrigger(trigger.id);
      await page.goto(`/observe?triggerId=${encodeURIComponent(trigger.id)}`);
      const firstPaintStatus = await page
        .locator("tr[data-run-id]")
        .first()
        .getAttribute("data-status", { timeout: 1_000 })
        .catch(() => "(no row yet)");
      console.log(`[e2e] run status at first paint: ${firstPaintStatus}`);
      if (firstPaintStatus === "QUEUED" || firstPaintStatus === "RUNNING") {
        await page.screenshot({ path: join(RESULTS_DIR, "observe-active.png") });
      }
      const row = page.locator(FINAL_ROW).first();
      await row.waitFor({ timeout: 60_000 });

      const runId = await row.getAttribute("data-run-id");
      const status = await row.getAttribute("data-status");
      expect(await row.locator('[data-col="status"]').textContent()).toBe(status === "COMPLETED" ? "Completed" : "Failed");
      expect((await row.locator('[data-col="name"]').textContent()) ?? "").toContain(DEMO_AGENT_SLUG);
      expect((await row.locator('[data-col="source"]').textContent())?.trim()).toBe("webhook");
      // Four decimals, or "<$0.0001" for a run that failed after a handful of tokens.
      expect((await row.locator('[data-col="cost"]').textContent())?.trim()).toMatch(/^<?\$0\.0\d{3}$/);
      await page.screenshot({ path: join(RESULTS_DIR, "observe-trigger.png"), fullPage: true });

      // The API agrees with the page about which run this trigger produced.
      const listed = await api(`/api/live/runs?triggerId=${encodeURIComponent(trigger.id)}`);
      const { runs } = (await listed.json()) as { runs: { id: string; status: string }[] };
      expect(runs.map((run) => run.id)).toContain(runId);

      // The unfiltered view lists it among the seeded demo runs.
      await page.goto("/observe");
      await page.locator(`tr[data-run-id="${runId}"]`).waitFor({ timeout: 20_000 });
    } finally {
      await context.close();
    }
  });

  it("keeps filters in the URL so a view can be shared", async () => {
    const context = await newContext(adminSession);
    const page = await context.newPage();
    try {
      await page.goto("/observe");
      await untilQueryParam(page, "status", "COMPLETED", async () => {
        await page.getByLabel("Status", { exact: true }).selectOption("COMPLETED");
      });
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll("tr[data-run-id]")];
        return rows.length > 0 && rows.every((row) => row.getAttribute("data-status") === "COMPLETED");
      });

      // A fresh load of the shared link renders the same filtered view on the server.
      await page.reload();
      expect(await page.getByLabel("Status", { exact: true }).inputValue()).toBe("COMPLETED");
      const statuses = await page.locator("tr[data-run-id]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-status")));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(["COMPLETED"]));
    } finally {
      await context.close();
    }
  });

  it("filters by kind with the pills, and by time range and search", async () => {
    const context = await newContext(adminSession);
    const page = await context.newPage();
    try {
      await page.goto("/observe");
      const kindPills = page.getByRole("radiogroup", { name: "Kind" });
      // Every kind pill carries its count, and the demo has runs of several kinds.
      await expect(kindPills.getByRole("radio", { name: /^All/ }).textContent()).resolves.toMatch(/All\s*[\d,]+/);
      await untilQueryParam(page, "kind", "workflow", async () => {
        await kindPills.getByRole("radio", { name: /Workflow/ }).click();
      });
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll("tr[data-run-id]")];
        return rows.length > 0 && rows.every((row) => row.getAttribute("data-run-kind") === "workflow");
      });
      expect(await kindPills.getByRole("radio", { name: /Workflow/ }).getAttribute("aria-checked")).toBe("true");
      // Beside a list narrowed to workflows, the other pills keep their counts.
      const pillCount = async (name: RegExp) => Number((await kindPills.getByRole("radio", { name }).textContent())?.replace(/\D/g, ""));
      expect(await pillCount(/Agent/)).toBeGreaterThan(0);
      expect(await pillCount(/^All/)).toBeGreaterThan(await pillCount(/Workflow/));
      const kinds = await page.locator("tr[data-run-id]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-run-kind")));
      expect(new Set(kinds)).toEqual(new Set(["workflow"]));
      // The cards follow the kind: every run they count is a workflow run.
      await page.waitForFunction(() => document.querySelector('[data-testid="chart-runs"]')?.textContent?.includes("By outcome"));

      // A shorter time range counts no more runs than all time.
      const allTimeRuns = Number(await page.locator('[data-metric="runs"]').getAttribute("data-value"));
      await untilQueryParam(page, "range", "24h", async () => {
        await page.getByRole("radiogroup", { name: "Time range" }).getByRole("radio", { name: "24h" }).click();
      });
      await page.waitForFunction((max) => {
        const card = document.querySelector('[data-testid="observe-metrics"]');
        const value = document.querySelector('[data-metric="runs"]')?.getAttribute("data-value");
        return card && !card.className.includes("opacity-60") && value !== null && value !== undefined && Number(value) <= max;
      }, allTimeRuns);
      expect(new URL(page.url()).searchParams.get("kind")).toBe("workflow");

      // Search is debounced into the URL and narrows the rows.
      await page.goto("/observe");
      await untilQueryParam(page, "search", "scout", async () => {
        await page.getByLabel("Search runs").fill("scout");
        await page.waitForTimeout(500);
      });
      await page.waitForFunction(() => {
        const cells = [...document.querySelectorAll('tr[data-run-id] [data-col="name"]')];
        return cells.length > 0 && cells.every((cell) => cell.textContent?.toLowerCase().includes("scout"));
      });
    } finally {
      await context.close();
    }
  });

  it("shows metric cards and charts with the demo organization's figures", async () => {
    const context = await newContext(adminSession);
    const page = await context.newPage();
    try {
      await page.goto("/observe");
      const figure = async (metric: string) => Number(await page.locator(`[data-metric="${metric}"]`).getAttribute("data-value"));
      expect(await figure("runs")).toBeGreaterThan(0);
      expect(await figure("tokens")).toBeGreaterThan(0);
      expect(await figure("cost")).toBeGreaterThan(0);
      expect(await figure("success-rate")).toBeGreaterThan(0);
      expect(await page.locator('[data-metric="cost"]').textContent()).toMatch(/\$\d/);

      // Charts render on the client once their container is measured: bars with height, an area with a shape.
      const bars = page.locator('[data-testid="chart-runs"] svg .recharts-bar-rectangle path');
      await bars.first().waitFor({ timeout: 15_000 });
      expect(await bars.count()).toBeGreaterThan(3);
      const areaShape = await page.locator('[data-testid="chart-cost"] svg path.recharts-area-area').getAttribute("d");
      expect(areaShape?.length ?? 0).toBeGreaterThan(20);
      await page.locator('[data-testid="chart-success"] svg path.recharts-line-curve').waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, "observe.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("lists the demo's trigger events with links to their runs", async () => {
    const context = await newContext(adminSession);
    const page = await context.newPage();
    try {
      await page.goto("/observe");
      await untilQueryParam(page, "tab", "triggers", async () => {
        await page.getByRole("tab", { name: "Triggers" }).click();
      });
      const rows = page.locator("tr[data-event-id]");
      await rows.first().waitFor({ timeout: 15_000 });
      expect(await rows.count()).toBeGreaterThan(5);

      // Fired deliveries link to the run they started, on the run detail page.
      const runLinks = page.locator("tr[data-event-id] a[data-run-link]");
      expect(await runLinks.count()).toBeGreaterThan(0);
      const hrefs = await runLinks.evaluateAll((links) => links.map((link) => link.getAttribute("href")));
      for (const href of hrefs) expect(href).toMatch(/^\/observe\/runs\/(agent|workflow|network|campaign)\/[^/]+$/);
      const kinds = new Set(await runLinks.evaluateAll((links) => links.map((link) => link.getAttribute("data-run-link"))));
      expect(kinds.has("agent")).toBe(true);
      expect(kinds.has("workflow") || kinds.has("network")).toBe(true);
      await page.screenshot({ path: join(RESULTS_DIR, "observe-triggers.png"), fullPage: true });

      // The feed pages by cursor: "Load more" appends the next events, none repeated.
      const firstPage = await rows.count();
      await page.getByRole("button", { name: "Load more" }).click();
      await page.waitForFunction((count) => document.querySelectorAll("tr[data-event-id]").length > count, firstPage);
      const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id")));
      expect(new Set(ids).size).toBe(ids.length);

      // A shared link opens the same tab on the server.
      await page.reload();
      await rows.first().waitFor();
      expect(await page.getByRole("tab", { name: "Triggers" }).getAttribute("aria-selected")).toBe("true");

      // "All runs of this trigger" opens the runs tab filtered by that trigger.
      const triggerLink = page.locator("a[data-trigger-runs]").first();
      const triggerId = (await triggerLink.getAttribute("data-trigger-runs"))!;
      await untilQueryParam(page, "triggerId", triggerId, async () => {
        await triggerLink.click();
      });
      expect(new URL(page.url()).searchParams.get("tab")).toBeNull();
      await page.locator("tr[data-run-id]").first().waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("trigger-filter").textContent()).toContain(triggerId);
      const listed = await api(`/api/live/runs?triggerId=${encodeURIComponent(triggerId)}&limit=200`);
      const { runs } = (await listed.json()) as { runs: { id: string }[] };
      const shown = await page.locator("tr[data-run-id]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-run-id")));
      expect(shown.length).toBeGreaterThan(0);
      for (const id of shown) expect(runs.map((run) => run.id)).toContain(id);
    } finally {
      await context.close();
    }
  });
});
