import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");
const slug = `e2e-editor-${Date.now().toString(36)}`;

const document = (nodes: string[]) => [`name: E2E editor ${slug}`, "description: Edited in the browser", "nodes:", ...nodes].join("\n");
const STEP = {
  collect: "  - { id: collect, type: tool, tool: echo, input: { step: collect } }",
  publish: (after: string) => `  - { id: publish, type: tool, tool: echo, dependsOn: [${after}] }`,
  summarise: "  - { id: summarise, type: transform, expression: 'steps.collect', dependsOn: [collect] }",
};

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  const created = await fetch(`${baseUrl}/api/workflows`, {
    method: "POST",
    headers: { authorization: `Bearer ${DEMO.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ slug, yaml: document([STEP.collect, STEP.publish("collect")]) }),
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

const previewSteps = (page: Page) =>
  page.locator('[data-testid="workflow-preview"] [data-testid="graph-node"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-step-id")));

/** Replaces the whole editor text, as a paste would (typing would pick up the editor's auto-indent). */
async function replaceText(page: Page, text: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

describe("the workflow editor", () => {
  it("lists a problem with its path, previews the fixed graph, and saves version 2 shown on the workflow's page", async () => {
    const page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/workflows");
    await expect.poll(() => page.locator(`[data-workflow-slug="${slug}"]`).count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`/workflows/${slug}/edit`);
    await page.locator(".cm-content").waitFor();
    await expect.poll(() => previewSteps(page), { timeout: 15_000 }).toEqual(["collect", "publish"]);

    await replaceText(page, document([STEP.collect, STEP.publish("colect")]));
    const problems = page.locator('[data-testid="workflow-problem"]');
    await expect.poll(() => problems.allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringContaining("nodes.1.dependsOn.0")]);
    expect(await problems.first().textContent()).toContain('step "publish" depends on unknown step "colect"');
    // The problem is marked in the text too, and saving waits for a valid draft.
    await expect.poll(() => page.locator(".cm-lintRange-error").count()).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: "Save version 2" }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(RESULTS_DIR, "workflow-editor-problem.png"), fullPage: true });

    await replaceText(page, document([STEP.collect, STEP.summarise, STEP.publish("summarise")]));
    await expect.poll(() => previewSteps(page), { timeout: 15_000 }).toEqual(["collect", "summarise", "publish"]);
    await expect.poll(() => problems.count()).toBe(0);
    await page.screenshot({ path: join(RESULTS_DIR, "workflow-editor-fixed.png"), fullPage: true });

    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.waitForURL((url) => url.pathname === `/workflows/${slug}`);
    await expect.poll(() => page.getByTestId("workflow-version").textContent(), { timeout: 15_000 }).toBe("Version 2");
    const versions = page.locator('[data-testid="workflow-versions"] [data-version]');
    await expect.poll(() => versions.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-version")))).toEqual(["2", "1"]);
    expect(await versions.first().textContent()).toContain("Ada Admin");
    await expect
      .poll(() =>
        page.locator('[data-testid="workflow-graph"] [data-testid="graph-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-step-id"))),
      )
      .toEqual(["collect", "summarise", "publish"]);
    await page.screenshot({ path: join(RESULTS_DIR, "workflow-detail.png"), fullPage: true });

    // Version 1 is still there to read.
    await until(
      page,
      async () => new URL(page.url()).searchParams.get("version") === "1",
      () => versions.last().click(),
      "version 1 opens",
    );
    await expect.poll(() => page.getByTestId("workflow-definition").textContent()).not.toContain("summarise");
    await page.context().close();
  });

  it("creates a workflow whose trigger block makes its schedule, then archives it, pausing the schedule first", async () => {
    const name = `E2E scheduled ${Date.now().toString(36)}`;
    const page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/workflows/new");
    await page.locator(".cm-content").waitFor();
    await replaceText(page, [`name: ${name}`, "trigger:", "  schedule: '15 3 * * *'", "  timezone: Europe/Paris", "nodes:", STEP.collect].join("\n"));
    await expect.poll(() => previewSteps(page), { timeout: 15_000 }).toEqual(["collect"]);
    await page.getByRole("button", { name: "Create workflow" }).click();
    const createdSlug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    await page.waitForURL((url) => url.pathname === `/workflows/${createdSlug}`);
    await expect.poll(() => page.getByTestId("workflow-version").textContent(), { timeout: 15_000 }).toBe("Version 1");
    const automations = page.getByTestId("entity-automations");
    await expect.poll(() => automations.textContent(), { timeout: 15_000 }).toContain(`${name} (from definition)`);
    expect(await automations.textContent()).toContain("15 3 * * * (Europe/Paris)");

    await until(
      page,
      async () => (await page.getByTestId("archive-confirm").count()) > 0,
      () => page.getByRole("button", { name: "Archive" }).click(),
      "the archive confirmation",
    );
    await page.getByTestId("archive-confirm").getByRole("button", { name: "Archive" }).click();
    await expect.poll(() => page.getByTestId("archive-confirm").textContent()).toContain(`"${name} (from definition)"`);
    await page.screenshot({ path: join(RESULTS_DIR, "workflow-archive-schedules.png"), fullPage: true });
    await page.getByRole("button", { name: "Pause schedules and archive" }).click();
    // It never ran, so it is deleted outright and the list no longer has it.
    await page.waitForURL((url) => url.pathname === "/workflows");
    await expect.poll(() => page.locator(`[data-workflow-slug="${createdSlug}"]`).count()).toBe(0);
    await page.context().close();
  });

  it("shows a viewer the definition read-only", async () => {
    const page = await signedInPage(browser, baseUrl, DEMO.viewerEmail, `/workflows/${slug}/edit`);
    await page.locator(".cm-content").waitFor();
    expect(await page.locator(".cm-content").getAttribute("contenteditable")).toBe("false");
    expect(await page.getByRole("button", { name: /^Save version/ }).isDisabled()).toBe(true);
    expect(await page.getByTestId("role-gate").first().getAttribute("aria-label")).toBe("Editing workflows needs the admin role or higher");
    await page.context().close();
  });
});
