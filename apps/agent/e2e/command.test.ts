import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage } from "./support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

let browser: Browser;
/** One signed-in page for the whole file. */
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/command");
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function api(path: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${DEMO.apiKey}` } });
}

describe("/command", () => {
  it("shows pending approvals of every source type with the metrics header", async () => {
    await page.goto("/command");
    await page.getByTestId("review-card").first().waitFor();
    const sources = await page.getByTestId("review-card").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-source")));
    for (const source of ["workflow", "campaign", "integration", "financial"]) expect(sources).toContain(source);
    await expect(page.getByTestId("review-metrics").textContent()).resolves.toMatch(/Waiting for you\d+/);
    await page.screenshot({ path: join(RESULTS_DIR, "command.png"), fullPage: true });
  });

  it("approving the pending workflow review resumes the workflow until it completes", { timeout: 90_000 }, async () => {
    const listed = await api("/api/reviews?source=workflow&status=pending");
    expect(listed.status).toBe(200);
    const { reviews } = (await listed.json()) as { reviews: { id: string; workflowRun: { id: string } | null }[] };
    const review = reviews.find((r) => r.workflowRun);
    expect(review, "a pending workflow review in the demo organization").toBeTruthy();

    await page.goto("/command?source=workflow");
    const card = page.locator(`[data-testid="review-card"][data-review-id="${review!.id}"]`);
    await card.waitFor();
    await expect(card.getByTestId("pipeline-progress").textContent()).resolves.toMatch(/\d+ (of \d+ )?steps/);
    await card.getByLabel("Notes").fill("Reviewed in the browser test");
    // The keyboard path: focus the card itself, then "a".
    await card.focus();
    await page.keyboard.press("a");
    await card.waitFor({ state: "detached", timeout: 15_000 });

    const runId = review!.workflowRun!.id;
    const deadline = Date.now() + 60_000;
    let status = "";
    while (Date.now() < deadline) {
      const response = await api("/api/live/runs?kind=workflow&limit=100");
      const { runs } = (await response.json()) as { runs: { id: string; status: string }[] };
      status = runs.find((run) => run.id === runId)?.status ?? "";
      if (status === "COMPLETED" || status === "FAILED") break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe("COMPLETED");

    await page.goto("/command?status=approved&source=workflow");
    const decided = page.locator(`[data-testid="review-card"][data-review-id="${review!.id}"]`);
    await decided.waitFor();
    await expect(decided.getByTestId("audit-trail").textContent()).resolves.toContain("Reviewed in the browser test");

    await page.goto("/observe?kind=workflow");
    await page.locator(`tr[data-run-id="${runId}"][data-status="COMPLETED"]`).waitFor({ timeout: 15_000 });
  });
});
