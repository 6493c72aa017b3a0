import { verifyPassword } from "better-auth/crypto";
import type { Prisma, PrismaClient } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import type { Database } from "@switchyard/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costForTokens } from "../agents/pricing.ts";
import { authenticateApiKey } from "../tenancy/api-keys.ts";
import { systemContext } from "../tenancy/scoped-client.ts";
import { computeNextRunAt } from "../cron.ts";
import { getReviewDiff } from "../reviews/service.ts";
import {
  DEMO_ADMIN_EMAIL,
  DEMO_API_KEY,
  DEMO_PASSWORD,
  DEMO_VIEWER_EMAIL,
  deleteDemoOrganization,
  ensureDemoOrganization,
  seedDemoOrganization,
} from "./index.ts";

const NOW = new Date("2025-06-15T12:00:00.000Z");
const SEED_TIMEOUT = 240_000;

/** What two seeds with the same `now` must agree on, per agent: the agent-run history of the plan. */
async function fingerprint(db: PrismaClient) {
  const planned: Prisma.AgentRunWhereInput = { source: { in: ["schedule", "webhook", "event", "manual"] } };
  const [byAgent, agents, schedules, triggers, events, toolCalls] = await Promise.all([
    db.agentRun.groupBy({
      by: ["agentId", "status"],
      where: planned,
      _count: true,
      _sum: { costUsd: true, totalTokens: true },
      orderBy: [{ agentId: "asc" }, { status: "asc" }],
    }),
    db.agent.findMany({ select: { id: true, slug: true }, orderBy: { slug: "asc" } }),
    db.agentSchedule.findMany({
      where: { entityType: "agent" },
      select: { id: true, cronExpr: true, runCount: true, lastRunAt: true, nextRunAt: true },
      orderBy: { id: "asc" },
    }),
    db.agentTrigger.findMany({ where: { entityType: "agent" }, select: { id: true, webhookPath: true, triggerCount: true }, orderBy: { id: "asc" } }),
    db.triggerEvent.count({ where: { entityType: "agent" } }),
    db.agentToolCall.count({ where: { agentRun: planned } }),
  ]);
  // Float sums depend on the order Postgres adds rows in; costs have 6 decimals, so compare at that precision.
  const costs = byAgent.map(({ _sum, ...group }) => ({ ...group, tokens: _sum.totalTokens, costUsd: Math.round((_sum.costUsd ?? 0) * 1e6) }));
  return { costs, agents, schedules, triggers, events, toolCalls };
}

