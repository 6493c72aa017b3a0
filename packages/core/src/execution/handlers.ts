import type { PrismaClient } from "@switchyard/database";
import { z } from "zod";
import { runAgentFire } from "../agents/runtime.ts";
import { createCampaignHandlers } from "../campaigns/runtime.ts";
import { createNetworkHandlers } from "../networks/runtime.ts";
import { createPulseHandlers } from "../pulses/handlers.ts";
import { createWorkflowHandlers } from "../workflows/handlers.ts";
import type { OutboundPolicy } from "../workflows/outbound-policy.ts";
import { tickAllSchedules } from "../scheduler.ts";
import { EVENT_NAMES, TriggerFirePayload, type EngineEvent, type EventName, type ExecutionEngine } from "./events.ts";
import { createLocalEngine } from "./local-engine.ts";

/**
 * Inngest's `step.run`, as both engines provide it: a finished step is not run again when the
 * handler is retried; its result is returned as it was stored (JSON).
 */
export interface StepTools {
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

export type EventHandler = (event: EngineEvent, step: StepTools) => Promise<unknown>;
export type EventHandlers = Partial<Record<EventName, EventHandler>>;

export interface EventHandlerDeps {
  db: PrismaClient;
  workerId: string;
  sleep?: (ms: number) => Promise<void>;
  /** Where the scheduler dispatches fires; the local engine on `db` unless given. */
  engine?: ExecutionEngine;
  /** Which targets workflow `http` steps may reach; read from the SWITCHYARD_HTTP_* settings unless given. */
  outboundPolicy?: OutboundPolicy;
}

const SchedulerTickPayload = z.object({ now: z.iso.datetime().optional() }).nullish();

/** The one handler per event, run by the local worker and by the Inngest functions alike. */
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
    [EVENT_NAMES.schedulerTick]: async (event, step) => {
      const payload = SchedulerTickPayload.parse(event.data);
      const now = payload?.now ? new Date(payload.now) : new Date();
      const { fired } = await step.run("fire-due-schedules", () => tickAllSchedules(deps.db, engine, now));
      return { fired };
    },
  };
}
