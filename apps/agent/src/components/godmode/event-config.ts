/** Display configuration for the God Mode activity feed. Pure, shared by server and client. */

import type { RunState } from "@switchyard/core/activity/group-stats";
import { runDetailPath } from "@/components/runs/detail/run-api";
import {
  Activity,
  Ban,
  Bell,
  CalendarClock,
  CircleAlert,
  CircleCheck,
  CirclePause,
  CirclePlay,
  CirclePlus,
  CircleX,
  Flag,
  HeartPulse,
  Network,
  Scale,
  ShieldAlert,
  Target,
  Workflow,
  Zap,
  type LucideIcon,
} from "lucide-react";

export const ACTIVITY_EVENT_TYPES = [
  "AGENT_RUN_STARTED",
  "AGENT_RUN_COMPLETED",
  "AGENT_RUN_FAILED",
  "AGENT_RUN_CANCELLED",
  "WORKFLOW_STARTED",
  "WORKFLOW_COMPLETED",
  "WORKFLOW_FAILED",
  "WORKFLOW_CANCELLED",
  "WORKFLOW_SUSPENDED",
  "NETWORK_RUN_STARTED",
  "NETWORK_RUN_COMPLETED",
  "NETWORK_RUN_FAILED",
  "NETWORK_RUN_CANCELLED",
  "CAMPAIGN_CREATED",
  "CAMPAIGN_STARTED",
  "CAMPAIGN_COMPLETED",
  "CAMPAIGN_FAILED",
  "CAMPAIGN_CANCELLED",
  "MISSION_STARTED",
  "MISSION_COMPLETED",
  "MISSION_FAILED",
  "TASK_COMPLETED",
  "TASK_FAILED",
  "PULSE_EVALUATED",
  "APPROVAL_REQUESTED",
  "APPROVAL_DECIDED",
  "TRIGGER_FIRED",
  "SCHEDULE_FIRED",
  "HEALTH_POLICY_TRIGGERED",
  "ALERT",
] as const;
export type ActivityEventTypeValue = (typeof ACTIVITY_EVENT_TYPES)[number];

export interface EventTypeConfig {
  label: string;
  /** The feed's icon chip (lucide: headless browsers lack many unicode glyph fonts). */
  icon: LucideIcon;
  /** Tailwind classes for the icon chip. */
  chip: string;
  /** Tailwind class for the feed row's left accent. */
  accent: string;
}

const STARTED = { chip: "bg-sky-100 text-sky-700", accent: "border-l-sky-400" };
const COMPLETED = { chip: "bg-emerald-100 text-emerald-700", accent: "border-l-emerald-500" };
const FAILED = { chip: "bg-red-100 text-red-700", accent: "border-l-red-500" };
const WAITING = { chip: "bg-amber-100 text-amber-800", accent: "border-l-amber-500" };
const NEUTRAL = { chip: "bg-zinc-100 text-zinc-700", accent: "border-l-zinc-300" };
/** Stopped on request: neither a success nor a failure, so a muted grey rather than red. */
const CANCELLED = { chip: "bg-zinc-200 text-zinc-600", accent: "border-l-zinc-400" };
const SIGNAL = { chip: "bg-violet-100 text-violet-700", accent: "border-l-violet-400" };

