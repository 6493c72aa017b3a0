import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";

/**
 * Does `action` until `isDone()` holds. Server-rendered pages show their content before React has
 * hydrated them, and an action made before that has no handler yet, so it is repeated rather than
 * waited on once. Actions must be safe to repeat (check the control's state first if not).
 */
export async function until(page: Page, isDone: () => Promise<boolean>, action: () => Promise<void>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await action();
    // Give the action a second to show before repeating it: an effect that arrives just after a
    // check (a page of results still loading) must not be caused twice.
    for (let check = 0; check < 4; check++) {
      if (await isDone()) return;
      await page.waitForTimeout(250);
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
  }
}

/** Clicks a toggle until `isOpen()` holds, never while it is open (a repeated click would close it). */
export async function openWith(page: Page, toggle: Locator, isOpen: () => Promise<boolean>, what: string) {
  await until(page, isOpen, async () => {
    if (!(await isOpen())) await toggle.click();
  }, what);
}

/** Does `action` (typing, clicking a pill) until the page's URL carries `key=value` (filters update it). */
export async function untilQueryParam(page: Page, key: string, value: string, action: () => Promise<void>, timeoutMs = 15_000) {
  const current = () => page.evaluate((k) => new URL(window.location.href).searchParams.get(k), key);
  await until(page, async () => (await current()) === value, action, `${key}=${value} in the URL`, timeoutMs);
}

export const RESULTS_DIR = fileURLToPath(new URL("../test-results", import.meta.url));
export const DEMO = {
  adminEmail: "admin@switchyard.local",
  viewerEmail: "viewer@switchyard.local",
  password: "switchyard-demo",
  apiKey: "sy_demo_local_only_key_do_not_use_in_production",
};

/** Debian's Chromium, headless, without the background traffic a closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/**
 * A page signed in through the real form and landed on `next`. Sign-ins are rate limited per IP
 * (10 a minute), so a test file signs in once per user and reuses the page.
 */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, next: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
  return page;
}
