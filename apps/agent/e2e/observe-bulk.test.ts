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

describe("/observe bulk actions", () => {
  let browser: Browser;
  let page: Page;
  const slug = `bulk-gate-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchChromium();
    // A workflow that waits for a human: its runs stay SUSPENDED until someone decides, so the test owns them.
    const created = await api("/api/workflows", {
      method: "POST",
      body: JSON.stringify({ slug, name: `Bulk gate ${slug}`, definition: { version: 1, nodes: [{ id: "gate", type: "human", title: "Hold" }] } }),
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const started = await api("/api/runs", { method: "POST", body: JSON.stringify({ kind: "workflow", slug, input: { i } }) });
      expect(started.status).toBe(202);
    }
    await expect.poll(async () => (await runsOf(slug)).filter((run) => run.status === "SUSPENDED").length, { timeout: 30_000 }).toBe(3);
    page = await signedInPage(browser, baseUrl, DEMO.adminEmail, `/observe?kind=workflow&search=${slug}`);
  });
  afterAll(async () => browser?.close());

  it("cancels every run matching the filter in one request and reports the result", async () => {
    await expect.poll(() => page.locator("tr[data-run-id]").count(), { timeout: 15_000 }).toBe(3);
    // Check one row, then widen the selection to everything the filter matches.
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
