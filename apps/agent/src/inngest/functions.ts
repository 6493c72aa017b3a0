import { EVENT_NAMES, type EngineEvent, type EventName, type StepTools } from "@switchyard/core/execution/events";
import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { getDatabase } from "@switchyard/database";
import { NonRetriableError } from "inngest";
import { ZodError } from "zod";
import { inngest, inngestEngine } from "./client";

/**
 * Inngest functions are thin: each runs the same core handler the local worker runs, with Inngest's
 * step.run as its step tools. The Inngest run id is the worker id, so a retry of this run may resume
 * the agent run it claimed before failing.
 */
async function runCoreHandler(event: EngineEvent, step: { run: (id: string, fn: () => Promise<unknown>) => Promise<unknown> }, runId: string) {
  const { prisma } = await getDatabase();
  const handler = createEventHandlers({ db: prisma, workerId: `inngest:${runId}`, engine: inngestEngine })[event.name];
  if (!handler) throw new Error(`No handler registered for "${event.name}"`);
  const steps: StepTools = { run: <T>(id: string, fn: () => Promise<T>) => step.run(id, fn) as Promise<T> };
  try {
    return await handler(event, steps);
  } catch (error) {
    // A malformed payload stays malformed: retrying it would only repeat the failure.
    if (error instanceof ZodError) throw new NonRetriableError(`Invalid ${event.name} payload: ${error.message}`, { cause: error });
    throw error;
  }
}

/** One Inngest function per engine event; ids are stable because Inngest keys run history on them. */
function eventFunction(id: string, name: string, eventName: EventName) {
  return inngest.createFunction({ id, name, retries: 3, triggers: [{ event: eventName }] }, async ({ event, step, runId }) =>
    runCoreHandler({ id: event.id ?? runId, name: eventName, data: event.data }, step, runId),
  );
}

export const agentTriggerFire = eventFunction("agent-trigger-fire", "Agent trigger fire", EVENT_NAMES.agentTriggerFire);
export const agentResume = eventFunction("agent-resume", "Agent run resume after a decision", EVENT_NAMES.agentResume);
export const workflowTriggerFire = eventFunction("workflow-trigger-fire", "Workflow trigger fire", EVENT_NAMES.workflowTriggerFire);
export const workflowResume = eventFunction("workflow-resume", "Workflow resume after a decision", EVENT_NAMES.workflowResume);
export const networkTriggerFire = eventFunction("network-trigger-fire", "Network trigger fire", EVENT_NAMES.networkTriggerFire);
export const campaignPlan = eventFunction("campaign-plan", "Campaign plan", EVENT_NAMES.campaignPlan);
export const campaignExecute = eventFunction("campaign-execute", "Campaign execute", EVENT_NAMES.campaignExecute);
export const missionApproved = eventFunction("campaign-mission-approved", "Campaign mission decision", EVENT_NAMES.missionApproved);
export const pulseEvaluate = eventFunction("pulse-evaluate", "Pulse evaluation", EVENT_NAMES.pulseEvaluate);

export const schedulerTick = inngest.createFunction(
  { id: "scheduler-tick", name: "Scheduler tick", triggers: [{ cron: "* * * * *" }] },
  async ({ step, runId }) => runCoreHandler({ id: `scheduler-tick:${runId}`, name: EVENT_NAMES.schedulerTick, data: {} }, step, runId),
);

export const functions = [
  agentTriggerFire,
  agentResume,
  workflowTriggerFire,
  workflowResume,
  networkTriggerFire,
  campaignPlan,
  campaignExecute,
  missionApproved,
  pulseEvaluate,
  schedulerTick,
];
