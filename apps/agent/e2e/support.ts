import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { inject } from "vitest";

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
  await until(
    page,
    isOpen,
    async () => {
      if (!(await isOpen())) await toggle.click();
    },
    what,
  );
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
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/**
 * A page with the user's session, landed on `next`. The session comes from the one sign-in per user
 * that global setup makes (sign-ins are rate limited per IP); the sign-in form itself is tested in
 * observe.test.ts.
 */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, next: string): Promise<Page> {
  const cookies = inject("sessions")[email];
  if (!cookies?.length) throw new Error(`no session for ${email}: global setup signs in the demo users only`);
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto(next);
  await page.waitForURL((url) => url.pathname === new URL(next, baseUrl).pathname);
  return page;
}
