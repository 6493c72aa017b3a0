import type { TriggerEventItem } from "@switchyard/core/runs/triggers-feed";
import type { BadgeTone } from "@switchyard/ui/components";
import { runDetailPath } from "../runs/detail/run-api";
import type { RunKindValue } from "../runs/run-filters";

/** Reading a trigger event for the triggers table. Pure: the table renders what these return. */

export interface LinkedRun {
  kind: RunKindValue;
  id: string;
  status: string;
  href: string;
}

/** The runs an event started, in the order the engine starts them (a campaign is its own run). */
export function linkedRuns(event: TriggerEventItem): LinkedRun[] {
  const runs: { kind: RunKindValue; run: { id: string; status: string } | null }[] = [
    { kind: "agent", run: event.agentRun },
    { kind: "workflow", run: event.workflowRun },
    { kind: "network", run: event.networkRun },
    { kind: "campaign", run: event.campaign },
  ];
  return runs.flatMap(({ kind, run }) => (run ? [{ kind, id: run.id, status: run.status, href: runDetailPath(kind, run.id) }] : []));
}

/** The trigger (agent, workflow or network trigger, or campaign trigger) an event came through. */
export function eventTrigger(event: TriggerEventItem): { id: string; name: string; type: string } | null {
  if (event.trigger) return { id: event.trigger.id, name: event.trigger.name, type: event.trigger.type };
  if (event.campaignTrigger) return { id: event.campaignTrigger.id, name: event.campaignTrigger.name, type: "event" };
  return null;
}

/** What the event targets: the primitive's kind and name. */
export function eventPrimitive(event: TriggerEventItem): { kind: RunKindValue; name: string; slug: string | null } | null {
  if (event.workflow) return { kind: "workflow", name: event.workflow.name, slug: event.workflow.slug };
  if (event.network) return { kind: "network", name: event.network.name, slug: event.network.slug };
  if (event.agent) return { kind: "agent", name: event.agent.name, slug: event.agent.slug };
  if (event.campaign) return { kind: "campaign", name: event.campaign.name, slug: null };
  return null;
}

/** Where the delivery arrived: a webhook's URL path or an event's name. */
export function eventOrigin(event: TriggerEventItem): string | null {
  const path = event.trigger?.webhookPath;
  if (event.source === "webhook" && path) return path.startsWith("/") ? path : `/api/webhooks/${path}`;
  return event.eventName ?? event.campaignTrigger?.eventName ?? null;
}

const EVENT_STATUS_STYLES: Record<string, { label: string; tone: BadgeTone }> = {
  RECEIVED: { label: "Received", tone: "neutral" },
  DISPATCHED: { label: "Dispatched", tone: "info" },
  FIRED: { label: "Fired", tone: "success" },
  FILTERED: { label: "Filtered", tone: "warning" },
  FAILED: { label: "Failed", tone: "danger" },
};

export function eventStatusStyle(status: string): { label: string; tone: BadgeTone } {
  return EVENT_STATUS_STYLES[status] ?? { label: status, tone: "neutral" };
}
