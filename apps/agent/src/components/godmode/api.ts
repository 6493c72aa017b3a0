import { requestJson } from "@/components/schedule/api";
import { OUTCOME_TYPES, chainUrl, type ChainRef } from "./event-config";

/** An activity event as the API sends it (dates as ISO strings). */
export interface ActivityEventRow {
  id: string;
  type: string;
  title: string;
  description: string | null;
  status: string | null;
  agentId: string | null;
  agentSlug: string | null;
  runId: string | null;
  workflowRunId: string | null;
  networkRunId: string | null;
  campaignId: string | null;
  missionId: string | null;
  pulseId: string | null;
  triggerId: string | null;
  approvalId: string | null;
  costUsd: number | null;
  durationMs: number | null;
  totalTokens: number | null;
  createdAt: string;
}

export interface ActivityListResponse {
  events: ActivityEventRow[];
  nextCursor: string | null;
}

export interface ActivityGroupStats {
  total: number;
  completed: number;
  failed: number;
  running: number;
  totalCost: number;
  totalDuration: number;
}

export interface ActivityGroup {
  key: string;
  type: "campaign" | "network" | "workflow";
  latestAt: string;
  rootEvent: ActivityEventRow | null;
  children: ActivityEventRow[];
  childrenTruncated: boolean;
  stats: ActivityGroupStats;
}

export interface GroupedActivityResponse {
  groups: ActivityGroup[];
  ungrouped: ActivityEventRow[];
  nextCursor: string | null;
}

export interface CausalNode {
  id: string;
  kind: string;
  label: string;
  status: string;
  costUsd: number;
  durationMs: number | null;
  startedAt: string | null;
  children: CausalNode[];
}

export const FEED_LIMIT = 60;
export const GROUP_LIMIT = 25;
export const HEALTH_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HEALTH_LIMIT = 200;

export function feedUrl(types: string | undefined, q: string | undefined): string {
  const params = new URLSearchParams({ limit: String(FEED_LIMIT) });
  if (types) params.set("type", types);
  if (q) params.set("search", q);
  return `/api/activity?${params}`;
}

export function groupsUrl(types: string | undefined, q: string | undefined): string {
  const params = new URLSearchParams({ grouped: "true", limit: String(GROUP_LIMIT) });
  if (types) params.set("type", types);
  if (q) params.set("search", q);
  return `/api/activity?${params}`;
}

/** The last 24 hours of outcome events (completions and failures), for the health bar. */
export function healthUrl(now: number): string {
  const params = new URLSearchParams({ limit: String(HEALTH_LIMIT), type: OUTCOME_TYPES.join(","), from: new Date(now - HEALTH_WINDOW_MS).toISOString() });
  return `/api/activity?${params}`;
}

export const godmodeKeys = {
  feed: (types: string | undefined, q: string | undefined) => ["godmode", "feed", types ?? "all", q ?? ""] as const,
  groups: (types: string | undefined, q: string | undefined) => ["godmode", "groups", types ?? "all", q ?? ""] as const,
  health: ["godmode", "health"] as const,
  chain: (ref: ChainRef) => ["godmode", "chain", ref.kind, ref.id] as const,
};

export const fetchFeed = (types: string | undefined, q: string | undefined, signal?: AbortSignal) => requestJson<ActivityListResponse>(feedUrl(types, q), { signal });
export const fetchGroups = (types: string | undefined, q: string | undefined, signal?: AbortSignal) =>
  requestJson<GroupedActivityResponse>(groupsUrl(types, q), { signal });
export const fetchHealth = (signal?: AbortSignal) => requestJson<ActivityListResponse>(healthUrl(Date.now()), { signal });
export const fetchChain = (ref: ChainRef, signal?: AbortSignal) => requestJson<{ chain: CausalNode }>(chainUrl(ref), { signal });