export const EVENT_TYPE_CONFIG: Record<ActivityEventTypeValue, EventTypeConfig> = {
  AGENT_RUN_STARTED: { label: "Agent run started", icon: CirclePlay, ...STARTED },
  AGENT_RUN_COMPLETED: { label: "Agent run completed", icon: CircleCheck, ...COMPLETED },
  AGENT_RUN_FAILED: { label: "Agent run failed", icon: CircleX, ...FAILED },
  AGENT_RUN_CANCELLED: { label: "Agent run cancelled", icon: Ban, ...CANCELLED },
  WORKFLOW_STARTED: { label: "Workflow started", icon: Workflow, ...STARTED },
  WORKFLOW_COMPLETED: { label: "Workflow completed", icon: CircleCheck, ...COMPLETED },
  WORKFLOW_FAILED: { label: "Workflow failed", icon: CircleX, ...FAILED },
  WORKFLOW_CANCELLED: { label: "Workflow cancelled", icon: Ban, ...CANCELLED },
  WORKFLOW_SUSPENDED: { label: "Workflow suspended", icon: CirclePause, ...WAITING },
  NETWORK_RUN_STARTED: { label: "Network run started", icon: Network, ...STARTED },
  NETWORK_RUN_COMPLETED: { label: "Network run completed", icon: CircleCheck, ...COMPLETED },
  NETWORK_RUN_FAILED: { label: "Network run failed", icon: CircleX, ...FAILED },
  NETWORK_RUN_CANCELLED: { label: "Network run cancelled", icon: Ban, ...CANCELLED },
  CAMPAIGN_CREATED: { label: "Campaign created", icon: CirclePlus, ...NEUTRAL },
  CAMPAIGN_STARTED: { label: "Campaign started", icon: Flag, ...STARTED },
  CAMPAIGN_COMPLETED: { label: "Campaign completed", icon: CircleCheck, ...COMPLETED },
  CAMPAIGN_FAILED: { label: "Campaign failed", icon: CircleX, ...FAILED },
  CAMPAIGN_CANCELLED: { label: "Campaign cancelled", icon: Ban, ...CANCELLED },
  MISSION_STARTED: { label: "Mission started", icon: Target, ...STARTED },
  MISSION_COMPLETED: { label: "Mission completed", icon: CircleCheck, ...COMPLETED },
  MISSION_FAILED: { label: "Mission failed", icon: CircleX, ...FAILED },
  TASK_COMPLETED: { label: "Task completed", icon: CircleCheck, ...COMPLETED },
  TASK_FAILED: { label: "Task failed", icon: CircleX, ...FAILED },
  PULSE_EVALUATED: { label: "Pulse evaluated", icon: HeartPulse, ...SIGNAL },
  APPROVAL_REQUESTED: { label: "Approval requested", icon: Bell, ...WAITING },
  APPROVAL_DECIDED: { label: "Approval decided", icon: Scale, ...NEUTRAL },
  TRIGGER_FIRED: { label: "Trigger fired", icon: Zap, ...SIGNAL },
  SCHEDULE_FIRED: { label: "Schedule fired", icon: CalendarClock, ...SIGNAL },
  HEALTH_POLICY_TRIGGERED: { label: "Health policy triggered", icon: ShieldAlert, ...WAITING },
  ALERT: { label: "Alert", icon: CircleAlert, ...FAILED },
};

const FALLBACK_CONFIG: EventTypeConfig = { label: "Event", icon: Activity, ...NEUTRAL };

export function eventTypeConfig(type: string): EventTypeConfig {
  return EVENT_TYPE_CONFIG[type as ActivityEventTypeValue] ?? { ...FALLBACK_CONFIG, label: type };
}

/** The type filter pills: each maps to the event types it shows. */
export const TYPE_FILTERS = [
  { id: "agents", label: "Agents", types: ["AGENT_RUN_STARTED", "AGENT_RUN_COMPLETED", "AGENT_RUN_FAILED", "AGENT_RUN_CANCELLED"] },
  { id: "workflows", label: "Workflows", types: ["WORKFLOW_STARTED", "WORKFLOW_COMPLETED", "WORKFLOW_FAILED", "WORKFLOW_CANCELLED", "WORKFLOW_SUSPENDED"] },
  { id: "networks", label: "Networks", types: ["NETWORK_RUN_STARTED", "NETWORK_RUN_COMPLETED", "NETWORK_RUN_FAILED", "NETWORK_RUN_CANCELLED"] },
  {
    id: "campaigns",
    label: "Campaigns",
    types: [
      "CAMPAIGN_CREATED",
      "CAMPAIGN_STARTED",
      "CAMPAIGN_COMPLETED",
      "CAMPAIGN_FAILED",
      "CAMPAIGN_CANCELLED",
      "MISSION_STARTED",
      "MISSION_COMPLETED",
      "MISSION_FAILED",
      "TASK_COMPLETED",
      "TASK_FAILED",
    ],
  },
  { id: "approvals", label: "Approvals", types: ["APPROVAL_REQUESTED", "APPROVAL_DECIDED"] },
  { id: "triggers", label: "Triggers & schedules", types: ["TRIGGER_FIRED", "SCHEDULE_FIRED"] },
  { id: "pulse", label: "Pulse", types: ["PULSE_EVALUATED"] },
  { id: "alerts", label: "Alerts", types: ["ALERT", "HEALTH_POLICY_TRIGGERED"] },
] as const satisfies readonly { id: string; label: string; types: readonly ActivityEventTypeValue[] }[];
export type TypeFilterId = (typeof TYPE_FILTERS)[number]["id"];

