import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, openWith, RESULTS_DIR, signedInPage, until, untilQueryParam } from "./support";

const baseUrl = inject("baseUrl");

let browser: Browser;
let page: Page;
/** Everything this file creates, archived again at the end so the other files see the demo as seeded. */
const created: string[] = [];

// A new agent, created through its form by the first test: the path a new organization takes.
const AGENT = { slug: "release-notes-writer", name: "Release Notes Writer" };
const NAME = "E2E release notes every minute";

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/schedule");
}, 60_000);

afterAll(async () => {
  for (const id of created) await page?.request.delete(`/api/schedules/${id}`);
  await page?.request.delete(`/api/agents/${AGENT.slug}?cascade=pause`);
  await browser?.close();
});

const rowNamed = (name: string) => page.getByTestId("automation-row").filter({ has: page.getByTestId("automation-name").getByText(name, { exact: true }) });
const nextRunOf = (name: string) => rowNamed(name).locator('[data-col="nextRun"]').getAttribute("data-next-run-at");
const previewRuns = (scope: ReturnType<Page["getByTestId"]>) =>
  scope.getByTestId("next-run").evaluateAll((items) => items.map((item) => item.getAttribute("data-at") ?? ""));

async function scheduleIdNamed(name: string): Promise<string> {
  const response = await page.request.get(`/api/schedules?entityType=agent&entitySlug=${AGENT.slug}&limit=200`);
  const { schedules } = (await response.json()) as { schedules: { id: string; name: string }[] };
  const found = schedules.find((schedule) => schedule.name === name);
  if (!found) throw new Error(`no schedule named ${name}`);
  return found.id;
}

