import type { PrismaClient } from "@switchyard/database";
import { z } from "zod";
import type { OutboundPolicy } from "../workflows/outbound-policy.ts";

/** Every event the engines carry. Payloads carry ids, not records. */
export const EVENT_NAMES = {
  agentTriggerFire: "agent/trigger.fire",
  workflowTriggerFire: "workflow/trigger.fire",
  networkTriggerFire: "network/trigger.fire",
  /** A suspended workflow run continues (approve) or fails (reject) after a human decision. */
  workflowResume: "workflow/resume",
  /** A direct fire of an APPROVAL_REQUIRED agent runs after its approval (agents/risk-gate.ts). */
  agentResume: "agent/resume",
  campaignPlan: "campaign/plan",
  campaignExecute: "campaign/execute",
  missionApproved: "campaign/mission.approved",
  pulseEvaluate: "pulse/evaluate",
  schedulerTick: "scheduler/tick",
} as const;

export type EventName = (typeof EVENT_NAMES)[keyof typeof EVENT_NAMES];

/** Fires one entity (agent, workflow or network) once; `dedupeKey` makes redelivery create no second run. */
export const TriggerFirePayload = z.object({
  organizationId: z.string(),
  entityId: z.string(),
  source: z.enum(["api", "manual", "trigger", "webhook", "event", "schedule", "test", "retry", "demo", "campaign", "pulse"]),
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

/** A human decision on an approval request, routed to whatever the request was holding up. */
export const DecisionPayload = z.object({
  organizationId: z.string(),
  approvalId: z.string(),
  decision: z.enum(["approved", "rejected"]),
  notes: z.string().nullish(),
});
export type DecisionPayload = z.infer<typeof DecisionPayload>;

/** Payload of campaign/plan and campaign/execute. */
export const CampaignPayload = z.object({ organizationId: z.string(), campaignId: z.string() });
export type CampaignPayload = z.infer<typeof CampaignPayload>;

/** Payload of campaign/mission.approved. */
export const MissionApprovedPayload = CampaignPayload.extend({
  missionId: z.string(),
  decision: z.enum(["approved", "rejected"]),
  notes: z.string().nullish(),
});
export type MissionApprovedPayload = z.infer<typeof MissionApprovedPayload>;

/** Payload of pulse/evaluate. */
export const PulseEvaluatePayload = z.object({
  organizationId: z.string(),
  pulseId: z.string(),
  source: z.enum(["schedule", "manual", "api", "demo", "retry"]),
  dedupeKey: z.string(),
  /** Evaluate as of this time (the scheduled slot, or a simulated clock). */
  at: z.iso.datetime().optional(),
});
export type PulseEvaluatePayload = z.infer<typeof PulseEvaluatePayload>;

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
