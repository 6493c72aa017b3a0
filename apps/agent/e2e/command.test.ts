import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEMO, launchChromium, RESULTS_DIR, openWith, signedInPage, until } from "./support";
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

async function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${DEMO.apiKey}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
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

  it("pages through every decided and pending review with Load older reviews", async () => {
    const listed = await api("/api/reviews?status=all&limit=200");
    const total = ((await listed.json()) as { reviews: unknown[] }).reviews.length;
    expect(total, "the demo's three weeks of reviews fill more than one page").toBeGreaterThan(25);
    await page.goto("/command?status=all");
    const cards = page.getByTestId("review-card");
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(25);
    const loadMore = page.getByTestId("reviews-load-more");
    await until(
      page,
      async () => (await cards.count()) > 25,
      async () => {
        // Disabled while a page loads, and gone quiet once the second page is in: another click
        // would load a third page.
        if ((await cards.count()) === 25 && (await loadMore.isEnabled())) await loadMore.click();
      },
      "a second page of reviews",
    );
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(Math.min(total, 50));
    const ids = await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-review-id")));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("shows a viewer Approve and Reject disabled, with the reason", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/command");
    try {
      const card = viewer.getByTestId("review-card").first();
      await card.waitFor();
      for (const name of [/^Approve/, /^Reject/]) expect(await card.getByRole("button", { name }).isDisabled()).toBe(true);
      const reason = "Approving and rejecting needs the operator role.";
      await until(
        viewer,
        () => viewer.getByRole("tooltip").filter({ hasText: reason }).isVisible(),
        () => card.getByLabel(reason).hover(),
        "the role tooltip",
      );
      // The keyboard shortcut is off too: no decision is sent, so no refusal comes back.
      await card.focus();
      await viewer.keyboard.press("a");
      await viewer.waitForTimeout(1_000);
      expect(await card.getByRole("alert").count()).toBe(0);
    } finally {
      await viewer.context().close();
    }
  });

  it("approving the pending workflow review resumes the workflow until it completes", { timeout: 90_000 }, async () => {
    const listed = await api("/api/reviews?source=workflow&status=pending");
    expect(listed.status).toBe(200);
    const { reviews } = (await listed.json()) as { reviews: { id: string; workflowRun: { id: string } | null; hasRecordedPatch: boolean }[] };
    // The SDLC review's: a nightly workflow's gate in the last day can be pending too, with no patch.
    const review = reviews.find((r) => r.workflowRun && r.hasRecordedPatch);
    expect(review, "a pending SDLC workflow review in the demo organization").toBeTruthy();

    await page.goto("/command?source=workflow");
    const card = page.locator(`[data-testid="review-card"][data-review-id="${review!.id}"]`);
    await card.waitFor();
    await expect(card.getByTestId("pipeline-progress").textContent()).resolves.toMatch(/\d+ (of \d+ )?steps/);
    await expect(card.getByTestId("decision-timeline").textContent()).resolves.toMatch(/Requested.*Notified.*Awaiting decision/);
    // The demo has no GitHub: the diff is the patch the workflow recorded, open from the start.
    const diffToggle = card.getByRole("button", { name: "Pull request diff" });
    await openWith(page, diffToggle, async () => (await diffToggle.getAttribute("aria-expanded")) === "true", "the diff panel to open");
    const files = card.getByTestId("diff-files");
    await files.waitFor();
    const filesChanged = await card.getByTestId("files-changed").locator("li").allTextContents();
    expect(filesChanged.length).toBeGreaterThan(0);
    await expect(files.textContent()).resolves.toMatch(new RegExp(`${filesChanged.length} files? changed · \\+[1-9]\\d* −\\d+`));
    for (const file of filesChanged) await expect(files.textContent()).resolves.toContain(file);
    expect(await files.locator('[data-line-kind="add"]').count()).toBeGreaterThan(0);
    expect(await card.getByTestId("diff-unavailable").count()).toBe(0);
    await card.screenshot({ path: join(RESULTS_DIR, "command-workflow-card.png") });
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
    // The decision timeline: who approved, their notes, then what the workflow did.
    const timeline = decided.getByTestId("decision-timeline");
    await expect(timeline.locator('[data-step="decided"]').textContent()).resolves.toMatch(/Approved\s*by \S+.*Reviewed in the browser test/);
    await expect(timeline.locator('[data-step="outcome"]').textContent()).resolves.toBe("Workflow completed");
    await decided.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS_DIR, "command-decided.png") });

    await page.goto("/observe?kind=workflow");
    await page.locator(`tr[data-run-id="${runId}"][data-status="COMPLETED"]`).waitFor({ timeout: 15_000 });
  });

  it("holds a Start run of an APPROVAL_REQUIRED agent as an agent review, and one click on Approve runs it", { timeout: 90_000 }, async () => {
    const slug = `release-gate-${Date.now().toString(36)}`;
    const created = await api("/api/agents", {
      method: "POST",
      body: {
        slug,
        name: "Release Gatekeeper",
        modelName: "gpt-4o-mini",
        instructions: "Publish the release notes.",
        riskLevel: "APPROVAL_REQUIRED",
        simulation: { failureRate: 0, latencyMs: 300 },
      },
    });
    expect(created.status).toBe(201);
    const started = await api("/api/runs", { method: "POST", body: { kind: "agent", slug, input: { prompt: "Publish the notes for v2.4" } } });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    const runStatus = async () => ((await (await api(`/api/runs/agent/${runId}`)).json()) as { run: { status: string } }).run.status;
    expect(await runStatus()).toBe("SUSPENDED");

    await page.goto("/command?source=agent");
    const card = page.locator('[data-testid="review-card"][data-source="agent"]').filter({ has: page.locator(`a[href="/observe/runs/agent/${runId}"]`) });
    await card.waitFor();
    await expect(card.getByTestId("held-run-trigger").textContent()).resolves.toBe("Started over the API");
    await expect(card.getByTestId("held-run-input").textContent()).resolves.toContain("Publish the notes for v2.4");
    await expect(card.getByTestId("held-run").textContent()).resolves.toContain("suspended");
    await card.screenshot({ path: join(RESULTS_DIR, "command-agent-card.png") });

    // One click: the card leaves the pending queue once the decision is recorded.
    const approve = card.getByRole("button", { name: /^Approve/ });
    await until(
      page,
      async () => (await card.count()) === 0,
      async () => {
        if ((await card.count()) > 0 && (await approve.isEnabled())) await approve.click();
      },
      "the approved card to leave the queue",
    );
    await expect.poll(runStatus, { timeout: 60_000, interval: 500 }).toBe("COMPLETED");

    await page.goto("/command?status=approved&source=agent");
    const decided = page.locator('[data-testid="review-card"]').filter({ has: page.locator(`a[href="/observe/runs/agent/${runId}"]`) });
    await decided.waitFor();
    await expect(decided.getByTestId("decision-timeline").locator('[data-step="outcome"]').textContent()).resolves.toBe("Run completed");
    // Its audit trail: requested by the system, approved once.
    const audit = await decided.getByTestId("audit-trail").locator("li").allTextContents();
    expect(audit.map((entry) => entry.match(/(requested|approved)/)?.[1])).toEqual(["requested", "approved"]);
  });
});
