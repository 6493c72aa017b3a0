import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");

interface ApiRun {
  kind: string;
  id: string;
  status: string;
}

interface ApiDetail {
  run: ApiRun & { retryOfId: string | null };
  detail: { steps: { stepId: string; status: string; name: string }[]; graph: { nodes: { id: string }[]; edges: unknown[] } | null };
}

let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/observe");
});

afterAll(async () => {
  await browser?.close();
});

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${DEMO.apiKey}`, "content-type": "application/json", ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Fires a workflow through a manual execution trigger of its own and returns that trigger's id. */
async function fireWorkflow(slug: string, payload: Record<string, unknown>): Promise<string> {
  const created = await api<{ trigger: { id: string } }>(`/api/workflows/${slug}/execution-triggers`, {
    method: "POST",
    body: JSON.stringify({ type: "manual", name: `e2e run detail ${Date.now()}` }),
  });
  expect(created.status).toBe(201);
  const fired = await api(`/api/workflows/${slug}/execution-triggers/${created.body.trigger.id}/execute`, {
    method: "POST",
    body: JSON.stringify({ payload }),
  });
  expect(fired.status).toBe(202);
  return created.body.trigger.id;
}

/** The trigger's run once `isDone` holds for it (the engine creates and runs it asynchronously). */
/**
 * Fires `slug` until its run settles in `wanted`, at most three times: the simulated agents fail a few
 * per cent of calls at random (seeded by run id), so a run with several agent calls sometimes fails.
 */
async function fireUntilStatus(slug: string, payload: Record<string, unknown>, wanted: string): Promise<ApiRun> {
  let run: ApiRun | undefined;
  for (let attempt = 0; attempt < 3 && run?.status !== wanted; attempt++) {
    const triggerId = await fireWorkflow(slug, payload);
    run = await waitForTriggerRun(triggerId, (r) => ["SUSPENDED", "COMPLETED", "FAILED"].includes(r.status), 90_000);
  }
  if (run?.status !== wanted) throw new Error(`${slug} never reached ${wanted} in three tries (last: ${run?.status})`);
  return run;
}

async function waitForTriggerRun(triggerId: string, isDone: (run: ApiRun) => boolean, timeoutMs = 60_000): Promise<ApiRun> {
  const deadline = Date.now() + timeoutMs;
  let last: ApiRun | undefined;
  while (Date.now() < deadline) {
    const { body } = await api<{ runs: ApiRun[] }>(`/api/live/runs?triggerId=${encodeURIComponent(triggerId)}`);
    last = body.runs[0];
    if (last && isDone(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the run of trigger ${triggerId} never got there (last seen: ${JSON.stringify(last)})`);
}

async function graphNodeStatuses(page: Page): Promise<Record<string, string>> {
  await page.locator('[data-testid="graph-node"]').first().waitFor({ timeout: 20_000 });
  return page.$$eval('[data-testid="graph-node"]', (nodes) =>
    Object.fromEntries(nodes.map((node) => [node.getAttribute("data-step-id"), node.getAttribute("data-status")])),
  );
}

const runPathPattern = (kind: string) => new RegExp(`^/observe/runs/${kind}/[^/]+$`);