export interface GodmodeFilters {
  type?: TypeFilterId;
  q?: string;
  /** The open chain inspector: "campaign:<id>", "workflow:<id>", "network:<id>" or "run:<id>". */
  chain?: string;
}

export function parseGodmodeFilters(params: URLSearchParams): GodmodeFilters {
  const type = params.get("type");
  const q = params.get("q")?.trim();
  const chain = params.get("chain");
  return {
    type: TYPE_FILTERS.some((filter) => filter.id === type) ? (type as TypeFilterId) : undefined,
    q: q ? q.slice(0, 200) : undefined,
    chain: chain && parseChainRef(chain) ? chain : undefined,
  };
}

export function godmodeFiltersToSearchParams(filters: GodmodeFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.type) params.set("type", filters.type);
  if (filters.q) params.set("q", filters.q);
  if (filters.chain) params.set("chain", filters.chain);
  return params;
}

/** The API's `type` parameter for a filter pill, or undefined for All. */
export function typesForFilter(id: TypeFilterId | undefined): string | undefined {
  const filter = TYPE_FILTERS.find((candidate) => candidate.id === id);
  return filter ? filter.types.join(",") : undefined;
}

export type ChainKind = "campaign" | "workflow" | "network" | "run";
export interface ChainRef {
  kind: ChainKind;
  id: string;
}

export function parseChainRef(value: string): ChainRef | null {
  const match = /^(campaign|workflow|network|run):([A-Za-z0-9_-]{1,64})$/.exec(value);
  return match ? { kind: match[1] as ChainKind, id: match[2] } : null;
}

/** The API URL that loads a chain: campaigns have their own endpoint, the rest share trace-chain. */
export function chainUrl(ref: ChainRef): string {
  const id = encodeURIComponent(ref.id);
  switch (ref.kind) {
    case "campaign":
      return `/api/godmode/campaign-chain?campaignId=${id}`;
    case "workflow":
      return `/api/godmode/trace-chain?workflowRunId=${id}`;
    case "network":
      return `/api/godmode/trace-chain?networkRunId=${id}`;
    case "run":
      return `/api/godmode/trace-chain?runId=${id}`;
  }
}

/** The chain an event opens: its campaign, network run, workflow run or agent run, in that order. */
export function chainRefOfEvent(event: {
  campaignId: string | null;
  networkRunId: string | null;
  workflowRunId: string | null;
  runId: string | null;
}): ChainRef | null {
  if (event.campaignId) return { kind: "campaign", id: event.campaignId };
  if (event.networkRunId) return { kind: "network", id: event.networkRunId };
  if (event.workflowRunId) return { kind: "workflow", id: event.workflowRunId };
  if (event.runId) return { kind: "run", id: event.runId };
  return null;
}

/** The run detail page an event belongs to: its agent run first, then workflow run, network run, campaign. */
export function runHrefOfEvent(event: {
  runId: string | null;
  workflowRunId: string | null;
  networkRunId: string | null;
  campaignId: string | null;
}): string | null {
  if (event.runId) return runDetailPath("agent", event.runId);
  if (event.workflowRunId) return runDetailPath("workflow", event.workflowRunId);
  if (event.networkRunId) return runDetailPath("network", event.networkRunId);
  if (event.campaignId) return runDetailPath("campaign", event.campaignId);
  return null;
}

export type GroupState = RunState;

/** How a group's state reads: badge tone and the row's left accent. */
export const GROUP_STATE_DISPLAY: Record<
  GroupState | "unknown",
  { label: string; tone: "info" | "warning" | "success" | "danger" | "neutral"; accent: string }
> = {
  running: { label: "Running", tone: "info", accent: "border-l-sky-400" },
  waiting: { label: "Waiting", tone: "warning", accent: "border-l-amber-500" },
  completed: { label: "Completed", tone: "success", accent: "border-l-emerald-500" },
  failed: { label: "Failed", tone: "danger", accent: "border-l-red-500" },
  cancelled: { label: "Cancelled", tone: "neutral", accent: "border-l-zinc-400" },
  unknown: { label: "Unknown", tone: "neutral", accent: "border-l-zinc-300" },
};
