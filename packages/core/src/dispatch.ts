import type { EntityType } from "@switchyard/database";
import {
  EVENT_NAMES,
  type CampaignPayload,
  type EngineEvent,
  type EventName,
  type ExecutionEngine,
  type PulseEvaluatePayload,
  type TriggerFirePayload,
} from "./execution/events.ts";
import type { RunKind } from "./runs/unified.ts";

/**
 * The one dispatch table: run kind → the event that starts a run of it. Webhooks, the event API,
 * manual execute, test fire, retry and the scheduler all go through it, so they cannot disagree.
 */
export const DISPATCH_TABLE = {
  agent: { event: EVENT_NAMES.agentTriggerFire },
  workflow: { event: EVENT_NAMES.workflowTriggerFire },
  network: { event: EVENT_NAMES.networkTriggerFire },
  campaign: { event: EVENT_NAMES.campaignPlan },
  pulse: { event: EVENT_NAMES.pulseEvaluate },
} as const satisfies Record<RunKind, { event: EventName }>;

/** What each kind's start event carries: ids, never records. */
interface DispatchPayloads {
  agent: TriggerFirePayload;
  workflow: TriggerFirePayload;
  network: TriggerFirePayload;
  campaign: CampaignPayload;
  pulse: PulseEvaluatePayload;
}

/** The event that starts a run of `kind` (for callers that send many at once). */
export function dispatchEvent<K extends RunKind>(kind: K, id: string, data: DispatchPayloads[K]): EngineEvent<DispatchPayloads[K]> {
  return { id, name: DISPATCH_TABLE[kind].event, data };
}

/** The event that fires an agent, workflow or network; the dedupe key is the event id. */
export function fireEvent(entityType: EntityType, payload: TriggerFirePayload): EngineEvent<TriggerFirePayload> {
  return dispatchEvent(entityType, payload.dedupeKey, payload);
}

/** Sends the event that starts a run of `kind`; the engines deliver an `id` once, so a resend is harmless. */
export async function dispatchRun<K extends RunKind>(engine: ExecutionEngine, kind: K, id: string, data: DispatchPayloads[K]): Promise<void> {
  await engine.send(dispatchEvent(kind, id, data));
}

/** Fires an agent, workflow or network (a trigger's or schedule's entity); the dedupe key is the event id. */
export async function dispatchFire(engine: ExecutionEngine, entityType: EntityType, payload: TriggerFirePayload): Promise<void> {
  await engine.send(fireEvent(entityType, payload));
}