describe("run detail", () => {
  it("opens a completed workflow run from /observe and draws its graph with every step completed", { timeout: 90_000 }, async () => {
    await admin.goto("/observe?kind=workflow&status=COMPLETED");
    // The SDLC review: five steps, two of them in parallel, one a human gate.
    const link = admin.locator('tr[data-run-kind="workflow"]').filter({ hasText: "sdlc-review" }).getByTestId("run-link").first();
    await link.waitFor();
    // Pinned by its href: the live list puts a run that just completed (the one /command approved,
    // say) on top, so "the first SDLC row" can be another run by the time of the click.
    const href = await link.getAttribute("href");
    const runId = href?.split("/").at(-1);
    // Opened by its address: a click races the live list's refetch, which re-renders the row under it.
    await admin.goto(href ?? "");
    await admin.waitForURL((url) => url.pathname === `/observe/runs/workflow/${runId}`, { timeout: 60_000 });

    const { body } = await api<ApiDetail>(`/api/runs/workflow/${runId}`);
    expect(body.run.status).toBe("COMPLETED");
    const statuses = await graphNodeStatuses(admin);
    // One node per step of the definition, each with its step's status: all completed.
    expect(Object.keys(statuses).sort()).toEqual(body.detail.graph!.nodes.map((node) => node.id).sort());
    expect(Object.fromEntries(body.detail.steps.map((step) => [step.stepId, step.status]))).toEqual(statuses);
    expect(new Set(Object.values(statuses))).toEqual(new Set(["COMPLETED"]));
    expect(await admin.locator('header [data-status="COMPLETED"]').first().textContent()).toBe("Completed");
    expect(await admin.locator(".react-flow__edge").count()).toBe(body.detail.graph!.edges.length);

    // Clicking a step shows its output beside the graph.
    const last = body.detail.steps[body.detail.steps.length - 1];
    await admin.locator(`[data-testid="graph-node"][data-step-id="${last.stepId}"]`).click();
    const panel = admin.getByTestId("step-panel");
    await expect(panel.locator("h2").textContent()).resolves.toBe(last.name);
    await expect(panel.getByRole("heading", { name: "Output", exact: true }).isVisible()).resolves.toBe(true);
    await admin.screenshot({ path: join(RESULTS_DIR, "run-detail-workflow.png") });

    await admin.getByRole("tab", { name: "Timeline" }).click();
    await admin.getByTestId("step-list").waitFor();
    expect(await admin.locator('[data-testid="step-list"] > li').count()).toBe(body.detail.steps.length);
    const states = await admin.locator('[data-testid="lifecycle"] li').evaluateAll((items) => items.map((item) => item.getAttribute("data-state")));
    expect([states[0], states[1], states[states.length - 1]]).toEqual(["queued", "started", "completed"]);
    expect(new URL(admin.url()).searchParams.get("tab")).toBe("timeline");
    await admin.screenshot({ path: join(RESULTS_DIR, "run-detail-timeline.png"), fullPage: true });
  });

  it("renders a loop's markdown artifact and its JSON evaluation, and takes feedback", { timeout: 300_000 }, async () => {
    const run = await fireUntilStatus("research-loop", { topic: "**quantum sensing** for `grid` monitoring" }, "COMPLETED");

    await admin.goto(`/observe/runs/workflow/${run.id}?tab=artifacts`);
    const markdown = admin.getByTestId("markdown");
    await markdown.waitFor();
    // The topic's markdown came through the agent's output into the artifact and is rendered, not shown raw.
    expect(await markdown.locator("strong").first().textContent()).toBe("quantum sensing");
    expect(await markdown.locator("code").first().textContent()).toBe("grid");
    expect(await markdown.textContent()).not.toContain("**");
    await admin.screenshot({ path: join(RESULTS_DIR, "run-detail-artifacts.png") });

    const json = admin.getByTestId("artifact-viewer").getByTestId("json-view");
    await until(
      admin,
      () => json.isVisible(),
      () => admin.getByTestId("artifact-item").filter({ hasText: "evaluation-1.json" }).click(),
      "the JSON artifact",
    );
    expect(await json.textContent()).toContain('"threshold": 80');

    await admin.getByRole("tab", { name: /Evaluation/ }).click();
    await expect(admin.getByTestId("evaluation").textContent()).resolves.toContain("Passed");
    await admin.getByLabel("4 stars").check({ force: true });
    await admin.getByPlaceholder("What was good or wrong about the result?").fill("Clear brief, sources checked.");
    await admin.getByRole("button", { name: "Send feedback" }).click();
    await admin.getByTestId("feedback-list").getByText("Clear brief, sources checked.").waitFor();
  });

  it("cancels a workflow run waiting for approval, then retries it into a new run", { timeout: 300_000 }, async () => {
    const run = await fireUntilStatus("sdlc-review", { title: "E2E: cancel me", severity: "LOW", files: ["src/a.ts"] }, "SUSPENDED");

    await admin.goto(`/observe/runs/workflow/${run.id}`);
    const statuses = await graphNodeStatuses(admin);
    expect(statuses).toMatchObject({
      "classify-risk": "COMPLETED",
      "analyze-codebase": "COMPLETED",
      "summarize-change": "COMPLETED",
      review: "WAITING",
      merge: "PENDING",
    });
    await admin.screenshot({ path: join(RESULTS_DIR, "run-detail-waiting.png") });

    const confirmCancel = admin.getByRole("button", { name: "Confirm cancel" });
    await until(
      admin,
      () => confirmCancel.isVisible(),
      () => admin.getByRole("button", { name: "Cancel run" }).click(),
      "the cancel confirmation",
    );
    await confirmCancel.click();
    await admin.locator('header [data-status="CANCELLED"]').waitFor();
    expect((await api<ApiDetail>(`/api/runs/workflow/${run.id}`)).body.run.status).toBe("CANCELLED");

    await admin.getByRole("button", { name: "Retry", exact: true }).click();
    await admin.waitForURL((url) => runPathPattern("workflow").test(url.pathname) && !url.pathname.endsWith(run.id));
    const retryOf = admin.getByTestId("retry-of");
    await expect(retryOf.textContent()).resolves.toContain(run.id);
    const newId = new URL(admin.url()).pathname.split("/").pop()!;
    expect((await api<ApiDetail>(`/api/runs/workflow/${newId}`)).body.run.retryOfId).toBe(run.id);
  });

  it("retries a failed agent run and lands on the new run", { timeout: 60_000 }, async () => {
    const { body } = await api<{ runs: ApiRun[] }>("/api/live/runs?kind=agent&status=FAILED&limit=1");
    const failed = body.runs[0];
    expect(failed).toBeDefined();
    await admin.goto(`/observe/runs/agent/${failed.id}`);
    await expect(admin.getByTestId("run-error").textContent()).resolves.toMatch(/\S/);
    // Retry is not safe to click twice: first prove the page is interactive by switching a tab.
    const ioTab = admin.getByRole("tab", { name: "Input & output" });
    await until(
      admin,
      async () => (await ioTab.getAttribute("aria-selected")) === "true",
      () => ioTab.click(),
      "the page to hydrate",
    );
    await admin.getByRole("button", { name: "Retry", exact: true }).click();
    await admin.waitForURL((url) => runPathPattern("agent").test(url.pathname) && !url.pathname.endsWith(failed.id));
    await expect(admin.getByTestId("retry-of").textContent()).resolves.toContain(failed.id);
  });

  it("shows a run of every other kind with its own tabs", { timeout: 60_000 }, async () => {
    const expectedTabs: Record<string, string[]> = {
      agent: ["Timeline", "Tool calls", "Artifacts", "Input & output"],
      network: ["Timeline", "Sub-runs", "Tool calls", "Artifacts", "Input & output", "Evaluation & feedback"],
      campaign: ["Timeline", "Sub-runs", "Artifacts", "Input & output"],
      pulse: ["Timeline", "Artifacts", "Rankings & actions"],
    };
    for (const [kind, tabs] of Object.entries(expectedTabs)) {
      const { body } = await api<{ runs: (ApiRun & { entity: { name: string } })[] }>(`/api/live/runs?kind=${kind}&status=COMPLETED&limit=1`);
      const run = body.runs[0];
      expect(run, kind).toBeDefined();
      await admin.goto(`/observe/runs/${kind}/${run.id}`);
      await expect(admin.getByTestId("run-title").textContent()).resolves.toBe(run.entity.name);
      const names = await admin.getByRole("tab").evaluateAll((elements) => elements.map((element) => element.firstChild?.textContent));
      expect(names, kind).toEqual(tabs);
      await admin.getByTestId("lifecycle").waitFor();
      await admin.screenshot({ path: join(RESULTS_DIR, `run-detail-${kind}.png`), fullPage: true });
    }
  });

  it("answers an unknown run with a Run not found page", async () => {
    for (const path of ["/observe/runs/workflow/no-such-run", "/observe/runs/robot/whatever"]) {
      const response = await admin.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(admin.getByTestId("run-not-found").textContent()).resolves.toContain("Run not found");
    }
    await admin.getByRole("link", { name: "Back to all runs" }).click();
    await admin.waitForURL((url) => url.pathname === "/observe");
  });

  it("shows a viewer the actions disabled, with the reason", { timeout: 60_000 }, async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/observe");
    try {
      const { body } = await api<{ runs: ApiRun[] }>("/api/live/runs?kind=workflow&status=COMPLETED&limit=1");
      await viewer.goto(`/observe/runs/workflow/${body.runs[0].id}`);
      const retry = viewer.getByRole("button", { name: "Retry", exact: true });
      await retry.waitFor();
      expect(await retry.isDisabled()).toBe(true);
      await viewer.getByLabel("Cancelling and retrying runs needs the operator role.").hover();
      await viewer.getByRole("tooltip").waitFor();
    } finally {
      await viewer.context().close();
    }
  });
});