describe("demo organization", () => {
  let first: Database;
  let second: Database;
  let organizationId: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    ({ organizationId } = await seedDemoOrganization(first.prisma, { now: NOW }));
  }, SEED_TIMEOUT);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it(
    "is deterministic: ensureDemoOrganization on a fresh database seeds the same records, and only once",
    async () => {
      expect(await ensureDemoOrganization(second.prisma, { now: NOW, engineHistory: false })).toBe(true);
      expect(await fingerprint(second.prisma)).toEqual(await fingerprint(first.prisma));

      const runsBefore = await second.prisma.agentRun.count();
      expect(await ensureDemoOrganization(second.prisma, { now: NOW, engineHistory: false })).toBe(false);
      expect(await second.prisma.agentRun.count()).toBe(runsBefore);
      expect(await second.prisma.organization.count()).toBe(1);
    },
    SEED_TIMEOUT,
  );

  it("has about 3,000 finished runs of at least 12 agents", async () => {
    const db = first.prisma;
    expect(await db.agent.count({ where: { organizationId } })).toBeGreaterThanOrEqual(12);
    const runs = await db.agentRun.count({ where: { organizationId } });
    expect(runs).toBeGreaterThanOrEqual(2000);
    expect(runs).toBeLessThanOrEqual(4000);
    expect(await db.agentRun.count({ where: { organizationId, status: { notIn: ["COMPLETED", "FAILED"] } } })).toBe(0);
    expect(await db.agentRun.count({ where: { organizationId, completedAt: { gt: NOW } } })).toBe(0);
  });

  it("lands Social Scout near 46% success over about 200 runs", async () => {
    const db = first.prisma;
    const scout = await db.agent.findUniqueOrThrow({ where: { organizationId_slug: { organizationId, slug: "social-scout" } } });
    // Its scheduled sweeps (the seed's manual check): campaign tasks also land on Social Scout, but how many
    // depends on which simulated calls the engine-made history happened to fail.
    const runs = await db.agentRun.count({ where: { agentId: scout.id, source: "schedule" } });
    const completed = await db.agentRun.count({ where: { agentId: scout.id, source: "schedule", status: "COMPLETED" } });
    expect(runs).toBeGreaterThanOrEqual(180);
    expect(runs).toBeLessThanOrEqual(240);
    expect(completed / runs).toBeGreaterThanOrEqual(0.4);
    expect(completed / runs).toBeLessThanOrEqual(0.52);
  });

  it("schedules Devil's Advocate every 30 minutes and crowds at least 8 schedules into the 22:00 hour", async () => {
    const db = first.prisma;
    const devil = await db.agentSchedule.findFirstOrThrow({ where: { organizationId, agent: { slug: "devils-advocate" } } });
    expect(devil.cronExpr).toBe("*/30 * * * *");

    const schedules = await db.agentSchedule.findMany({ where: { organizationId } });
    // A weekday, so weekday-only schedules count too.
    const before = new Date("2025-06-16T21:59:59.999Z");
    const at10pm = schedules.filter((schedule) => computeNextRunAt(schedule.cronExpr, schedule.timezone, before).getUTCHours() === 22);
    expect(at10pm.length).toBeGreaterThanOrEqual(8);
    expect(schedules.filter((schedule) => schedule.healthPolicyEnabled).length).toBeGreaterThanOrEqual(2);
    for (const schedule of schedules) expect(schedule.nextRunAt!.getTime()).toBe(computeNextRunAt(schedule.cronExpr, "UTC", NOW).getTime());
  });

  it("has webhook, event and manual triggers whose deliveries are linked to their runs", async () => {
    const db = first.prisma;
    const triggers = await db.agentTrigger.findMany({ where: { organizationId } });
    expect(
      triggers.filter((trigger) => trigger.type === "webhook" && trigger.webhookPath?.startsWith("demo-") && trigger.secretEncrypted).length,
    ).toBeGreaterThanOrEqual(3);
    expect(triggers.filter((trigger) => trigger.type === "event").map((trigger) => trigger.eventName)).toEqual(
      expect.arrayContaining(["github.pull_request.opened", "news.article.published"]),
    );
    expect(triggers.filter((trigger) => trigger.type === "manual")).toHaveLength(1);

    const events = await db.triggerEvent.findMany({ where: { organizationId, entityType: "agent" } });
    const runs = await db.agentRun.findMany({ where: { organizationId, triggerEventId: { not: null } } });
    expect(events.length).toBe(runs.length);
    const runById = new Map(runs.map((run) => [run.id, run]));
    for (const event of events) {
      const run = runById.get(event.agentRunId!);
      expect(event.status).toBe("FIRED");
      expect(run?.triggerEventId).toBe(event.id);
      expect(run?.triggerId).toBe(event.triggerId);
      expect(run?.source).toBe(event.source);
    }
  });

  it("records every run's cost from its tokens and its duration from its timestamps", async () => {
    const runs = await first.prisma.agentRun.findMany({ where: { organizationId } });
    for (const run of runs) {
      expect(run.costUsd).toBe(costForTokens(run.modelName!, run.promptTokens, run.completionTokens));
      expect(run.durationMs).toBe(run.completedAt!.getTime() - run.startedAt.getTime());
    }
  });

  it("holds workflow, network, campaign and pulse history made by the engines, linked and in the past", async () => {
    const db = first.prisma;
    const workflowRuns = await db.workflowRun.findMany({ where: { organizationId }, include: { steps: true, workflow: true } });
    expect(new Set(workflowRuns.map((run) => run.workflow.slug))).toEqual(new Set(["sdlc-review", "research-loop"]));
    for (const step of workflowRuns.flatMap((run) => run.steps).filter((step) => step.agentRunId)) {
      expect(await db.agentRun.findUniqueOrThrow({ where: { id: step.agentRunId! } })).toMatchObject({ source: "workflow", workflowRunId: step.workflowRunId });
    }
    expect(await db.runArtifact.count({ where: { organizationId, workflowRunId: { not: null } } })).toBeGreaterThan(0);
    const loopRuns = workflowRuns.filter((run) => run.workflow.slug === "research-loop");
    expect(loopRuns.length).toBe(21);
    expect(loopRuns.every((run) => run.source === "schedule" && run.triggerId)).toBe(true);

    const networkRuns = await db.networkRun.findMany({ where: { organizationId }, include: { steps: true } });
    expect(networkRuns.length).toBeGreaterThanOrEqual(10);
    const networkSubRuns = await db.agentRun.count({ where: { organizationId, source: "network" } });
    expect(networkSubRuns).toBe(networkRuns.flatMap((run) => run.steps).filter((step) => step.agentRunId).length);

    const campaigns = await db.campaign.findMany({ where: { organizationId }, include: { missions: { include: { tasks: true } } } });
    expect(campaigns.length).toBeGreaterThanOrEqual(21);
    for (const task of campaigns.flatMap((c) => c.missions.flatMap((m) => m.tasks)).filter((t) => t.agentRunId)) {
      expect(await db.agentRun.findUniqueOrThrow({ where: { id: task.agentRunId! } })).toMatchObject({ source: "campaign" });
    }
    expect(await db.pulseEvaluation.count({ where: { organizationId, status: "COMPLETED" } })).toBe(21);

    const pending = await db.approvalRequest.groupBy({ by: ["sourceType"], where: { organizationId, status: "pending" }, _count: true });
    expect(pending.map((group) => group.sourceType).sort()).toEqual(["campaign", "financial_action", "integration", "mission", "workflow-review"]);
    expect(await db.activityEvent.count({ where: { organizationId, type: "WORKFLOW_COMPLETED", workflowRunId: { not: null } } })).toBeGreaterThan(0);

    // Everything the engines wrote was moved into the simulated window, with consistent durations.
    const since = new Date(NOW.getTime() - 22 * 24 * 3600_000);
    for (const run of [...workflowRuns, ...networkRuns, ...campaigns]) {
      expect(run.startedAt.getTime()).toBeGreaterThan(since.getTime());
      expect(run.startedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (run.completedAt) expect(run.durationMs).toBe(run.completedAt.getTime() - run.startedAt.getTime());
    }
    expect(await db.activityEvent.count({ where: { organizationId, createdAt: { gt: NOW } } })).toBe(0);
  });

  it("records each SDLC review's pull request as a unified diff, which the diff API serves without GitHub", async () => {
    const db = first.prisma;
    const reviews = await db.approvalRequest.findMany({ where: { organizationId, workflowRun: { workflow: { slug: "sdlc-review" } } } });
    expect(reviews.length).toBeGreaterThan(5);
    for (const review of reviews) expect((review.reviewContext as { patch?: unknown }).patch, review.title).toMatch(/^diff --git a\//);

    const pending = reviews.find((review) => review.status === "pending")!;
    // No token: a diff that came from GitHub would be refused as not configured.
    const diff = await getReviewDiff(systemContext(db, organizationId), pending.id, { token: "" });
    expect(diff).toMatchObject({ source: "recorded", repo: null, prNumber: null });
    expect(diff.diff).toBe((pending.reviewContext as { patch: string }).patch);
  });

  it("signs in the admin and viewer with the demo password and authenticates the demo API key", async () => {
    const db = first.prisma;
    const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL }, include: { accounts: true, memberships: true } });
    expect(admin.emailVerified).toBe(true);
    expect(admin.memberships).toMatchObject([{ organizationId, role: "OWNER" }]);
    const credential = admin.accounts.find((account) => account.providerId === "credential");
    expect(credential?.accountId).toBe(admin.id);
    expect(await verifyPassword({ hash: credential!.password!, password: DEMO_PASSWORD })).toBe(true);
    expect(await verifyPassword({ hash: credential!.password!, password: "wrong-password" })).toBe(false);

    const viewer = await db.user.findUniqueOrThrow({ where: { email: DEMO_VIEWER_EMAIL }, include: { memberships: true } });
    expect(viewer.memberships).toMatchObject([{ organizationId, role: "VIEWER" }]);

    const ctx = await authenticateApiKey(db, DEMO_API_KEY);
    expect(ctx?.organizationId).toBe(organizationId);
    expect(ctx?.actor.role).toBe("ADMIN");
  });

  it(
    "deletes the demo organization's rows in every table and its users, and can seed again",
    async () => {
      const db = second.prisma;
      expect(await deleteDemoOrganization(db)).toBe(true);
      const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.columns WHERE column_name = 'organizationId' AND table_schema = current_schema()`;
      for (const { table_name } of tables) {
        const [{ count }] = await db.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM "${table_name}"`);
        expect({ table_name, count }).toEqual({ table_name, count: 0 });
      }
      expect(await db.user.count()).toBe(0);
      expect(await db.account.count()).toBe(0);
      expect(await deleteDemoOrganization(db)).toBe(false);

      // A short history keeps this fast; it proves the fixed ids and unique keys do not collide on a reseed.
      await seedDemoOrganization(db, { now: NOW, days: 1 });
      expect(await db.organization.count({ where: { slug: "demo" } })).toBe(1);
    },
    SEED_TIMEOUT,
  );
});
