import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, untilQueryParam } from "./support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

let browser: Browser;
/** One signed-in page for the whole file. */
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/schedule");
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const rows = () => page.getByTestId("automation-row");

describe("/schedule", () => {
  it("sorts Social Scout to the top with the red band and its failed count", async () => {
    await page.goto("/schedule");
    const first = rows().first();
    await first.waitFor();
    await expect(first.textContent()).resolves.toContain("Social Scout");
    await expect(first.getAttribute("data-severity")).resolves.toBe("failing");
    await expect(first.evaluate((row) => row.querySelector("td")!.className)).resolves.toContain("border-l-red-500");
    const success = (await first.getByTestId("success-cell").textContent()) ?? "";
    const failed = Number(/(\d+)F/.exec(success)?.[1]);
    expect(failed).toBeGreaterThanOrEqual(100);
    await expect(page.getByTestId("card-needs-attention").textContent()).resolves.toMatch(/[1-9]/);
    await page.screenshot({ path: join(RESULTS_DIR, "schedule.png"), fullPage: true });
  });

  it("shows the 10 PM peak with its per-primitive breakdown in the density bar", async () => {
    await page.goto("/schedule");
    const slots = page.getByTestId("density-slot");
    await slots.first().waitFor();
    const counts = await slots.evaluateAll((items) => items.map((item) => Number(item.getAttribute("data-count"))));
    expect(counts).toHaveLength(24);
    expect(Math.max(...counts)).toBe(counts[22]);
    const peak = (await page.getByTestId("density-peak").textContent()) ?? "";
    expect(peak).toContain("10 PM");
    expect(peak).toMatch(/\d+ agent/);
    expect(peak).toMatch(/\d+ campaign/);
    await expect(page.getByTestId("concurrency-warning").textContent()).resolves.toContain("10 PM");
    await slots.nth(22).hover();
    await expect(slots.nth(22).getByRole("tooltip").textContent()).resolves.toMatch(/10 PM · \d+ executions/);
  });

  it("searching \"pulse\" leaves pulse automations", async () => {
    await page.goto("/schedule");
    await untilQueryParam(page, "q", "pulse", () => page.getByLabel("Search automations").fill("pulse"));
    const readRows = () => rows().evaluateAll((items) => items.map((item) => ({ primitive: item.getAttribute("data-primitive"), text: item.textContent ?? "" })));
    // The URL updates as the user types; wait for the table to settle on the final search.
    await expect.poll(async () => (await readRows()).every((row) => row.primitive === "pulse" || /pulse/i.test(row.text)), { timeout: 10_000 }).toBe(true);
    const found = await readRows();
    expect(found.some((row) => row.primitive === "pulse")).toBe(true);
  });

  it("the Campaign pill leaves only campaign automations, in the URL too", async () => {
    await page.goto("/schedule");
    await untilQueryParam(page, "primitive", "campaign", () => page.getByTestId("pill-campaign").click());
    const primitives = await rows().evaluateAll((items) => items.map((item) => item.getAttribute("data-primitive")));
    expect(primitives.length).toBeGreaterThan(0);
    expect(new Set(primitives)).toEqual(new Set(["campaign"]));
  });

  it("sets a health policy on an automation", async () => {
    await page.goto("/schedule?sort=name");
    const row = rows().filter({ hasText: "Challenge the latest synthesis" }).first();
    await row.waitFor();
    await row.getByRole("button", { name: /^Health policy of/ }).click();
    const editor = page.getByTestId("health-policy-editor");
    await editor.getByLabel("Enforce a health policy").check();
    await editor.getByLabel("Success below (%)").fill("75");
    await editor.getByLabel("Over the last (runs)").fill("20");
    await editor.getByLabel("Then").selectOption("alert");
    await editor.getByRole("button", { name: "Save policy" }).click();
    await page.getByTestId("schedule-notice").filter({ hasText: "Health policy saved" }).waitFor();
    await row.getByText("Policy 75% / 20").waitFor();
  });
});
