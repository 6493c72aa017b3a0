import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StalledBanner } from "./stalled-banner";

const now = Date.parse("2026-11-22T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();
const render = (run: { status: string; startedAt: string; heartbeatAt: string | null }) => renderToStaticMarkup(createElement(StalledBanner, { run, now }));

// The browser tests cannot age a heartbeat (the server owns its embedded database), so the banner
// itself is rendered here against the states the page can be in.
describe("StalledBanner", () => {
  it("warns about a running run whose heartbeat is 5 minutes old, saying how long", () => {
    const html = render({ status: "RUNNING", startedAt: ago(600_000), heartbeatAt: ago(5 * 60_000) });
    expect(html).toContain('data-testid="stalled-banner"');
    expect(html).toContain('role="alert"');
    expect(html).toContain("no heartbeat for <span>5m</span>");
  });

  it("renders nothing for a healthy running run or a finished one", () => {
    expect(render({ status: "RUNNING", startedAt: ago(600_000), heartbeatAt: ago(30_000) })).toBe("");
    expect(render({ status: "COMPLETED", startedAt: ago(600_000), heartbeatAt: ago(600_000) })).toBe("");
  });
});
