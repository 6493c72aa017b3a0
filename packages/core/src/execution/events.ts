import { z } from "zod";

/** Every event the engines carry. Payloads carry ids, not records. */
export const EVENT_NAMES = {
  agentTriggerFire: "agent/trigger.fire",
  workflowTriggerFire: "workflow/trigger.fire",
  networkTriggerFire: "network/trigger.fire",
  schedulerTick: "scheduler/tick",
} as const;

export type EventName = (typeof EVENT_NAMES)[keyof typeof EVENT_NAMES];

/** Fires one entity (agent, workflow or network) once; `dedupeKey` makes redelivery create no second run. */
export const TriggerFirePayload = z.object({
  organizationId: z.string(),
  entityId: z.string(),
  source: z.enum(["api", "manual", "trigger", "webhook", "event", "schedule", "test", "retry", "demo"]),
  input: z.unknown(),
  triggerId: z.string().nullish(),
  triggerEventId: z.string().nullish(),
  dedupeKey: z.string(),
});
export type TriggerFirePayload = z.infer<typeof TriggerFirePayload>;

export interface EngineEvent<T = unknown> {
  /** Unique per logical event: engines deliver an id at most once to its handler's side effects. */
  id: string;
  name: EventName;
  data: T;
}

/** The two backends (local job table, Inngest) behind one interface. */
export interface ExecutionEngine {
  readonly kind: "local" | "inngest";
  send(events: EngineEvent | EngineEvent[]): Promise<void>;
}
