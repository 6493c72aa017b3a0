import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const RESULTS_DIR = fileURLToPath(new URL("../test-results", import.meta.url));
const PASSWORD = "switchyard-demo";

let browser: Browser;

/** One signed-in page per user: sign-ins are rate limited per IP (10 a minute). */
async function signedIn(email: string, next: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
  return page;
}

beforeAll(async () => {
  await mkdir(RESULTS_DIR, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("/godmode and /admin/ai/runtime", () => {
  it("shows workflow lifecycle events in the live feed and grouped execution trees", async () => {
    const page = await signedIn("admin@switchyard.local", "/godmode");
    await page.getByText("Workflow started").first().waitFor({ timeout: 30_000 });
    await page.getByText("Workflow completed").first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(RESULTS_DIR, "godmode.png"), fullPage: true });

    await page.goto("/admin/ai/runtime");
    await expect(page.getByText("Not allowed").count()).resolves.toBe(0);
    await page.screenshot({ path: join(RESULTS_DIR, "admin-runtime.png"), fullPage: true });
  });

  it("refuses a viewer on /admin/ai/runtime with a clear page", async () => {
    const page = await signedIn("viewer@switchyard.local", "/observe");
    await page.goto("/admin/ai/runtime");
    await page.getByText("Not allowed").waitFor();
    await expect(page.getByText("403 · Forbidden").count()).resolves.toBe(1);
  });
});
