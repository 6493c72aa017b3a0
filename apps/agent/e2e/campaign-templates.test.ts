import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");
const SLUG = "launch-brief-e2e";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/campaigns");
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const field = (name: string) => page.locator(`[name="${name}"]`);

async function templateFromApi(slug: string) {
  const response = await fetch(`${baseUrl}/api/campaign-templates/${slug}`, { headers: { authorization: `Bearer ${DEMO.apiKey}` } });
  return (await response.json()).template;
}

describe("/campaigns", () => {
  it("lists the demo templates with their campaigns", async () => {
    const distiller = page.locator('[data-testid="template-row"][data-slug="knowledge-distiller"]');
    await distiller.waitFor();
    await expect(distiller.textContent()).resolves.toContain("Knowledge Distiller");
    await expect(distiller.getByTestId("campaign-count").textContent()).resolves.toMatch(/^\d+/);
    await page.screenshot({ path: join(RESULTS_DIR, "campaigns.png"), fullPage: true });

    // Its page: the planner in place of a fixed plan, its event trigger, and its campaigns as runs.
    await distiller.getByRole("link", { name: "Knowledge Distiller" }).click();
    await page.waitForURL("**/campaigns/knowledge-distiller");
    await expect(page.getByTestId("mission-plan").textContent()).resolves.toContain("No fixed plan");
    await expect(page.getByTestId("template-triggers").textContent()).resolves.toContain("news.article.published");
    await page.getByTestId("entity-recent-runs").locator("tbody tr").first().waitFor();
    await page.goto("/campaigns");
  });

  it("creates a template with a one-mission plan through the form, after an inline error", async () => {
    await page.getByRole("link", { name: "New template" }).click();
    await page.waitForURL("**/campaigns/new");
    // The slug follows the name once React runs the form, so the name is typed until it does.
    await until(
      page,
      async () => (await field("slug").inputValue()) === SLUG,
      () => field("name").fill("Launch brief e2e"),
      "the slug to follow the name",
    );
    await field("intent").fill("Brief {{ audience }} on {{ product }}");
    await page.getByRole("button", { name: "Add parameter" }).click();
    await field("parameters.0.name").fill("product");
    await field("parameters.0.default").fill("Atlas");
    await page.getByLabel("Use a fixed mission plan instead of the planner").check();
    await field("missionPlan.missions.0.name").fill("Gather");
    await field("missionPlan.missions.0.tasks.0.title").fill("Check the launch claims");
    await field("missionPlan.missions.0.tasks.0.agent").selectOption("fact-checker");
    await field("maxCostUsd").fill("2");

    // {{ audience }} is not declared: the API's 400 shows under the intent.
    await page.getByRole("button", { name: "Create template" }).click();
    const intentError = page.locator("#intent-error");
    await intentError.waitFor();
    await expect(intentError.textContent()).resolves.toBe("Placeholder {{ audience }} is not declared in parameters");
    await expect(field("intent").getAttribute("aria-invalid")).resolves.toBe("true");
    await page.screenshot({ path: join(RESULTS_DIR, "campaign-template-error.png"), fullPage: true });

    await page.getByTestId("undeclared-placeholders").getByRole("button", { name: "+ audience" }).click();
    await field("parameters.1.default").fill("engineers");
    await page.getByRole("button", { name: "Create template" }).click();
    await page.waitForURL(`**/campaigns/${SLUG}`);

    await expect(page.getByTestId("template-name").textContent()).resolves.toBe("Launch brief e2e");
    const plan = page.getByTestId("mission-plan");
    await expect(plan.textContent()).resolves.toContain("Gather");
    await expect(plan.textContent()).resolves.toContain("Check the launch claims");
    await expect(plan.textContent()).resolves.toContain("fact-checker");
    await expect(page.getByTestId("template-budget").textContent()).resolves.toContain("$2.00");
    await page.getByTestId("entity-recent-runs").getByText("No runs yet").waitFor();
    expect(await templateFromApi(SLUG)).toMatchObject({
      intent: "Brief {{ audience }} on {{ product }}",
      parameters: { product: { default: "Atlas" }, audience: { default: "engineers" } },
      missionPlan: { missions: [{ name: "Gather", tasks: [{ title: "Check the launch claims", agent: "fact-checker" }] }] },
      maxCostUsd: 2,
    });
    await page.screenshot({ path: join(RESULTS_DIR, "campaign-template-detail.png"), fullPage: true });
  });

  it("edits the template's budget on its page", async () => {
    await page.goto(`/campaigns/${SLUG}`);
    const save = page.getByRole("button", { name: "Save changes" });
    // Save is enabled only once React sees the change, so the budget is typed until it is.
    await until(
      page,
      () => save.isEnabled(),
      () => field("maxCostUsd").fill("5"),
      "the edited budget to enable Save",
    );
    await save.click();
    await page.getByTestId("template-saved").waitFor();
    await expect.poll(async () => (await templateFromApi(SLUG)).maxCostUsd).toBe(5);
    await expect.poll(() => page.getByTestId("template-budget").textContent()).toContain("$5.00");
    await page.screenshot({ path: join(RESULTS_DIR, "campaign-template-edited.png"), fullPage: true });
  });

  it("shows a viewer the definition read-only", async () => {
    const viewer = await signedInPage(browser, baseUrl, DEMO.viewerEmail, `/campaigns/${SLUG}`);
    const form = viewer.getByTestId("template-form");
    await form.waitFor();
    await expect(viewer.locator('[name="maxCostUsd"]').isDisabled()).resolves.toBe(true);
    await expect(viewer.getByRole("button", { name: "Save changes" }).isDisabled()).resolves.toBe(true);
    await viewer.goto("/campaigns");
    await expect(viewer.getByRole("button", { name: "New template" }).isDisabled()).resolves.toBe(true);
    await viewer.close();
  });
});
