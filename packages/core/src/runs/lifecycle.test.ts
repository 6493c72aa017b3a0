import { randomBytes } from "node:crypto";
import type { ActivityEventType, Database, Prisma, PrismaClient } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { executeAgentRun } from "../agents/runtime.ts";
import { requestReview } from "../reviews/requests.ts";
import { createCampaignFromTemplate } from "../campaigns/service.ts";
import { createCampaignOrg, RESEARCH_INTENT } from "../campaigns/testing.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { INTERRUPTED_REASON, recoverStaleRuns } from "../execution/recovery.ts";
import { createNetworkRun, runNetwork } from "../networks/runtime.ts";
import { createResearchDesk } from "../networks/testing.ts";
import { evaluatePulse } from "../pulses/evaluation.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { createTestOrganization } from "../testing.ts";
import { createWorkflow } from "../workflows/service.ts";
import { executeWorkflowRun, startWorkflowRun } from "../workflows/runtime.ts";
import { durationBetween, requestRunCancel, type FinalStatus } from "./lifecycle.ts";
import { recordRunQueued } from "./recorder.ts";
import type { RunKind } from "./unified.ts";

describe("durationBetween", () => {
  it("measures milliseconds between two times, never negative", () => {
    expect(durationBetween(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:02.500Z"))).toBe(2500);
    expect(durationBetween(new Date("2026-01-01T00:00:02Z"), new Date("2026-01-01T00:00:00Z"))).toBe(0);
  });

  it("clamps a run that waited weeks for a human to what the Int column holds", () => {
    expect(durationBetween(new Date("2026-01-01T00:00:00Z"), new Date("2026-03-01T00:00:00Z"))).toBe(2_147_483_647);
  });
});

/** The one activity event each kind records when a run ends with each status (null: it records none). */
const TERMINAL_ACTIVITY: Record<RunKind, Record<FinalStatus, ActivityEventType | null>> = {
  agent: { COMPLETED: null, FAILED: null, CANCELLED: "AGENT_RUN_CANCELLED" },
  workflow: { COMPLETED: "WORKFLOW_COMPLETED", FAILED: "WORKFLOW_FAILED", CANCELLED: "WORKFLOW_CANCELLED" },
  network: { COMPLETED: "NETWORK_RUN_COMPLETED", FAILED: "NETWORK_RUN_FAILED", CANCELLED: "NETWORK_RUN_CANCELLED" },
  campaign: { COMPLETED: "CAMPAIGN_COMPLETED", FAILED: "CAMPAIGN_FAILED", CANCELLED: "CAMPAIGN_CANCELLED" },
  pulse: { COMPLETED: "PULSE_EVALUATED", FAILED: null, CANCELLED: null },
};
const TERMINAL_TYPES = Object.values(TERMINAL_ACTIVITY).flatMap((byStatus) =>
  Object.values(byStatus).filter((type): type is ActivityEventType => type !== null),
);

type Ending = "completed" | "cancelled" | "recovered";
const ENDS_AS: Record<Ending, FinalStatus> = { completed: "COMPLETED", cancelled: "CANCELLED", recovered: "FAILED" };

/** What one test run is attached to: the schedule whose health policy watches it and the TriggerEvent that started it. */
interface Attachments {
  organizationId: string;
  scheduleId: string | null;
  triggerEventId: string | null;
}

/**
 * Each kind, ended the three ways. A run ended by cancel or recovery holds a pending review (for the
 * kinds that have them) so that its expiry is seen. Every run is scheduled under a health policy that
 * any counted outcome trips (threshold above 100%), and started by a TriggerEvent (pulses have neither).
 */
interface KindFixture {
  setup(db: PrismaClient): Promise<{ organizationId: string; end: Record<Ending, (attached: Attachments) => Promise<string>> }>;
  schedule(db: PrismaClient, organizationId: string): Promise<string | null>;
}

const key = () => `test:${randomBytes(6).toString("hex")}`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const stale = { status: "RUNNING" as const, startedAt: minutesAgo(10), heartbeatAt: minutesAgo(5) };
const sleep = async () => {};
const HEALTH_POLICY = { cronExpr: "0 * * * *", healthPolicyEnabled: true, healthWindow: 1, healthThreshold: 101, healthAction: "alert" as const };

describe("the run lifecycle", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await flushRuntimeEvents();
    await db?.close();
  });
  // Recovery scans every organization, and a drain runs every queued job: each test starts clean.
  afterEach(async () => {
    await db.prisma.executionJob.deleteMany({});
  });

  const engine = () => createLocalEngine(db.prisma);
  const drain = () =>
    drainLocalJobs({
      db: db.prisma,
      handlers: createEventHandlers({ db: db.prisma, workerId: "test-worker", sleep, engine: engine() }),
      workerId: "test-worker",
    });

  /** Fails a stale run the way a worker starting up does: it cannot be continued, so it fails. */
  async function recover(kind: RunKind, id: string) {
    let report = await recoverStaleRuns(db.prisma, engine());
    const resent = report.redispatched.find((entry) => entry.id === id);
    if (resent) {
      // The re-sent event ran without reviving the run: the next recovery fails it.
      await db.prisma.executionJob.update({ where: { eventId: resent.eventId }, data: { status: "COMPLETED" } });
      report = await recoverStaleRuns(db.prisma, engine());
    }
    expect(report.failed).toContainEqual({ kind, id, reason: expect.stringContaining(INTERRUPTED_REASON) });
  }

  const pendingReview = (organizationId: string, subject: { workflowRunId: string } | { campaignId: string }) =>
    requestReview(db.prisma, { organizationId, sourceType: "workflowRunId" in subject ? "workflow-review" : "campaign", title: "Go ahead?", ...subject });

  const FIXTURES: Record<RunKind, KindFixture> = {
    agent: {
      schedule: async (prisma, organizationId) => {
        const agent = await prisma.agent.findFirstOrThrow({ where: { organizationId } });
        return (await prisma.agentSchedule.create({ data: { organizationId, entityType: "agent", agentId: agent.id, name: "Hourly", ...HEALTH_POLICY } })).id;
      },
      async setup(prisma) {
        const org = await createTestOrganization(prisma);
        const request = (attached: Attachments) => ({
          organizationId: org.organization.id,
          agentId: org.agent.id,
          source: "schedule" as const,
          input: { prompt: "Summarize the week" },
          dedupeKey: key(),
          triggerId: attached.scheduleId,
          triggerEventId: attached.triggerEventId,
        });
        return {
          organizationId: org.organization.id,
          end: {
            completed: async (attached) => (await executeAgentRun(prisma, request(attached), { workerId: "test-worker", sleep })).id,
            cancelled: async (attached) => {
              const { run } = await recordRunQueued(prisma, request(attached));
              await requestRunCancel(org.ctx("OPERATOR"), "agent", run.id);
              return run.id;
            },
            recovered: async (attached) => {
              const { dedupeKey: _key, ...data } = request(attached);
              const run = await prisma.agentRun.create({ data: { ...data, ...stale } });
              await recover("agent", run.id);
              return run.id;
            },
          },
        };
      },
    },

    workflow: {
      schedule: async (prisma, organizationId) => {
        const workflow = await prisma.workflow.findFirstOrThrow({ where: { organizationId } });
        return (
          await prisma.agentSchedule.create({ data: { organizationId, entityType: "workflow", workflowId: workflow.id, name: "Hourly", ...HEALTH_POLICY } })
        ).id;
      },
      async setup(prisma) {
        const org = await createTestOrganization(prisma);
        const workflow = await createWorkflow(org.ctx(), { slug: "flow", name: "Flow", definition: { nodes: [{ id: "only", type: "tool", tool: "echo" }] } });
        const request = (attached: Attachments) => ({
          organizationId: org.organization.id,
          workflowId: workflow.id,
          source: "schedule" as const,
          input: { topic: "launch" },
          dedupeKey: key(),
          triggerId: attached.scheduleId,
          triggerEventId: attached.triggerEventId,
        });
        return {
          organizationId: org.organization.id,
          end: {
            completed: async (attached) => {
              const { run } = await startWorkflowRun(prisma, request(attached));
              await executeWorkflowRun(prisma, { organizationId: org.organization.id, workflowRunId: run.id }, { workerId: "test-worker" });
              return run.id;
            },
            cancelled: async (attached) => {
              const { run } = await startWorkflowRun(prisma, request(attached));
              await pendingReview(org.organization.id, { workflowRunId: run.id });
              await requestRunCancel(org.ctx("OPERATOR"), "workflow", run.id);
              return run.id;
            },
            recovered: async (attached) => {
              const { dedupeKey: _key, ...data } = request(attached);
              const run = await prisma.workflowRun.create({ data: { ...data, ...stale } });
              await pendingReview(org.organization.id, { workflowRunId: run.id });
              await recover("workflow", run.id);
              return run.id;
            },
          },
        };
      },
    },

    network: {
      schedule: async (prisma, organizationId) => {
        const network = await prisma.network.findFirstOrThrow({ where: { organizationId } });
        return (await prisma.agentSchedule.create({ data: { organizationId, entityType: "network", networkId: network.id, name: "Hourly", ...HEALTH_POLICY } }))
          .id;
      },
      async setup(prisma) {
        const desk = await createResearchDesk(prisma);
        const request = (attached: Attachments) => ({
          organizationId: desk.organization.id,
          networkId: desk.network.id,
          source: "schedule" as const,
          input: { prompt: "Heat pumps" },
          dedupeKey: key(),
          triggerId: attached.scheduleId,
          triggerEventId: attached.triggerEventId,
        });
        return {
          organizationId: desk.organization.id,
          end: {
            completed: async (attached) => (await runNetwork(prisma, request(attached), { workerId: "test-worker", sleep })).id,
            cancelled: async (attached) => {
              const { run } = await createNetworkRun(prisma, request(attached));
              await requestRunCancel(desk.ctx("OPERATOR"), "network", run.id);
              return run.id;
            },
            recovered: async (attached) => {
              const { dedupeKey: _key, input, ...data } = request(attached);
              const run = await prisma.networkRun.create({ data: { ...data, input, ...stale } });
              await recover("network", run.id);
              return run.id;
            },
          },
        };
      },
    },

    campaign: {
      schedule: async (prisma, organizationId) => {
        const template = await prisma.campaignTemplate.findFirstOrThrow({ where: { organizationId } });
        return (await prisma.campaignSchedule.create({ data: { organizationId, templateId: template.id, name: "Hourly", ...HEALTH_POLICY } })).id;
      },
      async setup(prisma) {
        const org = await createCampaignOrg(prisma, { intent: RESEARCH_INTENT });
        const create = async (attached: Attachments) =>
          (
            await createCampaignFromTemplate(prisma, engine(), {
              organizationId: org.organization.id,
              templateId: org.template.id,
              parameters: { topic: "solar" },
              source: "schedule",
              scheduleId: attached.scheduleId,
              triggerEventId: attached.triggerEventId,
              dedupeKey: key(),
            })
          ).campaign;
        return {
          organizationId: org.organization.id,
          end: {
            completed: async (attached) => {
              const campaign = await create(attached);
              await drain();
              return campaign.id;
            },
            cancelled: async (attached) => {
              const campaign = await create(attached);
              await pendingReview(org.organization.id, { campaignId: campaign.id });
              await requestRunCancel(org.ctx("OPERATOR"), "campaign", campaign.id);
              return campaign.id;
            },
            recovered: async (attached) => {
              const campaign = await prisma.campaign.create({
                data: {
                  organizationId: org.organization.id,
                  templateId: org.template.id,
                  name: "Knowledge Distiller",
                  intent: "Map solar",
                  source: "schedule",
                  phase: "executing",
                  scheduleId: attached.scheduleId,
                  triggerEventId: attached.triggerEventId,
                  ...stale,
                },
              });
              await pendingReview(org.organization.id, { campaignId: campaign.id });
              await recover("campaign", campaign.id);
              return campaign.id;
            },
          },
        };
      },
    },

    pulse: {
      schedule: async () => null,
      async setup(prisma) {
        const org = await createTestOrganization(prisma);
        const pulse = await prisma.pulse.create({
          data: {
            organizationId: org.organization.id,
            slug: "ops",
            name: "Ops",
            goal: "Stay up",
            evalCronExpr: "0 * * * *",
            members: { create: [{ agentId: org.agent.id }] },
          },
        });
        const base = {
          organizationId: org.organization.id,
          pulseId: pulse.id,
          source: "schedule" as const,
          windowStart: minutesAgo(60),
          windowEnd: minutesAgo(1),
        };
        return {
          organizationId: org.organization.id,
          end: {
            completed: async () =>
              (await evaluatePulse(prisma, { organizationId: org.organization.id, pulseId: pulse.id, source: "schedule", dedupeKey: key() })).id,
            cancelled: async () => {
              const evaluation = await prisma.pulseEvaluation.create({ data: { ...base, dedupeKey: key() } });
              await requestRunCancel(org.ctx("OPERATOR"), "pulse", evaluation.id);
              return evaluation.id;
            },
            recovered: async () => {
              const evaluation = await prisma.pulseEvaluation.create({ data: { ...base, ...stale } });
              await recover("pulse", evaluation.id);
              return evaluation.id;
            },
          },
        };
      },
    },
  };

  const LINK: Record<RunKind, "runId" | "workflowRunId" | "networkRunId" | "campaignId" | "pulseId"> = {
    agent: "runId",
    workflow: "workflowRunId",
    network: "networkRunId",
    campaign: "campaignId",
    pulse: "pulseId",
  };
  const TRIGGER_LINK = { agent: "agentRunId", workflow: "workflowRunId", network: "networkRunId", campaign: "campaignId" } as const;

  async function readRun(kind: RunKind, id: string) {
    const where = { where: { id } };
    switch (kind) {
      case "agent":
        return db.prisma.agentRun.findUniqueOrThrow(where);
      case "workflow":
        return db.prisma.workflowRun.findUniqueOrThrow(where);
      case "network":
        return db.prisma.networkRun.findUniqueOrThrow(where);
      case "campaign":
        return db.prisma.campaign.findUniqueOrThrow(where);
      case "pulse":
        return db.prisma.pulseEvaluation.findUniqueOrThrow(where);
    }
  }

  /** What a run's end left behind, in the terms every kind shares. */
  async function recordsOf(kind: RunKind, id: string, attached: Attachments) {
    const run = await readRun(kind, id);
    const linkValue = kind === "pulse" ? (run as { pulseId: string }).pulseId : id;
    const activity = await db.prisma.activityEvent.findMany({
      where: { [LINK[kind]]: linkValue, type: { in: TERMINAL_TYPES } } as Prisma.ActivityEventWhereInput,
    });
    const triggerEvent = attached.triggerEventId ? await db.prisma.triggerEvent.findUniqueOrThrow({ where: { id: attached.triggerEventId } }) : null;
    const reviewLink = kind === "workflow" ? { workflowRunId: id } : kind === "campaign" ? { campaignId: id } : null;
    return {
      status: run.status,
      completedAt: run.completedAt instanceof Date,
      durationMs: typeof run.durationMs === "number",
      terminalActivity: activity.map((event) => event.type),
      triggerEvent: triggerEvent && {
        status: triggerEvent.status,
        hasError: triggerEvent.error !== null,
        processed: triggerEvent.processedAt instanceof Date,
        linksRun: triggerEvent[TRIGGER_LINK[kind as keyof typeof TRIGGER_LINK]] === id,
      },
      reviews: reviewLink ? await db.prisma.approvalRequest.count({ where: { ...reviewLink, status: "pending" } }) : 0,
      healthPolicyChecked: attached.scheduleId
        ? await db.prisma.activityEvent.count({
            where: { organizationId: attached.organizationId, type: "HEALTH_POLICY_TRIGGERED", triggerId: attached.scheduleId },
          })
        : 0,
    };
  }

  /** The same set of records, whichever way the run ended: only the status (and with it the event type and the TriggerEvent's verdict) differs. */
  function expectedRecords(kind: RunKind, status: FinalStatus) {
    const activity = TERMINAL_ACTIVITY[kind][status];
    return {
      status,
      completedAt: true,
      durationMs: true,
      terminalActivity: activity ? [activity] : [],
      triggerEvent:
        kind === "pulse" ? null : { status: status === "COMPLETED" ? "FIRED" : "FAILED", hasError: status !== "COMPLETED", processed: true, linksRun: true },
      reviews: 0,
      // A cancelled run says nothing about its schedule's health, so only the other two trip the policy.
      healthPolicyChecked: kind === "pulse" || status === "CANCELLED" ? 0 : 1,
    };
  }

  for (const kind of ["agent", "workflow", "network", "campaign", "pulse"] as const) {
    describe(kind, () => {
      for (const ending of ["completed", "cancelled", "recovered"] as const) {
        it(`leaves the same records when the run is ${ending}`, async () => {
          const { organizationId, end } = await FIXTURES[kind].setup(db.prisma);
          const scheduleId = await FIXTURES[kind].schedule(db.prisma, organizationId);
          const triggerEventId =
            kind === "pulse"
              ? null
              : (await db.prisma.triggerEvent.create({ data: { organizationId, source: "schedule", payload: {}, status: "DISPATCHED" } })).id;
          const attached = { organizationId, scheduleId, triggerEventId };

          const id = await end[ending](attached);

          expect(await recordsOf(kind, id, attached)).toEqual(expectedRecords(kind, ENDS_AS[ending]));
        });
      }
    });
  }
});
