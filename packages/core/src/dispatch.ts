import type { EntityType } from "@switchyard/database";
import { EVENT_NAMES, type EngineEvent, type EventName, type ExecutionEngine, type TriggerFirePayload } from "./execution/events.ts";

/**
 * The one dispatch table: entity type → the event that fires it. Webhooks, the event API, manual
 * execute, test fire and the scheduler all go through `dispatchFire`, so they cannot disagree.
 */
export const DISPATCH_TABLE: Record<EntityType, { event: EventName }> = {
  agent: { event: EVENT_NAMES.agentTriggerFire },
  workflow: { event: EVENT_NAMES.workflowTriggerFire },
  network: { event: EVENT_NAMES.networkTriggerFire },
};

export function fireEvent(entityType: EntityType, payload: TriggerFirePayload): EngineEvent<TriggerFirePayload> {
  return { id: payload.dedupeKey, name: DISPATCH_TABLE[entityType].event, data: payload };
}

export async function dispatchFire(engine: ExecutionEngine, entityType: EntityType, payload: TriggerFirePayload): Promise<void> {
  await engine.send(fireEvent(entityType, payload));
}
