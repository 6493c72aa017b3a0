import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");

let browser: Browser;
let admin: Page;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/networks");
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("/networks", () => {
  it("creates a network with two member agents through the form, after fixing an inline error, and shows it", async () => {
    await admin.goto("/networks");
    await admin.getByTestId("networks-table").locator('[data-network="research-council"]').waitFor();
    await admin.screenshot({ path: join(RESULTS_DIR, "networks-list.png"), fullPage: true });

    await admin.getByRole("link", { name: "New network" }).click();
    await admin.waitForURL("**/networks/new");
    const form = admin.getByTestId("network-form");
    await form.locator('input[name="name"]').fill("Fact desk");
    // The slug follows the name until edited.
    await expect.poll(() => form.locator('input[name="slug"]').inputValue()).toBe("fact-desk");
    await form.locator('textarea[name="goal"]').fill("Check the claims, then write them up");
    await form.locator('textarea[name="routerInstructions"]').fill("Verify first, then write.");
    await form.locator('input[name="maxSteps"]').fill("4");
    await form.locator('select[name="members.0.agent"]').selectOption("fact-checker");
    await form.locator('input[name="members.0.role"]').fill("verification");

    // A second member row left without an agent: the API names members.1.agent and the row shows it.
    await until(
      admin,
      async () => (await form.getByTestId("member-row-1").count()) > 0,
      () => form.getByRole("button", { name: "Add member" }).click(),
      "a second member row",
    );
    await until(
      admin,
      async () => (await form.getByTestId("member-error-1").count()) > 0,
      () => form.getByRole("button", { name: "Create network" }).click(),
      "the inline error on the second member",
    );
    await expect(form.getByTestId("member-error-1").textContent()).resolves.toBe("Choose an agent");
    await expect(form.getByTestId("member-error-0").count()).resolves.toBe(0);
    await expect(form.locator('select[name="members.1.agent"]').getAttribute("aria-invalid")).resolves.toBe("true");
    await admin.screenshot({ path: join(RESULTS_DIR, "network-new-error.png"), fullPage: true });

    await form.locator('select[name="members.1.agent"]').selectOption("report-writer");
    await form.getByRole("button", { name: "Create network" }).click();
    await admin.waitForURL("**/networks/fact-desk", { timeout: 20_000 });
    const members = admin.getByTestId("network-members");
    await expect.poll(() => members.locator("li").allTextContents()).toEqual(["Fact Checker · verification", "Report Writer"]);
    await expect(admin.getByTestId("network-max-steps").textContent()).resolves.toBe("4");
    // The entity pieces are on the page: its runs, its automations and Start run.
    await admin.getByTestId("entity-recent-runs").getByText("No runs yet").waitFor();
    await admin.getByTestId("entity-automations").waitFor();
    await admin.getByRole("button", { name: "Start run" }).waitFor();
    await admin.screenshot({ path: join(RESULTS_DIR, "network-detail.png"), fullPage: true });

    await admin.goto("/networks");
    await expect(admin.locator('[data-network="fact-desk"]').textContent()).resolves.toContain("Fact Checker → Report Writer");
  });

  it("shows a viewer the definition read-only", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/networks/research-council");
    const form = viewer.getByTestId("network-form");
    await expect(form.locator('input[name="name"]').isDisabled()).resolves.toBe(true);
    await expect(form.getByRole("button", { name: "Save changes" }).isDisabled()).resolves.toBe(true);
    await expect(form.getByRole("button", { name: "Add member" }).count()).resolves.toBe(0);
    await viewer.goto("/networks");
    await expect(viewer.getByRole("button", { name: "New network" }).isDisabled()).resolves.toBe(true);
    await viewer.context().close();
  });
});

describe("/pulses", () => {
  it("edits the growth collective's evaluation cron, previews it, and the next evaluation moves", async () => {
    await admin.goto("/pulses");
    const row = admin.locator('[data-pulse="growth-collective"]');
    await row.waitFor();
    await expect(row.locator('[data-col="next"]').textContent()).resolves.toContain("22:00");
    await admin.screenshot({ path: join(RESULTS_DIR, "pulses-list.png"), fullPage: true });

    await admin.goto("/pulses/growth-collective");
    const next = admin.getByTestId("pulse-next-evaluation");
    const before = (await next.textContent()) ?? "";
    expect(before).toContain("22:00");

    const form = admin.getByTestId("pulse-form");
    const cron = form.locator('input[name="evalCronExpr"]');
    const zone = form.locator('select[name="evalTimezone"]');
    const firstRun = () => form.getByTestId("next-runs-preview").getByTestId("next-run").first().getAttribute("data-at");
    // Typing before hydration is lost: retype until the preview follows the field.
    await until(
      admin,
      async () => /T06:30:00(Z|\+00:00)$/.test((await firstRun().catch(() => null)) ?? ""),
      () => cron.fill("30 6 * * *"),
      "the preview of the new cron",
    );
    await expect(form.getByTestId("next-run").count()).resolves.toBe(5);
    // A cron the scheduler cannot take is named beside the field, and the preview empties.
    await cron.fill("30 6 * *");
    await expect.poll(() => form.locator("#evalCronExpr-error").textContent()).toContain("five fields");
    await expect(form.getByTestId("next-run").count()).resolves.toBe(0);
    await cron.fill("30 6 * * *");
    // The preview reads the slots on the chosen zone's clock.
    await zone.selectOption("Asia/Tokyo");
    await expect.poll(firstRun).toMatch(/T06:30:00\+09:00$/);
    await zone.selectOption("UTC");
    await expect.poll(firstRun).toMatch(/T06:30:00(Z|\+00:00)$/);

    await form.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => next.textContent(), { timeout: 15_000 }).toContain("06:30");
    expect(await next.textContent()).not.toBe(before);
    await expect(admin.getByTestId("pulse-cycle").textContent()).resolves.toContain("30 6 * * *");
    // The automations card follows the edit too.
    await expect.poll(() => admin.getByTestId("entity-automations").textContent(), { timeout: 15_000 }).toContain("30 6 * * * (UTC)");
    await admin.screenshot({ path: join(RESULTS_DIR, "pulse-detail.png"), fullPage: true });
  });
});
