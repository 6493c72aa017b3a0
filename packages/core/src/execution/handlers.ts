import { z } from "zod";
import { applyAgentDecision } from "../agents/risk-gate.ts";
import { executeAgentRun, runAgentFire } from "../agents/runtime.ts";
import { createCampaignHandlers } from "../campaigns/runtime.ts";
import { createNetworkHandlers } from "../networks/runtime.ts";
import { createPulseHandlers } from "../pulses/handlers.ts";
import { createWorkflowHandlers } from "../workflows/handlers.ts";
import { pruneExpiredHistory, RETENTION_EVERY_MINUTES } from "../retention/prune.ts";
import { tickAllSchedules } from "../scheduler.ts";
import { DecisionPayload, EVENT_NAMES, TriggerFirePayload, type EventHandlerDeps, type EventHandlers } from "./events.ts";
import { createLocalEngine } from "./local-engine.ts";

const SchedulerTickPayload = z.object({ now: z.iso.datetime().optional() }).nullish();

/**
 * The registry: the one handler per event, run by the local worker and by the Inngest functions
 * alike. It is the only module that imports the runtimes; they import only the handler types (./events.ts).
 */
export function createEventHandlers(deps: EventHandlerDeps): EventHandlers {
  const engine = deps.engine ?? createLocalEngine(deps.db);
  const withEngine = { ...deps, engine };
  return {
    ...createWorkflowHandlers(withEngine),
    ...createNetworkHandlers(withEngine),
    ...createCampaignHandlers(withEngine),
    ...createPulseHandlers(withEngine),
    [EVENT_NAMES.agentTriggerFire]: async (event, step) => {
      const payload = TriggerFirePayload.parse(event.data);
      const run = await step.run("run-agent", () => runAgentFire(deps.db, payload, { workerId: deps.workerId, sleep: deps.sleep }));
      return { agentRunId: run.id, status: run.status };
    },
    [EVENT_NAMES.agentResume]: async (event, step) => {
      const payload = DecisionPayload.parse(event.data);
      const decided = await step.run("apply-decision", () => applyAgentDecision(deps.db, payload));
      if (!decided.request) return { agentRunId: decided.agentRunId, status: decided.status };
      const { request } = decided;
      const run = await step.run("run-agent", () => executeAgentRun(deps.db, request, { workerId: deps.workerId, sleep: deps.sleep }));
      return { agentRunId: run.id, status: run.status };
    },
    [EVENT_NAMES.schedulerTick]: async (event, step) => {
      const payload = SchedulerTickPayload.parse(event.data);
      const now = payload?.now ? new Date(payload.now) : new Date();
      const { fired } = await step.run("fire-due-schedules", () => tickAllSchedules(deps.db, engine, now));
      // Retention runs with every tenth tick: a bounded pass, so a backlog is worked off over several ticks.
      if (now.getUTCMinutes() % RETENTION_EVERY_MINUTES === 0) {
        const pruned = await step.run("prune-history", () => pruneExpiredHistory(deps.db, { now }));
        return { fired, pruned: pruned.deleted, pruneHasMore: pruned.hasMore };
      }
      return { fired };
    },
  };
}
