import { join } from "node:path";
import type { Browser } from "playwright-core";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage } from "./support";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const signedIn = (email: string, next: string) => signedInPage(browser, baseUrl, email, next);

describe("/godmode and /admin/ai/runtime", () => {
  it("shows workflow lifecycle events in the live feed and grouped execution trees", async () => {
    const page = await signedIn(DEMO.adminEmail, "/godmode");
    await page.getByText("Workflow started").first().waitFor({ timeout: 30_000 });
    await page.getByText("Workflow completed").first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(RESULTS_DIR, "godmode.png"), fullPage: true });

    await page.goto("/admin/ai/runtime");
    await expect(page.getByText("Not allowed").count()).resolves.toBe(0);
    await page.screenshot({ path: join(RESULTS_DIR, "admin-runtime.png"), fullPage: true });
  });

  it("refuses a viewer on /admin/ai/runtime with a clear page", async () => {
    const page = await signedIn(DEMO.viewerEmail, "/observe");
    await page.goto("/admin/ai/runtime");
    await page.getByText("Not allowed").waitFor();
    await expect(page.getByText("403 · Forbidden").count()).resolves.toBe(1);
  });
});