describe("/schedule: creating and editing schedules", () => {
  it("creates an agent, schedules it every minute in Kathmandu through the form; it fires on the next tick with the agent's version, and an inline cron edit moves its next run", async () => {
    await page.goto("/agents/new");
    // Filled until the form is live: typing before hydration would be lost.
    await until(
      page,
      async () => (await page.locator('[name="slug"]').inputValue()) === AGENT.slug,
      () => page.locator('[name="name"]').fill(AGENT.name),
      "the slug derived from the name",
    );
    await page.locator('[name="instructions"]').fill("Write the release notes for the topic in the input.");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.waitForURL(`**/agents/${AGENT.slug}`);

    await page.goto("/schedule");
    const form = page.getByTestId("new-schedule-form");
    await openWith(page, page.getByRole("button", { name: "New schedule" }), () => form.isVisible(), "the new schedule form");

    await form.getByLabel("Kind").selectOption("agent");
    await form.getByLabel("Agent").selectOption({ label: AGENT.name });
    await form.getByLabel("Name").fill(NAME);
    const cron = form.getByLabel("Cron expression");
    // A bad cron is named beside its field before anything is sent.
    await cron.fill("61 * * * *");
    await form.getByText(/Invalid cron expression: .*0-59/).waitFor();
    await cron.fill("* * * * *");
    await form.getByLabel("Time zone").selectOption("Asia/Kathmandu");
    // The preview lists five runs a minute apart, on Kathmandu's clock (UTC+05:45).
    await expect
      .poll(async () => {
        const runs = await previewRuns(form);
        return runs.length === 5 && runs.every((run, i) => run.endsWith("+05:45") && (i === 0 || Date.parse(run) - Date.parse(runs[i - 1]!) === 60_000));
      })
      .toBe(true);
    await form.getByLabel("Input (JSON)").fill('{ "topic": "release notes" }');
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-new.png") });
    await form.getByRole("button", { name: "Create schedule" }).click();

    await page
      .getByTestId("schedule-notice")
      .filter({ hasText: `Created "${NAME}"` })
      .waitFor();
    const row = rowNamed(NAME);
    await row.waitFor();
    created.push(await scheduleIdNamed(NAME));
    await expect(row.locator('[data-col="schedule"]').textContent()).resolves.toBe("Every minute");
    const firstSlot = Date.parse((await nextRunOf(NAME)) ?? "");
    expect(firstSlot - Date.now()).toBeLessThanOrEqual(60_000);

    // The scheduler ticks every minute; the list refreshes every 15 seconds.
    await expect.poll(() => row.getByTestId("last-run-dot").count(), { timeout: 120_000, interval: 2_000 }).toBe(1);

    // The run is on /observe, and its detail names the agent version it used.
    const observe = await page.context().newPage();
    await observe.goto(`/observe?kind=agent&search=${AGENT.slug}`);
    const runLink = observe.getByTestId("run-link").filter({ hasText: AGENT.name }).first();
    await expect.poll(() => runLink.count(), { timeout: 15_000 }).toBe(1);
    // The live list re-renders as runs arrive: open the run it showed by its address.
    await observe.goto((await runLink.getAttribute("href")) ?? "");
    await expect(observe.getByTestId("run-agent-version").textContent()).resolves.toBe("v1");
    await observe.close();

    const editor = page.getByTestId("schedule-timing-editor");
    await openWith(page, row.getByRole("button", { name: `Edit schedule of ${NAME}` }), () => editor.isVisible(), "the schedule editor");
    await editor.getByLabel("Cron expression").fill("30 9 * * *");
    await expect.poll(async () => (await previewRuns(editor))[0] ?? "").toMatch(/T09:30:00\+05:45$/);
    const previewedNext = (await previewRuns(editor))[0]!;
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-inline-edit.png") });
    await editor.getByRole("button", { name: "Save schedule" }).click();

    await page
      .getByTestId("schedule-notice")
      .filter({ hasText: `Saved "${NAME}"` })
      .waitFor();
    // The next run moved to the previewed one: 09:30 in Kathmandu.
    await expect.poll(async () => Date.parse((await nextRunOf(NAME)) ?? ""), { timeout: 15_000 }).toBe(Date.parse(previewedNext));
    await expect(row.locator('[data-col="schedule"]').textContent()).resolves.toBe("Daily at 9:30 AM");
  }, 180_000);

  it("selects every schedule shown and pauses them in one request, with a summary", async () => {
    for (const name of ["E2E bulk alpha", "E2E bulk beta"]) {
      const response = await page.request.post("/api/schedules", {
        data: { entity: { type: "agent", slug: AGENT.slug }, name, cronExpr: "0 */6 * * *", timezone: "Europe/Paris" },
      });
      expect(response.status()).toBe(201);
      created.push(((await response.json()) as { schedule: { id: string } }).schedule.id);
    }
    await page.goto("/schedule");
    await untilQueryParam(page, "q", "E2E bulk", () => page.getByLabel("Search automations").fill("E2E bulk"));
    await expect.poll(() => page.getByTestId("automation-row").count(), { timeout: 15_000 }).toBe(2);

    const selectAll = page.getByTestId("select-all-schedules");
    await until(
      page,
      () => page.getByTestId("bulk-bar").isVisible(),
      () => selectAll.check(),
      "the bulk bar",
    );
    await expect(page.getByTestId("bulk-count").textContent()).resolves.toBe("2 selected");
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-bulk-selected.png") });
    await page.getByTestId("bulk-bar").getByRole("button", { name: "Pause" }).click();

    await page.getByTestId("schedule-notice").filter({ hasText: "Paused 2 schedules." }).waitFor();
    await expect.poll(() => page.getByTestId("bulk-bar").count()).toBe(0);
    for (const name of ["E2E bulk alpha", "E2E bulk beta"]) {
      await expect.poll(() => rowNamed(name).getByRole("switch").getAttribute("aria-checked"), { timeout: 15_000 }).toBe("false");
    }
    for (const id of created.slice(-2)) {
      const { schedule } = (await (await page.request.get(`/api/schedules/${id}`)).json()) as { schedule: { isActive: boolean; nextRunAt: string | null } };
      expect(schedule).toMatchObject({ isActive: false, nextRunAt: null });
    }
    await page.screenshot({ path: join(RESULTS_DIR, "schedule-bulk-paused.png") });
  });

  it("shows a viewer no New schedule it could use and no bulk checkboxes", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/schedule");
    try {
      const button = viewer.getByRole("button", { name: "New schedule" });
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      await viewer.getByTestId("automation-row").first().waitFor();
      expect(await viewer.getByTestId("select-automation").count()).toBe(0);
      const edits = viewer.getByRole("button", { name: /^Edit schedule of/ });
      expect(await edits.count()).toBeGreaterThan(0);
      await expect(edits.evaluateAll((nodes) => nodes.every((node) => (node as HTMLButtonElement).disabled))).resolves.toBe(true);
    } finally {
      await viewer.context().close();
    }
  });
});
