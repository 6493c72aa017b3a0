import type { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { seedExecutionTrees } from "../activity/fixtures";
import { GET as campaignChain } from "./campaign-chain/route";
import { GET as traceChain } from "./trace-chain/route";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;

describe("God Mode causal chains", () => {
  let db: Database;
  let a: Org;
  let b: Org;
  let campaignId: string;
  let workflowRunId: string;
  let networkRunId: string;
  let agentRunId: string;

  beforeAll(async () => {
    db = await useTestDatabase();
    ({ a, b, campaignId, workflowRunId, networkRunId, agentRunId } = await seedExecutionTrees(db));
  });
  afterAll(async () => db?.close());

  it("builds the campaign chain: campaign → missions → tasks → agent runs → tool calls", async () => {
    const response = await call(campaignChain, { path: `/api/godmode/campaign-chain?campaignId=${campaignId}`, key: a.keys.VIEWER });
    expect(response.status).toBe(200);
    expect(response.body.chain).toMatchObject({
      kind: "campaign",
      label: "Launch",
      status: "COMPLETED",
      costUsd: 0.3,
      children: [
        {
          kind: "mission",
          label: "Research",
          children: [
            {
              kind: "task",
              label: "Collect",
              children: [{ kind: "agent_run", id: agentRunId, label: "Test Agent", children: [{ kind: "tool_call", label: "web_search", durationMs: 120 }] }],
            },
          ],
        },
      ],
    });
  });

  it("builds trace chains from a run, a workflow run and a network run", async () => {
    const run = await call(traceChain, { path: `/api/godmode/trace-chain?runId=${agentRunId}`, key: a.keys.VIEWER });
    expect(run.body.chain).toMatchObject({ kind: "agent_run", children: [{ kind: "tool_call", label: "web_search" }] });
    const workflow = await call(traceChain, { path: `/api/godmode/trace-chain?workflowRunId=${workflowRunId}`, key: a.keys.VIEWER });
    expect(workflow.body.chain).toMatchObject({
      kind: "workflow_run",
      label: "Triage",
      status: "FAILED",
      children: [{ kind: "workflow_step", label: "Classify", children: [{ kind: "agent_run", status: "FAILED" }] }],
    });
    const network = await call(traceChain, { path: `/api/godmode/trace-chain?networkRunId=${networkRunId}`, key: a.keys.VIEWER });
    expect(network.body.chain).toMatchObject({ kind: "network_run", status: "RUNNING", children: [] });
    const both = await call(traceChain, { path: `/api/godmode/trace-chain?runId=${agentRunId}&workflowRunId=${workflowRunId}`, key: a.keys.VIEWER });
    expect(both.status).toBe(400);
  });

  it("hides another organization's chains (404 on its ids)", async () => {
    const attempts = [
      call(campaignChain, { path: `/api/godmode/campaign-chain?campaignId=${campaignId}`, key: b.keys.ADMIN }),
      call(traceChain, { path: `/api/godmode/trace-chain?runId=${agentRunId}`, key: b.keys.ADMIN }),
      call(traceChain, { path: `/api/godmode/trace-chain?workflowRunId=${workflowRunId}`, key: b.keys.ADMIN }),
      call(traceChain, { path: `/api/godmode/trace-chain?networkRunId=${networkRunId}`, key: b.keys.ADMIN }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
  });

  it("answers a missing or ambiguous id with 400", async () => {
    expect((await call(traceChain, { path: "/api/godmode/trace-chain", key: a.keys.VIEWER })).status).toBe(400);
    expect((await call(campaignChain, { path: "/api/godmode/campaign-chain", key: a.keys.VIEWER })).status).toBe(400);
  });
});
