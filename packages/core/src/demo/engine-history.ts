import type { PrismaClient } from "@switchyard/database";
import { requestReview } from "../reviews/requests.ts";
import { decideReview } from "../reviews/decisions.ts";
import { createCampaignFromTemplate } from "../campaigns/service.ts";
import type { OrgContext } from "../context.ts";
import { systemContext } from "../tenancy/scoped-client.ts";
import { createEventHandlers } from "../execution/handlers.ts";
import { createLocalEngine, drainLocalJobs } from "../execution/local-engine.ts";
import { seededRandom } from "../agents/simulated-model.ts";
import { parseCron } from "../cron.ts";
import { tickAllSchedules } from "../scheduler.ts";
import { flushRuntimeEvents } from "../telemetry/events.ts";
import { fireTrigger } from "../triggers/service.ts";
import { demoPullRequestPatch } from "./patches.ts";
import { createDemoPrimitives, NIGHTLY } from "./primitives.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Tables whose rows are history (as opposed to configuration), and so move with the simulated clock. */
const HISTORY_TABLES = [
  "AgentRun",
  "AgentToolCall",
  "TriggerEvent",
  "WorkflowRun",
  "WorkflowRunStep",
  "WorkflowRunEvent",
  "WorkflowRunEvaluation",
  "RunArtifact",
  "NetworkRun",
  "NetworkRunStep",
  "Campaign",
  "Mission",
  "MissionTask",
  "PulseEvaluation",
  "ActivityEvent",
  "ApprovalRequest",
  "ApprovalAudit",
  "RuntimeEvent",
  "ExecutionJob",
];
const RUN_TABLES = ["AgentRun", "WorkflowRun", "WorkflowRunStep", "NetworkRun", "NetworkRunStep", "Campaign", "PulseEvaluation"];

/**
 * Produces the demo's workflow, network, campaign and pulse history by running the real engines:
 * the scheduler ticks at each simulated slot, triggers fire, the local engine drains the jobs, and
 * humans decide approvals. The engines stamp wall-clock times, so after each simulated moment every
 * timestamp written during it is moved to that moment (the simulated clock). Durations stay real.
 */
export async function seedEngineHistory(
  db: PrismaClient,
  input: { organizationId: string; now: Date; days: number; agentIdOf: (slug: string) => string; deciderLabel: string },
) {
  const { organizationId, now } = input;
  const since = new Date(now.getTime() - input.days * DAY_MS);
  const primitives = await createDemoPrimitives(db, organizationId, since, input.agentIdOf);
  const engine = createLocalEngine(db);
  const handlers = createEventHandlers({ db, workerId: "demo-seed", sleep: async () => {}, engine });
  const drain = () => drainLocalJobs({ db, handlers, workerId: "demo-seed" });
  const ctx: OrgContext = { ...systemContext(db, organizationId), actor: { type: "user", id: "demo-seed", label: input.deciderLabel, role: "OWNER" } };
  const random = seededRandom(`engine-history:${now.toISOString()}`);

  // Work runs on the wall clock; each stretch of it is remembered with the simulated moment it stands
  // for, and at the end every timestamp is moved into its moment. Runtimes never see moved values.
  const windows: Window[] = [];
  const at = async (moment: Date, work: () => Promise<unknown>) => {
    const start = new Date();
    await work();
    await drain();
    await flushRuntimeEvents();
    windows.push({ start, end: new Date(), offsetMs: moment.getTime() - start.getTime() });
    // Consecutive windows must not share a millisecond, or a timestamp could belong to either.
    await new Promise((resolve) => setTimeout(resolve, 2));
  };

  // Every nightly slot in the window, in order: the scheduler ticks exactly as it does live.
  const slots = new Set<number>();
  for (const cron of Object.values(NIGHTLY)) {
    const cursor = parseCron(cron, "UTC", since);
    for (let next = cursor.next().toDate(); next < now; next = cursor.next().toDate()) slots.add(next.getTime());
  }
  const daytime = (day: number, hour: number) => new Date(since.getTime() + day * DAY_MS + hour * 60 * MINUTE_MS);
  const events: { moment: Date; work: () => Promise<unknown> }[] = [...slots].map((slot) => ({
    moment: new Date(slot),
    work: () => tickAllSchedules(db, engine, new Date(slot)),
  }));

  for (let day = 0; day < input.days; day++) {
    // A pull request most days: the SDLC review workflow, fired by its webhook trigger.
    if (day % 2 === 0 || random() < 0.3) {
      const severity = ["LOW", "MEDIUM", "HIGH"][Math.floor(random() * 3)];
      const picked = ["src/api/runs.ts", "src/ui/table.tsx", "prisma/schema.prisma", "src/engine/worker.ts"].filter(() => random() < 0.6);
      // A pull request changes something: every review then has a diff to show.
      const files = picked.length > 0 ? picked : ["src/api/runs.ts"];
      const payload = {
        title: `PR #${410 + day}: ${["Faster run list", "Fix retry backoff", "Add cost column", "Tidy scheduler"][day % 4]}`,
        severity,
        files,
        patch: demoPullRequestPatch(files),
      };
      events.push({
        moment: daytime(day, 10 + Math.floor(random() * 6)),
        work: () => fireTrigger(db, engine, primitives.sdlcTrigger, { source: "webhook", payload, idempotencyKey: null, headers: null }),
      });
    }
    // A research question for the council every other day.
    if (day % 2 === 1) {
      const question = [
        "Is retrieval beating fine-tuning for our corpus?",
        "What changed in open-weights licensing?",
        "Which competitor launched agents this week?",
      ][day % 3];
      events.push({
        moment: daytime(day, 14),
        work: () =>
          fireTrigger(db, engine, primitives.councilTrigger, {
            source: "event",
            eventName: "research.question.asked",
            payload: { prompt: question },
            idempotencyKey: null,
            headers: null,
          }),
      });
    }
  }
  events.sort((a, b) => a.moment.getTime() - b.moment.getTime());

  for (const event of events) {
    await at(event.moment, event.work);
    // Operators answer what is waiting, an hour or two later — except in the last day, which stays pending.
    if (now.getTime() - event.moment.getTime() > DAY_MS) {
      const decidedAt = new Date(event.moment.getTime() + (30 + Math.floor(random() * 90)) * MINUTE_MS);
      await at(decidedAt, () => decidePending(ctx, engine, random));
    }
  }

  // The operators' queue always holds one review of each automated kind; runs can fail before their
  // gate (the simulated model is flaky), so a few more are started until one is waiting.
  const waiting = async (sourceType: string) => (await db.approvalRequest.count({ where: { organizationId, sourceType, status: "pending" } })) > 0;
  const recent = new Date(now.getTime() - 90 * MINUTE_MS);
  for (let attempt = 0; attempt < 5 && !(await waiting("workflow-review")); attempt++) {
    const files = ["src/ui/run-detail.tsx", "src/api/retry.ts"];
    const payload = { title: `PR #${500 + attempt}: Add run retry button`, severity: "HIGH", files, patch: demoPullRequestPatch(files) };
    await at(recent, () => fireTrigger(db, engine, primitives.sdlcTrigger, { source: "webhook", payload, idempotencyKey: null, headers: null }));
  }
  for (const [sourceType, template] of [
    ["campaign", primitives.marketScan],
    ["mission", primitives.distiller],
  ] as const) {
    for (let attempt = 0; attempt < 5 && !(await waiting(sourceType)); attempt++) {
      await at(recent, () =>
        createCampaignFromTemplate(db, engine, {
          organizationId,
          templateId: template.id,
          parameters: {},
          source: "manual",
          dedupeKey: `demo-pending:${sourceType}:${attempt}`,
        }),
      );
    }
  }

  // Approvals the operators have not reached yet, of the kinds no demo automation produces.
  await at(new Date(now.getTime() - 40 * MINUTE_MS), () =>
    requestReview(db, {
      organizationId,
      sourceType: "integration",
      title: "Post the weekly digest to LinkedIn",
      summary: "The newsletter editor wants to publish this week's digest to the company LinkedIn page.",
      agentId: input.agentIdOf("newsletter-editor"),
      payload: { integration: "linkedin", action: "publish_post", characters: 1240 },
    }),
  );
  await at(new Date(now.getTime() - 25 * MINUTE_MS), () =>
    requestReview(db, {
      organizationId,
      sourceType: "financial_action",
      title: "Approve $1,200 of promoted posts",
      summary: "Social Scout proposes boosting the three best-performing posts of the week.",
      agentId: input.agentIdOf("social-scout"),
      payload: { amountUsd: 1200, vendor: "LinkedIn Ads", posts: 3 },
      estimatedCostUsd: 1200,
    }),
  );
  await moveIntoSimulatedTime(db, organizationId, windows);
  await recomputeDurations(db, organizationId);
  // The scheduler resumes live from here: the next slots after now.
  await tickAllSchedules(db, engine, now);
  await drain();
  return primitives;
}

