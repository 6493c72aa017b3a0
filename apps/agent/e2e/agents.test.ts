import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/agents");
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const field = (name: string) => page.locator(`[name="${name}"]`);

describe("/agents", () => {
  it("lists the demo agents with their model, risk, version and state", async () => {
    await page.goto("/agents");
    const row = page.getByTestId("agent-row-social-scout");
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Social Scout.*simulated \/ gpt-4o-mini.*Auto.*v1.*Active/);
    await page.screenshot({ path: join(RESULTS_DIR, "agents-list.png"), fullPage: true });
  });

  it("an admin creates an agent, fixes the inline errors, then edits it into version 2", async () => {
    await page.goto("/agents");
    await page.getByRole("link", { name: "New agent" }).click();
    await page.waitForURL("**/agents/new");
    // The slug follows the name once the form is live; typing before hydration would be lost.
    await until(
      page,
      async () => (await field("slug").inputValue()) === "refund-checker",
      () => field("name").fill("Refund Checker"),
      "the slug derived from the name",
    );
    await field("instructions").fill("Check whether the order qualifies for a refund and say why.");
    await page.getByLabel("echo").check();

    // Not JSON: flagged while typing, and the form cannot be sent.
    await field("inputSchema").fill('{ "type": ');
    await page.getByTestId("inputSchema-error").getByText("Not valid JSON").waitFor();
    await expect(page.getByRole("button", { name: "Create agent" }).isDisabled()).resolves.toBe(true);

    // JSON, but not a JSON Schema: the API's 400 names the field and the error shows beside it.
    await field("inputSchema").fill('{ "type": "order" }');
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByTestId("inputSchema-error").getByText("Not a valid JSON Schema").waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, "agents-new-error.png"), fullPage: true });
    expect(new URL(page.url()).pathname).toBe("/agents/new");

    await field("inputSchema").fill(JSON.stringify({ type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] }));
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.waitForURL("**/agents/refund-checker");
    await expect(page.getByTestId("agent-name").textContent()).resolves.toBe("Refund Checker");
    await page.getByTestId("agent-version-1").getByText("Created").waitFor();
    await expect(page.getByTestId("agent-version").textContent()).resolves.toBe("v1");

    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await page.waitForURL("**/agents/refund-checker/edit");
    const instructions = "Check whether the order qualifies for a refund. Quote the policy clause.";
    // Filled until the form is live: a value typed into the server-rendered textarea is reset by hydration.
    await until(
      page,
      async () => (await field("instructions").inputValue()) === instructions && (await page.getByRole("button", { name: "Save changes" }).isEnabled()),
      () => field("instructions").fill(instructions),
      "the new instructions in the live form",
    );
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL((url) => url.pathname === "/agents/refund-checker");
    const second = page.getByTestId("agent-version-2");
    await second.waitFor();
    await expect(second.textContent()).resolves.toContain("instructions");
    await expect(second.textContent()).resolves.toContain("Ada Admin");
    await expect(page.getByTestId("agent-version").textContent()).resolves.toBe("v2");
    await expect(page.getByTestId("agent-instructions").textContent()).resolves.toBe(instructions);
    await page.getByTestId("entity-recent-runs").getByText("No runs yet").waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, "agents-detail.png"), fullPage: true });

    // A run started from the page records the version it used, and its detail says so.
    const dialog = page.getByRole("dialog");
    await until(
      page,
      () => dialog.isVisible(),
      () => page.getByRole("button", { name: "Start run" }).click(),
      "the Start run dialog",
    );
    await dialog.locator("#root_orderId").fill("A-1001");
    await dialog.getByRole("button", { name: "Start run" }).click();
    await page.waitForURL("**/observe/runs/agent/**");
    await expect(page.getByTestId("run-agent-version").textContent()).resolves.toBe("v2");
    await page.screenshot({ path: join(RESULTS_DIR, "agents-run-version.png"), fullPage: true });
  });

  it("shows a viewer the definition read-only", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/agents/social-scout/edit");
    try {
      await viewer.getByText("Read-only: editing agents needs the admin role or higher.").waitFor();
      await expect(viewer.locator('[name="instructions"]').isDisabled()).resolves.toBe(true);
      await expect(viewer.getByRole("button", { name: "Save changes" }).isDisabled()).resolves.toBe(true);
      await viewer.goto("/agents");
      await expect(viewer.getByRole("button", { name: "New agent" }).isDisabled()).resolves.toBe(true);
    } finally {
      await viewer.context().close();
    }
  });
});
