import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RunHeader } from "./run-header";
import type { RunDetailResponse } from "./types";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

function workflowRun(trace: { traceId: string | null; traceUrl: string | null }): RunDetailResponse {
  return {
    run: {
      kind: "workflow",
      id: "run-1",
      name: "Flow",
      status: "COMPLETED",
      source: "manual",
      startedAt: "2026-12-03T10:00:00.000Z",
      completedAt: "2026-12-03T10:00:05.000Z",
      durationMs: 5_000,
      tokens: 0,
      costUsd: 0,
      triggerId: null,
      entity: { id: "workflow-1", slug: "flow", name: "Flow" },
      retryOfId: null,
      error: null,
      heartbeatAt: null,
      cancelRequestedAt: null,
      trigger: null,
      ...trace,
    },
    timeline: [],
    detail: {},
  };
}

const render = (response: RunDetailResponse) =>
  renderToStaticMarkup(<RunHeader response={response} now={Date.parse("2026-12-03T10:01:00.000Z")} actions={null} />);

describe("a run's header", () => {
  it("shows the run's trace id to copy, and links to the trace viewer when one is configured", () => {
    const linked = render(workflowRun({ traceId: TRACE_ID, traceUrl: `https://jaeger.example/trace/${TRACE_ID}` }));
    expect(linked).toContain(`data-testid="run-trace-id">${TRACE_ID}</code>`);
    expect(linked).toContain('aria-label="Copy trace id"');
    expect(linked).toContain(`href="https://jaeger.example/trace/${TRACE_ID}"`);

    const unlinked = render(workflowRun({ traceId: TRACE_ID, traceUrl: null }));
    expect(unlinked).toContain(TRACE_ID);
    expect(unlinked).not.toContain('data-testid="run-trace-link"');
  });

  it("shows no trace for a run that ran untraced", () => {
    expect(render(workflowRun({ traceId: null, traceUrl: null }))).not.toContain('data-testid="run-trace"');
  });
});
