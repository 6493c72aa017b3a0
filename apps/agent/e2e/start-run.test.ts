import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, openWith, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");

let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/observe");
});

afterAll(async () => {
  await browser?.close();
});

describe("Start run", () => {
  it("starts a workflow from /observe through the form generated from its input schema, and opens the run", async () => {
    const dialog = admin.getByRole("dialog", { name: "Start run" });
    await openWith(admin, admin.getByRole("button", { name: "Start run" }), () => dialog.isVisible(), "the Start run dialog");
    await dialog.getByLabel("Kind").selectOption("workflow");
    await until(
      admin,
      async () => (await dialog.getByLabel("Workflow").locator("option", { hasText: "SDLC change review" }).count()) > 0,
      async () => {},
      "the workflows to load",
    );
    await dialog.getByLabel("Workflow").selectOption("sdlc-review");

    // The schema's fields, generated: a required title, a severity choice with its default.
    const title = dialog.getByLabel(/Pull request title/);
    await expect.poll(() => title.isVisible()).toBe(true);
    // rjsf's select values are option indices: read the chosen option's label.
    expect(await dialog.getByLabel("Severity").locator("option:checked").textContent()).toBe("medium");

    // Too short: the schema's own rule stops it before anything is sent.
    await title.fill("x");
    await dialog.getByRole("button", { name: "Start run" }).click();
    await expect.poll(() => dialog.getByText(/must NOT have fewer than 3 characters/).isVisible()).toBe(true);
    await admin.screenshot({ path: join(RESULTS_DIR, "start-run-form.png") });

    await title.fill("Add rate limits to the webhook API");
    await dialog.getByLabel("Severity").selectOption({ label: "high" });
    await dialog.getByRole("button", { name: "Start run" }).click();
    await admin.waitForURL(/\/observe\/runs\/workflow\/[^/]+$/, { timeout: 15_000 });

    const runId = decodeURIComponent(new URL(admin.url()).pathname.split("/").pop() ?? "");
    const response = await fetch(`${baseUrl}/api/runs/workflow/${encodeURIComponent(runId)}`, { headers: { authorization: `Bearer ${DEMO.apiKey}` } });
    const { run, detail } = (await response.json()) as { run: { source: string }; detail: { input: Record<string, unknown> } };
    expect(run.source).toBe("manual");
    expect(detail.input).toMatchObject({ title: "Add rate limits to the webhook API", severity: "high" });
  });

  it("shows a viewer the button disabled, with the reason", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/observe");
    const button = viewer.getByRole("button", { name: "Start run" });
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await viewer.getByTestId("role-gate").getAttribute("aria-label")).toBe("Starting runs needs the operator role or higher");
  });
});
