import { describe, expect, it } from "vitest";
import { heldRunContext } from "./held-run";

describe("heldRunContext", () => {
  it("names each kind of trigger an agent review can come from", () => {
    const of = (trigger: Record<string, unknown>, source = "webhook") => heldRunContext({ input: { prompt: "go" }, source, trigger }).trigger;
    expect(of({ type: "webhook", name: "Release hook", path: "/api/webhooks/r-1" })).toBe("Webhook “Release hook”");
    expect(of({ type: "event", name: "Requested", eventName: "release.requested" }, "event")).toBe("Event release.requested (trigger “Requested”)");
    expect(of({ type: "schedule", name: "Nightly", cronExpr: "0 3 * * *", timezone: "UTC" }, "schedule")).toBe("Schedule “Nightly” (0 3 * * * UTC)");
    expect(of({ type: "manual", name: "By hand" }, "manual")).toBe("Manual execute of trigger “By hand”");
    expect(of({ type: "webhook", name: "Release hook" }, "test")).toBe("Test fire of webhook trigger “Release hook”");
    expect(of({ type: "start", id: null }, "manual")).toBe("Start run");
    expect(of({ type: "api", id: null }, "api")).toBe("Started over the API");
  });

  it("carries the input, the webhook path and the run a retry repeats", () => {
    expect(heldRunContext({ input: { prompt: "go" }, trigger: { type: "webhook", path: "/api/webhooks/r-1" } })).toMatchObject({
      input: { prompt: "go" },
      path: "/api/webhooks/r-1",
      retryOfId: null,
    });
    expect(heldRunContext({ input: {}, source: "retry", trigger: { type: "retry", retryOfId: "run_1" } })).toMatchObject({
      trigger: "Retry",
      retryOfId: "run_1",
    });
    expect(heldRunContext(null)).toMatchObject({ trigger: "unknown", input: null });
  });
});