async function decidePending(ctx: OrgContext, engine: ReturnType<typeof createLocalEngine>, random: () => number) {
  const pending = await ctx.db.approvalRequest.findMany({ where: { organizationId: ctx.organizationId, status: "pending" }, orderBy: { requestedAt: "asc" } });
  for (const approval of pending) {
    const reject = random() < 0.15;
    await decideReview(ctx, engine, {
      id: approval.id,
      decision: reject ? "reject" : "approve",
      notes: reject ? "Not this week: needs a smaller change set." : "Looks good.",
    });
  }
}

interface Window {
  start: Date;
  end: Date;
  offsetMs: number;
}

/** Moves every history timestamp written inside a window by that window's offset. */
async function moveIntoSimulatedTime(db: PrismaClient, organizationId: string, windows: Window[]) {
  if (windows.length === 0) return;
  const columns = await db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%' AND table_name = ANY($1::text[])`,
    HISTORY_TABLES,
  );
  const asTimestamp = (date: Date) => `'${date.toISOString().replace("Z", "")}'::timestamp`;
  const from = asTimestamp(windows[0].start);
  // One CASE per column keeps this a single statement per table; the values are our own dates and numbers.
  const shifted = (column: string) =>
    `CASE ${windows.map((w) => `WHEN "${column}" >= ${asTimestamp(w.start)} AND "${column}" <= ${asTimestamp(w.end)} THEN "${column}" + interval '${w.offsetMs} milliseconds'`).join(" ")} ELSE "${column}" END`;
  const byTable = new Map<string, string[]>();
  for (const row of columns) byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), row.column_name]);
  for (const [table, names] of byTable) {
    const set = names.map((column) => `"${column}" = ${shifted(column)}`).join(", ");
    const touched = names.map((column) => `"${column}" >= ${from}`).join(" OR ");
    await db.$executeRawUnsafe(`UPDATE "${table}" SET ${set} WHERE "organizationId" = $1 AND (${touched})`, organizationId);
  }
}

/** A run decided by a human spans two simulated moments; its duration is the time between them. */
async function recomputeDurations(db: PrismaClient, organizationId: string) {
  for (const table of RUN_TABLES) {
    await db.$executeRawUnsafe(
      `UPDATE "${table}" SET "durationMs" = (EXTRACT(EPOCH FROM ("completedAt" - "startedAt")) * 1000)::int
        WHERE "organizationId" = $1 AND "completedAt" IS NOT NULL AND "startedAt" IS NOT NULL`,
      organizationId,
    );
  }
}
