import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TimelineTab } from "./timeline-tab";
import type { AgentDetail, RunDetailResponse } from "./types";

const at = (second: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, second)).toISOString();

function agentRun(detail: Partial<AgentDetail>): RunDetailResponse {
  const base: AgentDetail = {
    input: {},
    output: null,
    model: { provider: "external", name: "gpt-4o-mini" },
    agentVersion: 1,
    toolCalls: [],
    artifacts: [],
    events: [],
    runner: null,
    parent: { workflowRun: null, networkRun: null },
  };
  return {
    run: { kind: "agent", id: "run-1", status: "RUNNING", startedAt: at(0), completedAt: null } as RunDetailResponse["run"],
    timeline: [
      { state: "queued", at: at(0) },
      { state: "started", at: at(1) },
    ],
    detail: { ...base, ...detail } as unknown as Record<string, unknown>,
  };
}

describe("an agent run's timeline", () => {
  it("lists what the external runner reported, with scores, later attempts and who holds the run", () => {
    const event = (id: string, eventType: string, fields: { stage?: string; message?: string; score?: number; attempt?: number }) => ({
      id,
      eventType,
      stage: fields.stage ?? null,
      message: fields.message ?? null,
      score: fields.score ?? null,
      attempt: fields.attempt ?? 1,
      createdAt: at(2),
    });
    const html = renderToStaticMarkup(
      <TimelineTab
        response={agentRun({
          events: [event("e1", "stage", { stage: "producing", message: "attempt 1" }), event("e2", "score", { score: 0.72, message: "evaluated", attempt: 2 })],
          runner: { claimedBy: "builder-box:42", attempt: 2, leaseExpiresAt: at(60), leaseLapses: 1 },
        })}
      />,
    );
    expect(html).toContain("Event log");
    expect(html).toContain("Runner builder-box:42, attempt 2; its lease lapsed 1 time.");
    expect(html).toMatch(/producing<\/span>.*attempt 1<\/span>/);
    expect(html).toContain("score · attempt 2");
    expect(html).toMatch(/score 0\.72<\/span>evaluated/);
  });

  it("shows no event log for a run nothing was reported for", () => {
    expect(renderToStaticMarkup(<TimelineTab response={agentRun({})} />)).not.toContain("Event log");
  });
});
