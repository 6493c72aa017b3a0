import type { Browser, Response as PageResponse } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, signedInPage } from "./support";

const baseUrl = inject("baseUrl");

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("the app icon", () => {
  it("is linked from every page and served, so no page load asks for a missing favicon", async () => {
    const page = await signedInPage(browser, baseUrl, DEMO.viewerEmail, "/observe");
    try {
      for (const path of ["/observe", "/schedule", "/command", "/godmode"]) {
        const failed: string[] = [];
        const onResponse = (response: PageResponse) => {
          if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
        };
        page.on("response", onResponse);
        await page.goto(path, { waitUntil: "load" });
        const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
        expect(href, path).toBeTruthy();
        const icon = await page.request.get(href!);
        expect(icon.status(), href!).toBe(200);
        expect(icon.headers()["content-type"]).toContain("image/svg+xml");
        page.off("response", onResponse);
        expect(failed, path).toEqual([]);
      }
    } finally {
      await page.context().close();
    }
  });
});

describe("API errors on the running server", () => {
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${DEMO.apiKey}`, ...init.headers } });

  it("answers an unknown /api path with the JSON 404", async () => {
    for (const path of ["/api/no-such-thing", "/api/reviews/some-id/diff/extra", "/api"]) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ error: { code: "not_found", message: `No API route at ${path}`, details: null } });
    }
  });

  it("answers a method the route does not take with the JSON 405 and Allow", async () => {
    const response = await api("/api/audit", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await response.json()).toEqual({
      error: { code: "method_not_allowed", message: "POST is not allowed on /api/audit", details: { allow: ["GET", "HEAD", "OPTIONS"] } },
    });
    const options = await api("/api/reviews", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });
});
