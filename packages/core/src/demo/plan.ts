import type { Prisma } from "@switchyard/database";
import { costForTokens } from "../agents/pricing.ts";
import { seededRandom, simulateCompletion, type SimulatedCompletion } from "../agents/simulated-model.ts";
import { parseCron } from "../cron.ts";
import { DEMO_AGENTS, type DemoAgent } from "./agents.ts";
import { DEMO_SCHEDULES, DEMO_TRIGGERS, type DemoSchedule, type DemoTrigger } from "./automations.ts";

/**
 * The demo history as plain data, computed without a database: which runs happen when, and what the
 * simulated model answers. Everything derives from `now` and fixed keys, so the same `now` always
 * plans the same history.
 */

/** Keeps one schedule's history small enough for a fast seed; the schedule then "started" later. */
export const MAX_RUNS_PER_SCHEDULE = 250;
/** History stops a minute before `now` so every seeded run has finished by `now`. */
const SETTLE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A cuid-shaped id derived from a key: stable ids make dedupe keys, and so outcomes, reproducible. */
export function demoId(key: string): string {
  const random = seededRandom(`switchyard-demo-id\u0000${key}`);
  let id = "c";
  for (let i = 0; i < 24; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

export const scheduleId = (schedule: DemoSchedule) => demoId(`schedule:${schedule.agentSlug}:${schedule.name}`);
export const triggerId = (trigger: DemoTrigger) => demoId(`trigger:${trigger.agentSlug}:${trigger.name}`);
export const agentId = (slug: string) => demoId(`agent:${slug}`);

export function findDemoAgent(slug: string): DemoAgent {
  const agent = DEMO_AGENTS.find((candidate) => candidate.slug === slug);
  if (!agent) throw new Error(`Demo data names an unknown agent "${slug}"`);
  return agent;
}

export interface PlannedRun {
  agent: DemoAgent;
  source: "schedule" | "webhook" | "event" | "manual";
  /** The schedule or trigger that started the run. */
  triggerId: string;
  triggerEventId?: string;
  dedupeKey: string;
  input: Prisma.InputJsonValue;
  at: Date;
  completion: SimulatedCompletion;
  costUsd: number;
}

export interface PlannedDelivery {
  trigger: DemoTrigger;
  id: string;
  payload: Record<string, unknown>;
  run: PlannedRun;
}

/** Every occurrence of the cron in (start, end], newest first, at most `limit`. */
export function occurrencesBetween(cronExpr: string, start: Date, end: Date, limit = MAX_RUNS_PER_SCHEDULE): Date[] {
  const cron = parseCron(cronExpr, "UTC", new Date(end.getTime() + 1));
  const dates: Date[] = [];
  while (dates.length < limit) {
    const at = cron.prev().toDate();
    if (at <= start) break;
    dates.push(at);
  }
  return dates;
}

export function planScheduleRuns(schedule: DemoSchedule, now: Date, days: number): PlannedRun[] {
  const id = scheduleId(schedule);
  const agent = findDemoAgent(schedule.agentSlug);
  const end = new Date(now.getTime() - SETTLE_MS);
  return occurrencesBetween(schedule.cronExpr, new Date(now.getTime() - days * DAY_MS), end)
    .reverse()
    .map((at) => {
      const dedupeKey = `schedule:${id}:${at.toISOString()}`;
      return planRun(agent, { source: "schedule", triggerId: id, dedupeKey, input: { prompt: schedule.prompt }, at });
    });
}

/** Deliveries spread over the window, one per slot of 1/perDay days, at a seeded time in the slot. */
export function planTriggerDeliveries(trigger: DemoTrigger, now: Date, days: number): PlannedDelivery[] {
  const id = triggerId(trigger);
  const agent = findDemoAgent(trigger.agentSlug);
  const count = Math.round(trigger.perDay * days);
  const slotMs = (days * DAY_MS - SETTLE_MS) / count;
  const random = seededRandom(`switchyard-demo-deliveries\u0000${id}`);
  const start = now.getTime() - days * DAY_MS;
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(Math.floor((start + (index + random()) * slotMs) / 1000) * 1000);
    const deliveryId = demoId(`trigger-event:${id}:${at.toISOString()}`);
    const payload = trigger.payloads[index % trigger.payloads.length];
    const run = planRun(agent, {
      source: trigger.type,
      triggerId: id,
      triggerEventId: deliveryId,
      // The same key fireTrigger gives the run it dispatches for a TriggerEvent.
      dedupeKey: `trigger-event:${deliveryId}`,
      input: payload as Prisma.InputJsonObject,
      at,
    });
    return { trigger, id: deliveryId, payload, run };
  });
}

function planRun(agent: DemoAgent, run: Omit<PlannedRun, "agent" | "completion" | "costUsd">): PlannedRun {
  const completion = simulateCompletion({
    agentSlug: agent.slug,
    instructions: agent.instructions,
    prompt: promptFor(run.input),
    profile: agent.simulation,
    attemptKey: run.dedupeKey,
  });
  return { ...run, agent, completion, costUsd: costForTokens(agent.modelName, completion.promptTokens, completion.completionTokens) };
}

function promptFor(input: Prisma.InputJsonValue): string {
  const prompt = (input as { prompt?: unknown }).prompt;
  return typeof prompt === "string" ? prompt : JSON.stringify(input);
}

export interface DemoPlan {
  schedules: { schedule: DemoSchedule; id: string; runs: PlannedRun[] }[];
  triggers: { trigger: DemoTrigger; id: string; deliveries: PlannedDelivery[] }[];
}

export function planDemoHistory(now: Date, days: number): DemoPlan {
  return {
    schedules: DEMO_SCHEDULES.map((schedule) => ({ schedule, id: scheduleId(schedule), runs: planScheduleRuns(schedule, now, days) })),
    triggers: DEMO_TRIGGERS.map((trigger) => ({ trigger, id: triggerId(trigger), deliveries: planTriggerDeliveries(trigger, now, days) })),
  };
}
