import type { Page } from "playwright-core";

/**
 * Does `action` (typing, clicking a pill) until the page's URL carries `key=value`. Filters update the
 * URL with history.replaceState, and an action made before React has hydrated the page has no
 * handler yet, so it is repeated rather than waited on once.
 */
export async function untilQueryParam(page: Page, key: string, value: string, action: () => Promise<void>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await action();
    const current = await page.evaluate((k) => new URL(window.location.href).searchParams.get(k), key);
    if (current === value) return;
    if (Date.now() > deadline) throw new Error(`URL never got ${key}=${value} (has ${key}=${current})`);
    await page.waitForTimeout(250);
  }
}
