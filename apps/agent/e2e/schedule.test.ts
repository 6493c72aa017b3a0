import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, openWith, untilQueryParam, until } from "./support";
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
/** The row of the automation with exactly this name (other rows may mention it in their dependency labels). */
const rowNamed = (name: string) => rows().filter({ has: page.getByTestId("automation-name").getByText(name, { exact: true }) });

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
    // At 1440×900 every column fits: the cost and the actions of a row are on screen, nothing scrolls sideways.
    const width = page.viewportSize()!.width;
    for (const cell of [first.getByTestId("cost-cell"), first.getByRole("button", { name: /^Archive / })]) {
      // Polled: a background refresh can re-render the row between finding the cell and measuring it.
      await expect
        .poll(async () => {
          const box = await cell.boundingBox();
          return box ? box.x + box.width : Number.POSITIVE_INFINITY;
        })
        .toBeLessThanOrEqual(width);
    }
    const overflow = await page.getByTestId("automations-table").evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(RESULTS_DIR, "schedule.png"), fullPage: true });
  });

  it("says how many finished runs each success rate is over, and breaks the run count down so it adds up", async () => {
    await page.goto("/schedule");
    await rows().first().waitFor();
    const cells = await rows().evaluateAll((list) =>
      list.map((row) => ({
        runs: Number((row.querySelector('[data-col="runs"]')?.textContent ?? "").replace(/,/g, "")),
        success: row.querySelector('[data-testid="success-cell"]')?.textContent ?? "",
      })),
    );
    for (const { runs, success } of cells) {
      if (runs === 0) expect(success).toBe("No runs");
      else if (success.startsWith("No finished runs")) expect(success).toMatch(/in progress|cancelled/);
      else expect(Number(/of ([\d,]+) finished/.exec(success)?.[1]?.replace(/,/g, ""))).toBeLessThanOrEqual(runs);
    }

    const first = rows().first();
    // A hover before hydration opens nothing: repeat it until the tooltip shows.
    await until(
      page,
      () => page.getByRole("tooltip").isVisible(),
      () => first.getByTestId("runs-count").hover(),
      "the runs breakdown tooltip",
    );
    const breakdown = (await page.getByRole("tooltip").textContent()) ?? "";
    const count = (pattern: RegExp) => Number(pattern.exec(breakdown)?.[1]?.replace(/,/g, "") ?? 0);
    const total = count(/^([\d,]+) runs?/);
    expect(total).toBe(Number((await first.getByTestId("runs-count").textContent())!.replace(/,/g, "")));
    expect(count(/([\d,]+) finished/) + count(/([\d,]+) in progress/) + count(/([\d,]+) cancelled/)).toBe(total);
    expect(count(/\(([\d,]+) failed\)/)).toBe(Number(/(\d+)F/.exec((await first.getByTestId("success-cell").textContent()) ?? "")?.[1]));
  });

  it("sorts by a column header, in the URL, and flips the direction on a second click", async () => {
    await page.goto("/schedule");
    await rows().first().waitFor();
    const nameHeader = page.getByRole("columnheader", { name: "Name" });
    const names = () => page.getByTestId("automation-name").allTextContents();
    await untilQueryParam(page, "sort", "name", () => nameHeader.getByRole("button").click());
    await expect.poll(() => nameHeader.getAttribute("aria-sort"), { timeout: 10_000 }).toBe("ascending");
    await expect
      .poll(
        async () => {
          const shown = await names();
          return shown.length > 1 && shown.every((name, i) => i === 0 || shown[i - 1]!.localeCompare(name) <= 0);
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    await nameHeader.getByRole("button").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order"), { timeout: 10_000 }).toBe("desc");
    await expect.poll(() => nameHeader.getAttribute("aria-sort"), { timeout: 10_000 }).toBe("descending");
    await expect
      .poll(
        async () => {
          const shown = await names();
          return shown.every((name, i) => i === 0 || shown[i - 1]!.localeCompare(name) >= 0);
        },
        { timeout: 10_000 },
      )
      .toBe(true);
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
    await expect(page.getByRole("tooltip").textContent()).resolves.toMatch(/10 PM · \d+ executions/);
  });

  it('searching "pulse" leaves pulse automations', async () => {
    await page.goto("/schedule");
    await untilQueryParam(page, "q", "pulse", () => page.getByLabel("Search automations").fill("pulse"));
    const readRows = () =>
      rows().evaluateAll((items) => items.map((item) => ({ primitive: item.getAttribute("data-primitive"), text: item.textContent ?? "" })));
    // The URL updates as the user types; wait for the table to settle on the final search.
    await expect.poll(async () => (await readRows()).every((row) => row.primitive === "pulse" || /pulse/i.test(row.text)), { timeout: 10_000 }).toBe(true);
    const found = await readRows();
    expect(found.some((row) => row.primitive === "pulse")).toBe(true);
  });

  it("the Campaign pill leaves only campaign automations, in the URL too", async () => {
    await page.goto("/schedule");
    await untilQueryParam(page, "primitive", "campaign", () =>
      page
        .getByRole("radiogroup", { name: "Primitive" })
        .getByRole("radio", { name: /^Campaign/ })
        .click(),
    );
    // The URL changes first; the rows follow on the next render.
    const primitives = () => rows().evaluateAll((items) => items.map((item) => item.getAttribute("data-primitive")));
    await expect.poll(async () => new Set(await primitives())).toEqual(new Set(["campaign"]));
    expect((await primitives()).length).toBeGreaterThan(0);
  });

  it("sets a health policy on an automation", async () => {
    await page.goto("/schedule?sort=name");
    const row = rowNamed("Challenge the latest synthesis");
    await row.waitFor();
    const editor = page.getByTestId("health-policy-editor");
    await openWith(page, row.getByRole("button", { name: /^Health policy of/ }), () => editor.isVisible(), "the health policy editor");
    await editor.getByLabel("Enforce a health policy").check();
    await editor.getByLabel("Success below (%)").fill("75");
    await editor.getByLabel("Over the last (runs)").fill("20");
    await editor.getByLabel("Then").selectOption("alert");
    await editor.getByRole("button", { name: "Save policy" }).click();
    await page.getByTestId("schedule-notice").filter({ hasText: "Health policy saved" }).waitFor();
    await row.getByText("Policy 75% / 20").waitFor();
  });

  it("a health policy the schedule already breaks disables it at once, with the Auto-disabled badge and the cascade named", async () => {
    await page.goto("/schedule?sort=name");
    const row = rowNamed("Social listening sweep");
    await row.waitFor();
    await expect(row.getByTestId("auto-disabled-badge").count()).resolves.toBe(0);
    const editor = page.getByTestId("health-policy-editor");
    await openWith(page, row.getByRole("button", { name: /^Health policy of/ }), () => editor.isVisible(), "the health policy editor");
    await editor.getByLabel("Success below (%)").fill("80");
    await editor.getByLabel("Over the last (runs)").fill("50");
    await editor.getByLabel("Then").selectOption("disable");
    await editor.getByRole("button", { name: "Save policy" }).click();
    // Social Scout fails about half its runs: 80 % over the last 50 is out of reach.
    const notice = page.getByTestId("schedule-notice").filter({ hasText: "auto-disabled" });
    await notice.waitFor();
    // The pulse evaluating Social Scout loses its input: the notice names it.
    await expect(notice.textContent()).resolves.toMatch(/starves 1 automation .*Evaluation Cycle/);
    await row.getByTestId("auto-disabled-badge").waitFor();
    await expect(row.getByRole("switch").getAttribute("aria-checked")).resolves.toBe("false");
  });

  it("labels dependencies and asks before disabling an automation others depend on", async () => {
    await page.goto("/schedule?sort=name");
    const row = rowNamed("Hourly trend sweep");
    await row.waitFor();
    await expect(row.getByTestId("dependency-feeds").textContent()).resolves.toMatch(/feeds .*Evaluation Cycle/);
    const pulse = rows().filter({ has: page.getByTestId("automation-name").getByText(/Evaluation Cycle$/) });
    await expect(pulse.getByTestId("dependency-after").textContent()).resolves.toMatch(/after .+\+\d+/);

    const toggle = row.getByRole("switch");
    const notice = page.getByTestId("schedule-notice");
    await openWith(page, toggle, () => notice.isVisible(), "the cascade warning");
    await expect(notice.textContent()).resolves.toMatch(/Disabling "Hourly trend sweep" starves 1 automation/);
    await notice.getByRole("button", { name: "Cancel" }).click();
    await expect(toggle.getAttribute("aria-checked")).resolves.toBe("true");
  });

  it("the week calendar shows Devil's Advocate compressed to one entry a day", async () => {
    await page.goto("/schedule");
    await untilQueryParam(page, "view", "calendar", () => page.getByTestId("tab-calendar").click());
    const advocate = page.getByTestId("calendar-compressed").filter({ hasText: "Devil's Advocate" });
    await advocate.first().waitFor();
    await expect(advocate.count()).resolves.toBe(7);
    const texts = await advocate.allTextContents();
    for (const text of texts) expect(text).toContain("Every 30 min · 48×");
    // Not one of its 336 firings this week shows as a chip of its own.
    const id = await advocate.first().getAttribute("data-automation-id");
    await expect(page.locator(`[data-testid="calendar-entry"][data-automation-id="${id}"]`).count()).resolves.toBe(0);
    // The overlay counts its firings anyway: 10 PM is the busiest hour of the day, and red.
    const tenPm = page.locator('[data-testid="calendar-hour"][data-hour="22"]').first();
    await expect(tenPm.getAttribute("data-level")).resolves.toBe("high");
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-calendar.png"), fullPage: true });

    // A click expands one day's entry into its hours (twice an hour, around the clock) and folds it back.
    const monday = advocate.first();
    const isOpen = async () => (await monday.getAttribute("aria-expanded")) === "true";
    await openWith(page, monday, isOpen, "the expanded Devil's Advocate entry");
    const hourly = page.locator(`[data-testid="calendar-expanded"][data-automation-id="${id}"]`);
    const perHour = await hourly.allTextContents();
    expect(perHour).toHaveLength(24);
    for (const text of perHour) expect(text).toMatch(/^2×/);
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-calendar-expanded.png"), fullPage: true });
    await monday.click();
    await expect.poll(() => hourly.count(), { timeout: 10_000 }).toBe(0);
  });

  it("calendar filters, colour modes and weeks live in the URL", async () => {
    await page.goto("/schedule?view=calendar");
    const legend = page.getByTestId("calendar-legend");
    await page.getByTestId("calendar-compressed").first().waitFor();
    await expect(legend.textContent()).resolves.toContain("Trend Watcher");
    await untilQueryParam(page, "color", "health", () => page.getByRole("radiogroup", { name: "Color by" }).getByRole("radio", { name: "Health" }).click());
    await expect.poll(() => legend.textContent(), { timeout: 10_000 }).toMatch(/Healthy.*Degrading.*Unstable.*Failing/);
    await expect(legend.textContent()).resolves.not.toContain("Trend Watcher");

    await untilQueryParam(page, "agent", "devils-advocate", async () => {
      await page.getByRole("combobox", { name: "Agent" }).selectOption("devils-advocate");
    });
    await expect.poll(() => page.getByTestId("calendar-entry").count(), { timeout: 10_000 }).toBe(0);
    const names = await page.getByTestId("calendar-compressed").allTextContents();
    expect(names.length).toBe(7);
    expect(names.every((name) => name.includes("Devil's Advocate"))).toBe(true);

    const label = await page.getByTestId("calendar-week").textContent();
    await page.getByRole("button", { name: "Next week" }).click();
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).searchParams.get("week")), { timeout: 10_000 }).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => page.getByTestId("calendar-week").textContent(), { timeout: 10_000 }).not.toBe(label);
    // The other filters survive the navigation.
    expect(new URL(page.url()).searchParams.get("agent")).toBe("devils-advocate");
  });

  it("archives an automation, lists it under Archived and brings it back", async () => {
    await page.goto("/schedule?sort=name");
    const row = rowNamed("Weekly digest");
    await row.waitFor();
    // Archiving is not safe to repeat (the row leaves the list), so prove the page is interactive first:
    // the health policy editor opens only once React has hydrated the table.
    const editor = page.getByTestId("health-policy-editor");
    await openWith(page, row.getByRole("button", { name: /^Health policy of/ }), () => editor.isVisible(), "the page to hydrate");
    await row.getByRole("button", { name: /^Health policy of/ }).click();
    await row.getByRole("button", { name: "Archive Weekly digest" }).click();
    await page.getByTestId("schedule-notice").filter({ hasText: 'Archived "Weekly digest"' }).waitFor();
    await expect.poll(() => rowNamed("Weekly digest").count(), { timeout: 10_000 }).toBe(0);

    await untilQueryParam(page, "view", "archived", () => page.getByTestId("tab-archived").click());
    const archived = page.getByTestId("archived-row").filter({ hasText: "Weekly digest" });
    await archived.waitFor();
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-archived.png") });
    await archived.getByRole("button", { name: "Unarchive Weekly digest" }).click();
    await expect.poll(() => page.getByTestId("archived-row").filter({ hasText: "Weekly digest" }).count(), { timeout: 10_000 }).toBe(0);

    await page.getByTestId("tab-list").click();
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).searchParams.get("view")), { timeout: 10_000 }).toBeNull();
    await rowNamed("Weekly digest").waitFor();
  });

  it("shows a viewer the toggles, health policies and archive disabled, with the reason", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/schedule");
    try {
      const toggles = viewer.getByRole("switch");
      await toggles.first().waitFor();
      expect(await toggles.count()).toBeGreaterThan(5);
      await expect(toggles.evaluateAll((nodes) => nodes.filter((node) => !(node as HTMLButtonElement).disabled).length)).resolves.toBe(0);
      const first = viewer.getByTestId("automation-row").first();
      expect(await first.getByRole("button", { name: /^Archive / }).isDisabled()).toBe(true);
      const reason = "Changing automations needs the operator role.";
      // Hovering before hydration shows nothing: hover again until the tooltip appears.
      await until(
        viewer,
        () => viewer.getByRole("tooltip").filter({ hasText: reason }).isVisible(),
        () => first.getByLabel(reason).hover(),
        "the role tooltip",
      );
      const editors = viewer.getByRole("button", { name: /^Health policy of/ });
      await expect(editors.evaluateAll((nodes) => nodes.every((node) => (node as HTMLButtonElement).disabled))).resolves.toBe(true);
    } finally {
      await viewer.context().close();
    }
  });
});
