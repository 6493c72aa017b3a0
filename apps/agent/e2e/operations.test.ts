import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage } from "./support";

const baseUrl = inject("baseUrl");

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${DEMO.apiKey}`, "content-type": "application/json", ...init.headers } });
}

async function runsOf(slug: string): Promise<{ id: string; status: string }[]> {
  const response = await api(`/api/live/runs?kind=workflow&search=${slug}&limit=50`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { runs: { id: string; status: string }[] }).runs;
}

describe("/settings/retention", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    // Whatever happened, the demo keeps its default retention: pruning must not eat other tests' history.
    await api("/api/organization/retention", { method: "PUT", body: JSON.stringify({ retentionDays: 30 }) });
    await browser?.close();
  });

  it("shows what a shorter retention would delete, saves it, and shows nothing once it is long enough", async () => {
    const page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/settings/retention");
    await expect.poll(() => page.getByTestId("retention-nothing").count()).toBe(1);
    // The demo holds 21 days of history: keeping 20 makes its oldest day eligible.
    await page.getByLabel("Days").fill("20");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Saved" }).count(), { timeout: 15_000 }).toBe(1);
    const settings = (await (await api("/api/organization/retention")).json()) as { retentionDays: number; willDelete: Record<string, number> };
    expect(settings.retentionDays).toBe(20);
    expect(settings.willDelete.agentRuns).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("retention-agentRuns").textContent()).toBe(settings.willDelete.agentRuns.toLocaleString("en-US"));
    await page.screenshot({ path: join(RESULTS_DIR, "settings-retention.png"), fullPage: true });

    await page.getByLabel("Days").fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("retention-nothing").count(), { timeout: 15_000 }).toBe(1);
  });
});

describe("/observe bulk actions", () => {
  let browser: Browser;
  let page: Page;
  const slug = `bulk-gate-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchChromium();
    // A workflow that waits for a human: its runs stay SUSPENDED until someone decides, so the test owns them.
    const created = await api("/api/workflows", {
      method: "POST",
      body: JSON.stringify({
        slug,
        name: `Bulk gate ${slug}`,
        definition: { version: 1, nodes: [{ id: "gate", type: "human", title: "Hold", prompt: "Hold this run" }] },
      }),
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const started = await api("/api/runs", { method: "POST", body: JSON.stringify({ kind: "workflow", slug, input: { i } }) });
      expect(started.status).toBe(202);
    }
    // expect.poll belongs to tests; setup waits by hand.
    const deadline = Date.now() + 60_000;
    while ((await runsOf(slug)).filter((run) => run.status === "SUSPENDED").length < 3) {
      if (Date.now() > deadline) throw new Error("the three gated runs did not reach SUSPENDED within 60s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    page = await signedInPage(browser, baseUrl, DEMO.adminEmail, `/observe?kind=workflow&search=${slug}`);
  });
  afterAll(async () => browser?.close());

  it("cancels every run matching the filter in one request and reports the result", async () => {
    await expect.poll(() => page.locator("tr[data-run-id]").count(), { timeout: 15_000 }).toBe(3);
    // Check one row, then widen the selection to everything the filter matches.
    await expect(page.getByTestId("select-all-runs").count()).resolves.toBe(1);
    await page.getByTestId("select-run").first().check();
    await expect.poll(() => page.getByTestId("run-bulk-count").textContent()).toBe("1 selected");
    await page.getByTestId("select-all-matching").click();
    await expect.poll(() => page.getByTestId("run-bulk-count").textContent()).toBe("All 3 runs matching this filter");
    await page.getByRole("button", { name: "Cancel runs" }).click();

    await expect.poll(() => page.getByTestId("run-bulk-notice").textContent(), { timeout: 15_000 }).toContain("Cancel requested for 3 of 3 runs.");
    await expect.poll(async () => (await runsOf(slug)).map((run) => run.status), { timeout: 15_000 }).toEqual(["CANCELLED", "CANCELLED", "CANCELLED"]);
    await expect.poll(() => page.locator('tr[data-run-id][data-status="CANCELLED"]').count(), { timeout: 15_000 }).toBe(3);
    await expect(page.getByTestId("run-bulk-bar").count()).resolves.toBe(0);
    await page.screenshot({ path: join(RESULTS_DIR, "observe-bulk-cancel.png"), fullPage: true });
  });
});

describe("/control", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    // The demo goes back to having no budget, as seeded.
    await api("/api/organization/budget", { method: "PUT", body: JSON.stringify({ monthlyBudgetUsd: null }) });
    await browser?.close();
  });

  it("shows the cockpit's tiles with the figures /api/control computes, each linking to its explanation", async () => {
    const response = await api("/api/control");
    expect(response.status).toBe(200);
    const cockpit = (await response.json()) as { health: { kind: string; successRate: number | null }[]; approvals: { pending: number }; autonomy: unknown[] };
    const page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/control");

    await expect.poll(() => page.getByTestId("health-tile").count()).toBe(5);
    const agentRate = cockpit.health.find((row) => row.kind === "agent")?.successRate ?? null;
    expect(agentRate).not.toBeNull();
    await expect
      .poll(() => page.locator('[data-testid="health-tile"][data-kind="agent"] [data-testid="health-rate"]').textContent())
      .toBe(`${agentRate?.toFixed(1)}%`);
    await expect.poll(() => page.getByTestId("approvals-pending").textContent()).toBe(String(cockpit.approvals.pending));
    expect(cockpit.autonomy.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("autonomy-row").count()).toBe(cockpit.autonomy.length);
    await page.screenshot({ path: join(RESULTS_DIR, "control.png"), fullPage: true });

    await page.getByTestId("approvals-link").click();
    await page.waitForURL((url) => url.pathname === "/command");
  });

  it("sets the monthly budget from the cost tile's link and shows the projection against it", async () => {
    const page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/control");
    await expect.poll(() => page.getByTestId("month-budget-edit").textContent()).toBe("Set a monthly budget");
    await page.getByTestId("month-budget-edit").click();
    await page.waitForURL((url) => url.pathname === "/settings/organization");

    const card = page.getByTestId("budget-card");
    await card.getByLabel("Budget (USD per month)").fill("12345.67");
    await card.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => card.getByTestId("budget-share").count(), { timeout: 15_000 }).toBe(1);
    const budget = (await (await api("/api/organization/budget")).json()) as { budgetUsd: number | null; costUsd: number };
    expect(budget).toMatchObject({ budgetUsd: 12345.67, costUsd: expect.any(Number) });
    expect(await card.getByTestId("budget-spent").textContent()).toMatch(/^\$[\d,.]+$/);
    await page.screenshot({ path: join(RESULTS_DIR, "settings-budget.png"), fullPage: true });

    await page.goto(`${baseUrl}/control`);
    await expect.poll(() => page.getByTestId("month-cost").textContent()).toContain("of a $12,345.67 budget");
    await expect.poll(() => page.getByTestId("month-budget-share").textContent()).toMatch(/^\d+%$/);
    await expect.poll(() => page.getByTestId("month-budget-edit").textContent()).toBe("Change the budget");
  });
});
