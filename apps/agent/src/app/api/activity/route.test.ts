import type { createTestOrganization } from "@switchyard/core/testing";
import { classifyActivityStatus } from "@switchyard/core/activity/feed";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "@/test/http";
import { seedExecutionTrees } from "./fixtures";
import { GET as listActivity } from "./route";
import { GET as activityHealth } from "./health/route";
import { GET as streamActivity } from "./stream/route";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
interface Event {
  id: string;
  type: string;
  status: string | null;
  costUsd: number | null;
  durationMs: number | null;
  createdAt: string;
}

describe("activity API", () => {
  let db: Database;
  let a: Org;
  let b: Org;
  let campaignId: string;
  let workflowRunId: string;
  let at: (seconds: number) => Date;

  beforeAll(async () => {
    db = await useTestDatabase();
    ({ a, b, campaignId, workflowRunId, at } = await seedExecutionTrees(db));
  });
  afterAll(async () => db?.close());

  it("lists the organization's events newest first and pages without gaps or duplicates", async () => {
    const all = await call(listActivity, { path: "/api/activity?limit=200", key: a.keys.VIEWER });
    expect(all.status).toBe(200);
    const titles = all.body.events.map((event: { title: string }) => event.title);
    expect(titles).toHaveLength(9);
    expect(titles[0]).toBe("Campaign Launch completed");
    expect(titles).not.toContain("B's secret alert");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { events: Event[]; nextCursor: string | null } } = await call(listActivity, {
        path: `/api/activity?limit=4${cursor ? `&cursor=${cursor}` : ""}`,
        key: a.keys.VIEWER,
      });
      seen.push(...page.body.events.map((event) => event.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.events.map((event: Event) => event.id));
  });

  it("filters by type, entity, status, time range and search", async () => {
    const titlesOf = async (query: string) =>
      (await call(listActivity, { path: `/api/activity?${query}`, key: a.keys.VIEWER })).body.events.map((event: { title: string }) => event.title);
    expect(await titlesOf("type=WORKFLOW_FAILED,ALERT")).toEqual(["Budget alert on spend", "Triage failed"]);
    expect(await titlesOf(`entity=${workflowRunId}`)).toEqual(["Triage failed", "Triage started"]);
    expect(await titlesOf("entity=test-agent")).toEqual(["Summarizer done"]);
    expect(await titlesOf("status=FAILED")).toEqual(["Triage failed", "Task failed"]);
    expect(await titlesOf(`from=${at(35).toISOString()}&to=${at(65).toISOString()}`)).toEqual(["Budget alert on spend", "Desk started", "Triage failed"]);
    expect(await titlesOf("search=BUDGET")).toEqual(["Budget alert on spend"]);
  });

  it("answers bad input with 400", async () => {
    for (const path of ["/api/activity?type=NOPE", "/api/activity?from=yesterday", "/api/activity?limit=9999", "/api/activity?grouped=maybe"]) {
      const response = await call(listActivity, { path, key: a.keys.VIEWER });
      expect(response.status, path).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
    }
  });

  it("groups by campaign, network run and workflow run with a status and run stats from each run's latest event", async () => {
    const response = await call(listActivity, { path: "/api/activity?grouped=true", key: a.keys.VIEWER });
    expect(response.status).toBe(200);
    const { groups, ungrouped } = response.body;
    expect(groups.map((group: { type: string }) => group.type)).toEqual(["campaign", "network", "workflow"]);
    expect(ungrouped.map((event: { title: string }) => event.title)).toEqual(["Summarizer done", "Budget alert on spend"]);
    for (const group of groups) expect(group.stats.events).toBe([group.rootEvent, ...group.children].length);
    const [campaign, network, workflow] = groups;
    // The campaign's own latest event is CAMPAIGN_COMPLETED; its cost is the campaign's, not the sum of its parts.
    expect(campaign).toMatchObject({
      key: campaignId,
      status: "completed",
      rootEvent: { type: "CAMPAIGN_STARTED" },
      stats: { events: 4, runs: 3, completed: 2, failed: 1, running: 0, waiting: 0, totalDuration: 9000 },
    });
    expect(campaign.stats.totalCost).toBeCloseTo(0.3);
    // STARTED then FAILED: one failed run, nothing running.
    expect(workflow).toMatchObject({
      key: workflowRunId,
      status: "failed",
      stats: { events: 2, runs: 1, completed: 0, failed: 1, running: 0, totalCost: 0, totalDuration: 500 },
    });
    expect(network).toMatchObject({ status: "running", stats: { events: 1, runs: 1, running: 1, failed: 0 } });
    expect(classifyActivityStatus("SUSPENDED")).toBe("waiting");

    const paged = await call(listActivity, { path: "/api/activity?grouped=true&limit=2", key: a.keys.VIEWER });
    expect(paged.body.groups.map((group: { type: string }) => group.type)).toEqual(["campaign"]);
    expect(paged.body.ungrouped.map((event: { title: string }) => event.title)).toEqual(["Summarizer done"]);
    const next = await call(listActivity, { path: `/api/activity?grouped=true&limit=2&cursor=${paged.body.nextCursor}`, key: a.keys.VIEWER });
    expect(next.body.groups.map((group: { type: string }) => group.type)).toEqual(["network"]);
    expect(next.body.ungrouped.map((event: { title: string }) => event.title)).toEqual(["Budget alert on spend"]);

    const byEntity = await call(listActivity, { path: `/api/activity?grouped=true&entity=${workflowRunId}`, key: a.keys.VIEWER });
    expect(byEntity.body.groups.map((group: { key: string; stats: { events: number } }) => [group.key, group.stats.events])).toEqual([[workflowRunId, 2]]);
    const bySearch = await call(listActivity, {
      path: `/api/activity?grouped=true&type=ALERT,TASK_FAILED&search=ALERT&to=${at(61).toISOString()}`,
      key: a.keys.VIEWER,
    });
    expect(bySearch.body.groups).toEqual([]);
    expect(bySearch.body.ungrouped.map((event: { title: string }) => event.title)).toEqual(["Budget alert on spend"]);
    const filtered = await call(listActivity, { path: "/api/activity?grouped=true&status=failed", key: a.keys.VIEWER });
    expect(filtered.body.groups.map((group: { type: string; stats: { events: number } }) => [group.type, group.stats.events])).toEqual([
      ["workflow", 1],
      ["campaign", 1],
    ]);
  });

  it("reports the last 24 hours of finished runs for the caller's organization", async () => {
    for (const [org, status] of [
      [a, "COMPLETED"],
      [b, "FAILED"],
    ] as const) {
      await db.prisma.agentRun.create({
        data: { organizationId: org.organization.id, agentId: org.agent.id, source: "manual", input: {}, status, completedAt: new Date() },
      });
    }
    const health = await call(activityHealth, { path: "/api/activity/health", key: a.keys.VIEWER });
    expect(health.status).toBe(200);
    // The fixture's other runs have no completion time: only the run just finished counts.
    expect(health.body.health).toMatchObject({ succeeded: 1, failed: 0, successRate: 100 });
    expect(health.body.health.hours.length).toBeGreaterThanOrEqual(24);
    expect((await call(activityHealth, { path: "/api/activity/health" })).status).toBe(401);
  });

  it("never shows another organization's events", async () => {
    const feed = await call(listActivity, { path: `/api/activity?entity=${campaignId}`, key: b.keys.ADMIN });
    expect(feed.body.events).toEqual([]);
    const grouped = await call(listActivity, { path: "/api/activity?grouped=true", key: b.keys.ADMIN });
    expect(grouped.body.groups).toEqual([]);
    expect(grouped.body.ungrouped.map((event: { title: string }) => event.title)).toEqual(["B's secret alert"]);
  });

  it("streams new events of the caller's organization as server-sent events", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/api/activity/stream", { headers: { authorization: `Bearer ${a.keys.VIEWER}` }, signal: controller.signal });
    const response = await streamActivity(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // Written after the stream opened: B's event must not appear, A's must.
    await db.prisma.activityEvent.create({ data: { organizationId: b.organization.id, type: "ALERT", title: "B live" } });
    await db.prisma.activityEvent.create({ data: { organizationId: a.organization.id, type: "ALERT", title: "A live" } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const deadline = Date.now() + 15_000;
    while (!/^data: .*$/m.test(buffer) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
    }
    controller.abort();
    await reader.cancel();
    const data = JSON.parse(/^data: (.*)$/m.exec(buffer)![1]);
    expect(data).toMatchObject({ title: "A live", type: "ALERT", organizationId: a.organization.id });
    expect(buffer).toMatch(/^event: activity$/m);
    expect(buffer).not.toContain("B live");
  });
});
